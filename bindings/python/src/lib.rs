//! Python bindings for ona: the `ona._ona` extension module.
//!
//! Shims only: each export converts its arguments ([`convert`]), calls
//! `ona-core` through [`runtime::run`] (GIL released, signals and progress
//! forwarded, on this process's own pool) and maps errors ([`errors`]).
#![allow(unsafe_code)] // PyO3's macros expand to unsafe blocks; our own unsafe is in `arrow`.

mod arrow;
mod cache;
mod centrality;
mod community;
mod convert;
mod engine;
mod errors;
mod graph;
mod kafka;
mod neo4j;
mod ona;
mod ona_convert;
mod ona_diff;
mod ona_pack;
mod ona_ties;
mod ona_view;
mod paths;
mod runtime;
mod store;
mod structure;

use pyo3::prelude::*;

/// Threads of this process's pool (``ONA_NUM_THREADS`` or the core count
/// unless ``set_num_threads`` changed it).
#[pyfunction]
fn get_num_threads(py: Python<'_>) -> PyResult<usize> {
    errors::guard(py, || Ok(runtime::base_exec(py)?.threads()))
}

/// Rebuild this process's pool with ``n`` threads (0 = one per core).
#[pyfunction]
fn set_num_threads(py: Python<'_>, n: usize) -> PyResult<()> {
    errors::guard(py, || runtime::set_threads(py, n))
}

/// Test failpoint: panic on the calling thread ('caller') or on a pool
/// thread ('worker'); must surface as ``ona.InternalError``.
#[pyfunction]
fn _test_panic(py: Python<'_>, place: &str) -> PyResult<()> {
    errors::guard(py, || runtime::test_panic(py, place))
}

/// Test failpoint: raise the core error whose stable code is ``code``
/// (e.g. ``"ONA_TOO_LARGE"``), through the same mapping as every call.
#[pyfunction]
fn _test_raise(py: Python<'_>, code: &str) -> PyResult<()> {
    use ona_core::{Error, WeightProblem};
    let all = [
        Error::NodeOutOfRange {
            node: 7,
            node_count: 3,
        },
        Error::UnknownNode { id: "x".into() },
        Error::InvalidWeight {
            edge: 1,
            weight: f64::NAN,
            problem: WeightProblem::NotANumber,
        },
        Error::TooLarge {
            what: "nodes",
            count: 1 << 33,
            limit: u64::from(u32::MAX),
        },
        Error::LengthMismatch {
            what: "dst",
            expected: 2,
            found: 3,
        },
        Error::DuplicateEdge {
            edge: 1,
            src: 0,
            dst: 1,
        },
        Error::SelfLoop { edge: 0, node: 0 },
        Error::invalid_param("alpha", 2, "a damping factor in [0, 1]"),
        Error::EmptyGraph { operation: "test" },
        Error::NotConverged {
            algorithm: "test",
            iterations: 1,
            tolerance: 1e-9,
        },
        Error::Unsupported {
            operation: "test",
            graph_kind: "directed",
        },
        Error::Cancelled,
        Error::DeadlineExceeded,
        Error::ThreadPool {
            threads: 2,
            reason: "test".into(),
        },
        Error::ResourceExhausted {
            what: "test",
            bytes: 1 << 40,
        },
    ];
    match all.iter().find(|e| e.kind().code() == code) {
        Some(e) => Err(errors::to_py(py, e)),
        None => Err(errors::invalid(
            py,
            format!("no core error with code {code:?}"),
        )),
    }
}

/// Test helper: sleep ``seconds`` inside ona (GIL released, cancellable by
/// Ctrl-C / timeout every 10 ms, reporting progress phase "sleep").
#[pyfunction]
#[pyo3(signature = (seconds, *, progress=None, timeout=None))]
fn _test_sleep(
    py: Python<'_>,
    seconds: f64,
    progress: Option<Bound<'_, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<()> {
    errors::guard(py, || {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        // a test helper's step count
        let steps = (seconds.max(0.0) * 100.0).ceil() as u64;
        runtime::run(py, runtime::CallOpts::new(progress, timeout), |exec| {
            let t = exec.tracker("sleep", steps);
            for _ in 0..steps {
                std::thread::sleep(std::time::Duration::from_millis(10));
                t.advance(1)?;
            }
            Ok(())
        })
    })
}

#[pymodule(gil_used = false)]
fn _ona(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<graph::PyGraph>()?;
    m.add_class::<engine::PyEngine>()?;
    m.add_class::<engine::PyTenant>()?;
    m.add_class::<cache::PyResultCache>()?;
    m.add_class::<neo4j::PyNeo4j>()?;
    m.add_class::<kafka::PyKafkaProducer>()?;
    m.add_class::<kafka::PyKafkaWorker>()?;
    m.add_function(wrap_pyfunction!(kafka::create_kafka_topic, m)?)?;
    m.add_function(wrap_pyfunction!(kafka::read_kafka_topic, m)?)?;
    m.add_class::<ona_pack::PyMetricPack>()?;
    m.add_class::<ona_diff::PyTemporalDiff>()?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_test_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_test_sleep, m)?)?;
    m.add_function(wrap_pyfunction!(_test_raise, m)?)?;
    use centrality as c;
    for f in [
        wrap_pyfunction!(c::pagerank, m)?,
        wrap_pyfunction!(c::betweenness_centrality, m)?,
        wrap_pyfunction!(c::approximate_betweenness_centrality, m)?,
        wrap_pyfunction!(c::edge_betweenness_centrality, m)?,
        wrap_pyfunction!(c::closeness_centrality, m)?,
        wrap_pyfunction!(c::harmonic_centrality, m)?,
        wrap_pyfunction!(c::eigenvector_centrality, m)?,
        wrap_pyfunction!(c::katz_centrality, m)?,
        wrap_pyfunction!(c::hits, m)?,
        wrap_pyfunction!(c::degree, m)?,
        wrap_pyfunction!(c::in_degree, m)?,
        wrap_pyfunction!(c::out_degree, m)?,
        wrap_pyfunction!(c::degree_centrality, m)?,
        wrap_pyfunction!(c::in_degree_centrality, m)?,
        wrap_pyfunction!(c::out_degree_centrality, m)?,
    ] {
        m.add_function(f)?;
    }
    use structure as s;
    for f in [
        wrap_pyfunction!(s::triangles, m)?,
        wrap_pyfunction!(s::clustering, m)?,
        wrap_pyfunction!(s::average_clustering, m)?,
        wrap_pyfunction!(s::transitivity, m)?,
        wrap_pyfunction!(s::core_number, m)?,
        wrap_pyfunction!(s::connected_components, m)?,
        wrap_pyfunction!(s::weakly_connected_components, m)?,
        wrap_pyfunction!(s::strongly_connected_components, m)?,
        wrap_pyfunction!(s::number_connected_components, m)?,
        wrap_pyfunction!(s::number_weakly_connected_components, m)?,
        wrap_pyfunction!(s::number_strongly_connected_components, m)?,
    ] {
        m.add_function(f)?;
    }
    use community as cm;
    for f in [
        wrap_pyfunction!(cm::louvain_communities, m)?,
        wrap_pyfunction!(cm::louvain_partitions, m)?,
        wrap_pyfunction!(cm::leiden_communities, m)?,
        wrap_pyfunction!(cm::asyn_lpa_communities, m)?,
        wrap_pyfunction!(cm::label_propagation_communities, m)?,
        wrap_pyfunction!(cm::modularity, m)?,
        wrap_pyfunction!(cm::partition_quality, m)?,
        wrap_pyfunction!(cm::community_graph, m)?,
        wrap_pyfunction!(cm::normalized_mutual_information, m)?,
        wrap_pyfunction!(cm::adjusted_rand_index, m)?,
        wrap_pyfunction!(cm::variation_of_information, m)?,
    ] {
        m.add_function(f)?;
    }
    for f in [
        wrap_pyfunction!(store::read_snapshot, m)?,
        wrap_pyfunction!(store::read_edges, m)?,
        wrap_pyfunction!(store::write_results, m)?,
    ] {
        m.add_function(f)?;
    }
    use paths as p;
    for f in [
        wrap_pyfunction!(p::shortest_path_length, m)?,
        wrap_pyfunction!(p::shortest_path, m)?,
        wrap_pyfunction!(p::single_source_shortest_path_length, m)?,
        wrap_pyfunction!(p::single_source_dijkstra_path_length, m)?,
        wrap_pyfunction!(p::bfs_distances, m)?,
        wrap_pyfunction!(p::k_hop, m)?,
        wrap_pyfunction!(p::ego_graph, m)?,
    ] {
        m.add_function(f)?;
    }
    use ona as o;
    for f in [
        wrap_pyfunction!(o::with_node_attribute, m)?,
        wrap_pyfunction!(o::node_attribute, m)?,
        wrap_pyfunction!(o::node_attribute_names, m)?,
        wrap_pyfunction!(o::constraint, m)?,
        wrap_pyfunction!(o::effective_size, m)?,
        wrap_pyfunction!(o::efficiency, m)?,
        wrap_pyfunction!(o::hierarchy, m)?,
        wrap_pyfunction!(o::structural_holes, m)?,
        wrap_pyfunction!(o::reciprocity, m)?,
        wrap_pyfunction!(o::overall_reciprocity, m)?,
        wrap_pyfunction!(o::bridges, m)?,
        wrap_pyfunction!(o::articulation_points, m)?,
        wrap_pyfunction!(o::cut_off, m)?,
        wrap_pyfunction!(o::ei_index, m)?,
        wrap_pyfunction!(o::cross_group_share, m)?,
        wrap_pyfunction!(o::group_mixing, m)?,
        wrap_pyfunction!(o::attribute_assortativity_coefficient, m)?,
        wrap_pyfunction!(o::brokerage, m)?,
        wrap_pyfunction!(o::spring_layout, m)?,
        wrap_pyfunction!(ona_ties::ties, m)?,
        wrap_pyfunction!(ona_ties::tie_profile, m)?,
        wrap_pyfunction!(ona_ties::two_step_reach, m)?,
        wrap_pyfunction!(ona_ties::reach_share, m)?,
        wrap_pyfunction!(ona_ties::ego_summaries, m)?,
        wrap_pyfunction!(ona_ties::collaboration_overload, m)?,
        wrap_pyfunction!(ona_ties::gini, m)?,
        wrap_pyfunction!(ona_ties::pseudonymize, m)?,
        wrap_pyfunction!(ona_pack::metric_pack, m)?,
        wrap_pyfunction!(ona_diff::temporal_diff, m)?,
        wrap_pyfunction!(ona_view::simplify_for_view, m)?,
        wrap_pyfunction!(ona_view::suppressed_groups, m)?,
        wrap_pyfunction!(ona_view::group_sizes, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}

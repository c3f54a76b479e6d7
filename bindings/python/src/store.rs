//! Files: snapshots (`read_snapshot`, `Graph.write_snapshot`) and tables
//! (`read_edges`, `write_results`), each a shim over `ona-store`.

use std::path::{Path, PathBuf};

use ona_core::Exec;
use ona_store::snapshot::{Meta, Snapshot};
use ona_store::table::{EdgeOptions, read_graph, write_results as store_write_results};
use pyo3::prelude::*;

use crate::convert::{self, ResultValues, WeightColumnArg};
use crate::errors::{guard, invalid_type};
use crate::graph::{PyGraph, duplicate_policy, self_loop_policy};
use crate::runtime::{CallOpts, run_store};

/// Manifest key under which a snapshot keeps `Graph.weight_name`.
const WEIGHT_NAME: &str = "python.weight_name";

/// Read and validate the snapshot file at ``path`` (written by
/// ``Graph.write_snapshot``, ``ona import`` or any ona writer).
///
/// Every checksum, bound and invariant is checked before the graph is used:
/// a damaged file raises ``ona.CorruptSnapshotError`` naming the section, a
/// file from a newer ona ``ona.UnsupportedVersionError``, a missing one
/// ``ona.OnaOSError``. The snapshot's compressed adjacency is decompressed
/// into an ordinary in-memory ``Graph`` (the same type ``Graph.from_edges``
/// builds), so the file is not kept open or mapped afterwards.
#[pyfunction]
#[pyo3(signature = (path, *, progress=None, timeout=None))]
pub(crate) fn read_snapshot(
    py: Python<'_>,
    path: PathBuf,
    progress: Option<Bound<'_, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<PyGraph> {
    guard(py, || {
        let (g, weight_name) = run_store(py, CallOpts::new(progress, timeout), |exec| {
            let snapshot = Snapshot::read(&path, exec)?;
            let name = snapshot.manifest().get(WEIGHT_NAME).cloned();
            Ok((snapshot.graph().decompress(exec), name))
        })?;
        Ok(PyGraph::wrap(
            g,
            weight_name.unwrap_or_else(|| "weight".into()),
        ))
    })
}

/// `Graph.write_snapshot`: compress, encode, write crash-safely; the bytes written.
pub(crate) fn write_snapshot(
    py: Python<'_>,
    graph: &PyGraph,
    path: &Path,
    opts: CallOpts<'_>,
) -> PyResult<u64> {
    let g = &graph.g;
    let mut meta = Meta::default();
    meta.manifest
        .insert(WEIGHT_NAME.into(), graph.weight_name.clone());
    run_store(py, opts, |exec: &Exec| {
        ona_store::snapshot::write_file(path, &g.compress(exec), &meta, exec)
    })
}

/// Read an edge table (CSV / TSV with a header row, Parquet or Arrow IPC;
/// format by extension, else by content) and, optionally, a node table
/// into a ``Graph``.
///
/// Columns: ``source`` / ``target`` name the id columns (default ``source``,
/// ``src`` or ``from``, else the first column, and ``target``, ``dst`` or
/// ``to``, else the next); ``weight`` names the weight column, ``False``
/// reads no weights, ``None`` (default) uses a column called ``weight`` if
/// there is one. Ids are integers if every id is a canonical non-negative
/// integer, otherwise strings (numbered in first-seen order over ``nodes``,
/// then the edge rows). The node table's id column is ``node_id`` (default
/// ``id`` / ``node``, else the first); its other columns become categorical
/// attributes. ``duplicates`` and ``self_loops`` as ``Graph.from_edges``.
///
/// Errors name the file, row and column: ``ona.InvalidTable`` (a bad value
/// or column, an undecodable file), ``ona.DuplicateEdge`` /
/// ``ona.SelfLoopError`` (refused by the policy), ``ona.OnaOSError``.
#[pyfunction]
#[pyo3(signature = (path, nodes=None, directed=false, source=None, target=None, weight=None, duplicates="sum", self_loops="keep", *, node_id=None, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_edges(
    py: Python<'_>,
    path: PathBuf,
    nodes: Option<PathBuf>,
    directed: bool,
    source: Option<String>,
    target: Option<String>,
    weight: Option<WeightColumnArg>,
    duplicates: &str,
    self_loops: &str,
    node_id: Option<String>,
    progress: Option<Bound<'_, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<PyGraph> {
    guard(py, || {
        let mut opts = EdgeOptions::default()
            .directed(directed)
            .duplicates(duplicate_policy(py, duplicates)?)
            .self_loops(self_loop_policy(py, self_loops)?);
        opts.source = source;
        opts.target = target;
        opts.node_id = node_id;
        let weight_name = match &weight {
            Some(WeightColumnArg::Name(n)) => n.clone(),
            _ => "weight".into(),
        };
        opts.weight = WeightColumnArg::core(weight);
        let g = run_store(py, CallOpts::new(progress, timeout), |exec| {
            read_graph(&path, nodes.as_deref(), &opts, exec)
        })?;
        Ok(PyGraph::wrap(g, weight_name))
    })
}

/// Write per-node results to ``path``: a column ``id`` (the graph's node
/// ids: uint64 or string), then one column per entry of ``columns`` (name →
/// one value per node, in node order, e.g. ``ona.pagerank(g)``). numpy
/// float64, float32, uint32, uint64 and int64 keep their type; other
/// arrays and sequences are written as float64.
///
/// ``format``: ``'parquet'`` (zstd), ``'arrow'`` (IPC file), ``'csv'`` or
/// ``'tsv'``; default by ``path``'s extension. A column of the wrong
/// length, or named ``id``, raises ``ona.InvalidTable``.
#[pyfunction]
#[pyo3(signature = (path, graph, columns, *, format=None))]
pub(crate) fn write_results(
    py: Python<'_>,
    path: PathBuf,
    graph: &PyGraph,
    columns: &Bound<'_, PyAny>,
    format: Option<&str>,
) -> PyResult<()> {
    guard(py, || {
        let format = convert::table_format(py, &path, format)?;
        let items = columns
            .call_method0("items")
            .map_err(|_| invalid_type(py, "columns must be a mapping of name to values"))?;
        let mut values: Vec<(String, ResultValues)> = Vec::new();
        for item in items.try_iter()? {
            let (name, column): (String, Bound<'_, PyAny>) = item?
                .extract()
                .map_err(|_| invalid_type(py, "columns must map str names to values"))?;
            let converted = convert::result_values(&column, &name)?;
            values.push((name, converted));
        }
        let g = &graph.g;
        run_store(py, CallOpts::default(), |_| {
            let table: Vec<_> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.column()))
                .collect();
            store_write_results(&path, format, g.ids(), &table)
        })
    })
}

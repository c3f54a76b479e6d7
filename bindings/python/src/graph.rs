//! `ona.Graph`: an immutable graph built from edge columns.

use std::sync::Arc;

use numpy::IntoPyArray;
use ona_core::{DuplicatePolicy, Graph, GraphBuilder, IdMap, SelfLoopPolicy};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::arrow;
use crate::convert::{self, Held, Ids, Weights};
use crate::errors::{CoreResultExt, guard, invalid, invalid_type};
use crate::runtime::{CallOpts, run};

/// An immutable graph (directed or undirected, optionally weighted) with
/// external node ids. Build it with `Graph.from_edges`,
/// `Graph.from_pandas_edgelist` or `Graph.from_arrow`, or read one with
/// `ona.read_edges` (CSV / Parquet / Arrow IPC files) or
/// `ona.read_snapshot`.
///
/// Node order: integer ids are sorted ascending; string ids keep their order
/// of first appearance (in `nodes`, then the edge rows). Every per-node
/// result of ona is aligned with `g.node_ids()`.
#[pyclass(name = "Graph", module = "ona", frozen)]
pub(crate) struct PyGraph {
    pub(crate) g: Arc<Graph>,
    /// Name of the weight column (for `weight=` arguments).
    pub(crate) weight_name: String,
    /// The engine version it is (`ona.Engine` graphs only).
    pub(crate) version: Option<u64>,
}

impl PyGraph {
    pub(crate) fn wrap(g: Graph, weight_name: String) -> Self {
        Self {
            g: Arc::new(g),
            weight_name,
            version: None,
        }
    }

    /// An `ona.Engine` graph version (shared, not copied).
    pub(crate) fn versioned(g: Arc<Graph>, version: u64) -> Self {
        Self {
            g,
            weight_name: "weight".into(),
            version: Some(version),
        }
    }
}

pub(crate) fn duplicate_policy(py: Python<'_>, s: &str) -> PyResult<DuplicatePolicy> {
    Ok(match s {
        "sum" => DuplicatePolicy::Sum,
        "max" => DuplicatePolicy::Max,
        "first" => DuplicatePolicy::First,
        "error" => DuplicatePolicy::Error,
        _ => {
            return Err(invalid(
                py,
                format!("duplicates={s:?}: expected 'sum', 'max', 'first' or 'error'"),
            ));
        }
    })
}

pub(crate) fn self_loop_policy(py: Python<'_>, s: &str) -> PyResult<SelfLoopPolicy> {
    Ok(match s {
        "keep" => SelfLoopPolicy::Keep,
        "drop" => SelfLoopPolicy::Drop,
        "error" => SelfLoopPolicy::Error,
        _ => {
            return Err(invalid(
                py,
                format!("self_loops={s:?}: expected 'keep', 'drop' or 'error'"),
            ));
        }
    })
}

/// Build from converted columns, GIL released.
#[allow(clippy::too_many_arguments)]
fn build(
    py: Python<'_>,
    nodes: Option<&Ids<'_>>,
    src: &Ids<'_>,
    dst: &Ids<'_>,
    weight: Option<&Weights<'_>>,
    builder: GraphBuilder,
    num_nodes: Option<usize>,
    progress: Option<Bound<'_, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Graph> {
    let strings = [Some(src), Some(dst), nodes]
        .iter()
        .flatten()
        .filter(|c| c.len() > 0)
        .map(|c| c.is_str())
        .collect::<Vec<_>>();
    if strings.iter().any(|&s| s) && !strings.iter().all(|&s| s) {
        return Err(invalid_type(
            py,
            "source and target ids (and nodes) must be all integers or all strings",
        ));
    }
    let as_str = strings.first().copied().unwrap_or(false);
    if num_nodes.is_some() && (as_str || nodes.is_some()) {
        return Err(invalid(
            py,
            "num_nodes= takes integer ids that are node indices, without nodes=",
        ));
    }
    run(py, CallOpts::new(progress, timeout), |exec| {
        let w = weight.map(Weights::core);
        if let Some(n) = num_nodes {
            let (s, d) =
                exec.install(|| rayon::join(|| src.as_u32("source"), || dst.as_u32("target")));
            let (s, d) = (s?, d?);
            return builder.build(n, &s, &d, w, exec);
        }
        if as_str {
            let empty: Vec<String> = Vec::new();
            let n = nodes.map_or(&empty[..], Ids::strings);
            builder.build_str(n, src.strings(), dst.strings(), w, exec)
        } else {
            let s = exec.install(|| src.as_u64("source"))?;
            let d = exec.install(|| dst.as_u64("target"))?;
            let n = match nodes {
                Some(n) => exec.install(|| n.as_u64("nodes"))?,
                None => std::borrow::Cow::Owned(Vec::new()),
            };
            builder.build_u64(&n, &s, &d, w, exec)
        }
    })
}

#[pymethods]
impl PyGraph {
    /// Build a graph from two id columns and an optional weight column.
    ///
    /// src, dst: numpy integer arrays (borrowed, not copied), Python lists of
    /// ints or of strs, pandas Series, or Arrow arrays / chunked arrays
    /// (anything with ``__arrow_c_array__`` / ``__arrow_c_stream__``).
    /// Integer ids must be non-negative; node order is the sorted unique ids.
    /// String ids are numbered in order of first appearance.
    /// weight: None or a float column of the same length (float32 stays float32).
    /// duplicates: 'sum' (default), 'max', 'first' or 'error' for repeated edges.
    /// self_loops: 'keep' (default, as NetworkX), 'drop' or 'error'.
    /// nodes: extra node ids, so isolated nodes are part of the graph.
    /// num_nodes: declare that the integer ids already are node indices
    /// ``0..num_nodes`` (node i is id i, isolated nodes included): no id
    /// ranking at all, and int32 / uint32 columns are used in place.
    /// The GIL is released while the graph is built.
    #[staticmethod]
    #[pyo3(signature = (src, dst, weight=None, directed=false, *, duplicates="sum", self_loops="keep", nodes=None, num_nodes=None, progress=None, timeout=None))]
    #[allow(clippy::too_many_arguments)]
    fn from_edges(
        py: Python<'_>,
        src: &Bound<'_, PyAny>,
        dst: &Bound<'_, PyAny>,
        weight: Option<&Bound<'_, PyAny>>,
        directed: bool,
        duplicates: &str,
        self_loops: &str,
        nodes: Option<&Bound<'_, PyAny>>,
        num_nodes: Option<usize>,
        progress: Option<Bound<'_, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<Self> {
        guard(py, || {
            let builder = GraphBuilder::with_direction(directed)
                .duplicates(duplicate_policy(py, duplicates)?)
                .self_loops(self_loop_policy(py, self_loops)?);
            let (mut hs, mut hd, mut hw, mut hn) = (
                Held::default(),
                Held::default(),
                Held::default(),
                Held::default(),
            );
            let s = convert::ids(src, "source", &mut hs)?;
            let d = convert::ids(dst, "target", &mut hd)?;
            let w = match weight.filter(|w| !w.is_none()) {
                Some(w) => Some(convert::weights(w, &mut hw)?),
                None => None,
            };
            let n = match nodes.filter(|n| !n.is_none()) {
                Some(n) => Some(convert::ids(n, "nodes", &mut hn)?),
                None => None,
            };
            let g = build(
                py,
                n.as_ref(),
                &s,
                &d,
                w.as_ref(),
                builder,
                num_nodes,
                progress,
                timeout,
            )?;
            Ok(Self::wrap(g, "weight".into()))
        })
    }

    /// NetworkX's ``from_pandas_edgelist``: a graph from two columns of a
    /// DataFrame, weighted by ``edge_attr`` (one column name, or True for a
    /// column named "weight"). Other keyword arguments as ``from_edges``.
    #[staticmethod]
    #[pyo3(signature = (df, source="source", target="target", edge_attr=None, directed=false, *, duplicates="sum", self_loops="keep", nodes=None))]
    #[allow(clippy::too_many_arguments)]
    fn from_pandas_edgelist(
        py: Python<'_>,
        df: &Bound<'_, PyAny>,
        source: &str,
        target: &str,
        edge_attr: Option<&Bound<'_, PyAny>>,
        directed: bool,
        duplicates: &str,
        self_loops: &str,
        nodes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guard(py, || {
            let column = match edge_attr.filter(|a| !a.is_none()) {
                None => None,
                Some(a) if a.extract::<bool>().is_ok() => a.extract::<bool>()?.then(|| "weight".to_string()),
                Some(a) => Some(a.extract::<String>().map_err(|_| {
                    invalid(py, "edge_attr must be one column name (an ona graph has one weight column), True or None")
                })?),
            };
            let col = |name: &str| {
                df.get_item(name)
                    .map_err(|_| invalid(py, format!("column {name:?} not in the DataFrame")))
            };
            let (s, d) = (col(source)?, col(target)?);
            let w = column.as_deref().map(col).transpose()?;
            let g = Self::from_edges(
                py,
                &s,
                &d,
                w.as_ref(),
                directed,
                duplicates,
                self_loops,
                nodes,
                None,
                None,
                None,
            )?;
            Ok(Self {
                g: g.g,
                weight_name: column.unwrap_or_else(|| "weight".into()),
                version: None,
            })
        })
    }

    /// A graph from any Arrow table (pyarrow Table / RecordBatchReader,
    /// polars DataFrame, pandas DataFrame: anything with
    /// ``__arrow_c_stream__``), reading columns ``source``, ``target`` and
    /// optionally ``weight``. Other keyword arguments as ``from_edges``.
    #[staticmethod]
    #[pyo3(signature = (table, source="source", target="target", weight=None, directed=false, *, duplicates="sum", self_loops="keep", nodes=None))]
    #[allow(clippy::too_many_arguments)]
    fn from_arrow(
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        source: &str,
        target: &str,
        weight: Option<&str>,
        directed: bool,
        duplicates: &str,
        self_loops: &str,
        nodes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guard(py, || {
            let mut names = vec![source, target];
            names.extend(weight);
            let mut cols = arrow::read_table(py, table, &names)?.into_iter();
            let mut next_ids = |what| -> PyResult<Ids<'static>> {
                match cols.next() {
                    Some(arrow::Column::I64(v)) => Ok(Ids::I64(v.into())),
                    Some(arrow::Column::U64(v)) => Ok(Ids::U64(v.into())),
                    Some(arrow::Column::Str(v)) => Ok(Ids::Str(v)),
                    _ => Err(invalid_type(
                        py,
                        format!("{what}: ids must be integers or strings"),
                    )),
                }
            };
            let s = next_ids("source")?;
            let d = next_ids("target")?;
            let w = match cols.next() {
                Some(arrow::Column::F64(v)) => Some(Weights::F64(v.into())),
                #[allow(clippy::cast_precision_loss)] // integer weights: as NumPy's float64 would
                Some(arrow::Column::I64(v)) => Some(Weights::F64(
                    v.into_iter().map(|x| x as f64).collect::<Vec<_>>().into(),
                )),
                #[allow(clippy::cast_precision_loss)]
                Some(arrow::Column::U64(v)) => Some(Weights::F64(
                    v.into_iter().map(|x| x as f64).collect::<Vec<_>>().into(),
                )),
                Some(arrow::Column::Str(_)) => {
                    return Err(invalid_type(py, "weight column must be numeric"));
                }
                None => None,
            };
            let mut hn = Held::default();
            let n = match nodes.filter(|n| !n.is_none()) {
                Some(n) => Some(convert::ids(n, "nodes", &mut hn)?),
                None => None,
            };
            let builder = GraphBuilder::with_direction(directed)
                .duplicates(duplicate_policy(py, duplicates)?)
                .self_loops(self_loop_policy(py, self_loops)?);
            let g = build(
                py,
                n.as_ref(),
                &s,
                &d,
                w.as_ref(),
                builder,
                None,
                None,
                None,
            )?;
            Ok(Self::wrap(g, weight.unwrap_or("weight").to_string()))
        })
    }

    /// External node ids in node order: an int64 numpy array (uint64 if an
    /// id exceeds 2**63 - 1) for integer ids, a list of str for string ids.
    fn node_ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            Ok(match self.g.ids() {
                IdMap::Dense(n) => (0..i64::from(*n))
                    .collect::<Vec<_>>()
                    .into_pyarray(py)
                    .into_any(),
                IdMap::U64(ids) => convert::int_ids(py, ids.clone()),
                IdMap::Str { names, .. } => PyList::new(py, names.iter().map(|s| &**s))?.into_any(),
            })
        })
    }

    /// Number of nodes.
    fn number_of_nodes(&self) -> usize {
        self.g.node_count()
    }

    /// Number of edges as NetworkX counts them (an undirected edge once).
    fn number_of_edges(&self) -> u64 {
        self.g.edge_count()
    }

    /// Number of self loops.
    fn number_of_selfloops(&self) -> u64 {
        self.g.self_loop_count()
    }

    /// Whether edges have a direction.
    fn is_directed(&self) -> bool {
        self.g.is_directed()
    }

    /// Whether edges carry weights.
    fn is_weighted(&self) -> bool {
        self.g.is_weighted()
    }

    /// Name of the weight column (``weight=`` arguments accept it).
    #[getter]
    fn weight_name(&self) -> &str {
        &self.weight_name
    }

    /// The ``ona.Engine`` graph version this graph is (for a time window:
    /// the version it was cut from), or the version of a Neo4j projection
    /// (``ona.Neo4j.project``); None for other graphs.
    #[getter]
    fn version(&self) -> Option<u64> {
        self.version
    }

    /// Index (position in ``node_ids()``) of the node with external id
    /// ``id``; ``ona.NodeNotFound`` (a KeyError) if there is none.
    fn index_of(&self, id: &Bound<'_, PyAny>) -> PyResult<u32> {
        guard(id.py(), || convert::node(&self.g, id).map(|v| v.0))
    }

    /// External id of the node at ``index``.
    fn id_of<'py>(&self, py: Python<'py>, index: u64) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let v = self.g.node(index).py(py)?;
            convert::external(py, &self.g, v)
        })
    }

    /// The adjacency in CSR form, copied out: ``(indptr, indices, weights)``
    /// with int64 offsets, int64 neighbour indices (into ``node_ids()``) and
    /// float64 weights (None if unweighted). Undirected edges appear in both
    /// rows; for directed graphs these are the out-arcs.
    fn to_csr<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(py, || {
            let csr = self.g.out_adj();
            let indptr: Vec<i64> = csr
                .offsets()
                .iter()
                .map(|&x| i64::try_from(x).unwrap_or(i64::MAX))
                .collect();
            let indices: Vec<i64> = csr.targets().iter().map(|&x| i64::from(x)).collect();
            let weights = csr
                .weights()
                .map(|w| (0..w.len()).map(|i| w.get(i)).collect::<Vec<f64>>());
            let w: Bound<'py, PyAny> = match weights {
                Some(w) => w.into_pyarray(py).into_any(),
                None => py.None().into_bound(py),
            };
            PyTuple::new(
                py,
                [
                    indptr.into_pyarray(py).into_any(),
                    indices.into_pyarray(py).into_any(),
                    w,
                ],
            )
        })
    }

    /// Write the graph as a snapshot file at ``path`` (compressed,
    /// checksummed; read it back with ``ona.read_snapshot`` or use it with
    /// ``ona metrics --graph``). Crash-safe: the bytes go to a temporary
    /// file beside ``path``, which is synced and renamed over ``path``, so a
    /// crash leaves the old file or the new one, never a torn one. Returns
    /// the bytes written. The GIL is released meanwhile.
    #[pyo3(signature = (path, *, progress=None, timeout=None))]
    fn write_snapshot(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        progress: Option<Bound<'_, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<u64> {
        guard(py, || {
            crate::store::write_snapshot(py, self, &path, CallOpts::new(progress, timeout))
        })
    }

    /// Heap bytes of the graph (adjacency, weights, ids).
    fn memory_bytes(&self) -> usize {
        self.g.memory_bytes()
    }

    fn __len__(&self) -> usize {
        self.g.node_count()
    }

    fn __contains__(&self, id: &Bound<'_, PyAny>) -> bool {
        convert::node(&self.g, id).is_ok()
    }

    fn __repr__(&self) -> String {
        let ids = match self.g.ids() {
            IdMap::Str { .. } => "str ids",
            _ => "int ids",
        };
        let version = self
            .version
            .map(|v| format!(", version {v}"))
            .unwrap_or_default();
        format!(
            "<ona.Graph {} {}, {} nodes, {} edges, {ids}{version}>",
            if self.g.is_directed() {
                "directed"
            } else {
                "undirected"
            },
            if self.g.is_weighted() {
                "weighted"
            } else {
                "unweighted"
            },
            self.g.node_count(),
            self.g.edge_count()
        )
    }
}

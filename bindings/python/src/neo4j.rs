//! `ona.Neo4j`: a shim over `ona-neo4j` — project a graph out of Neo4j with
//! two Cypher queries, write per-node results back as node properties, run
//! Cypher for loading and reading back.

use std::sync::Arc;

use ona_core::{Partition, Scores};
use ona_neo4j::{ConnectConfig, Neo4j, Params, ProjectionConfig, ProjectionQuery, Value, WriteConfig, WriteReport, project};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};

use crate::convert::{self, ResultValues};
use crate::errors::{guard, invalid, invalid_type, neo4j_to_py};
use crate::graph::{PyGraph, duplicate_policy, self_loop_policy};
use crate::runtime::{CallOpts, run};

/// A connection to Neo4j (Bolt). ``uri``, ``user`` and ``password`` default
/// to ``ONA_NEO4J_URI``, ``ONA_NEO4J_USER`` and ``ONA_NEO4J_PASSWORD``;
/// ``database`` to the server's default; ``fetch_size``: rows per round trip
/// of a projection. Connecting checks the session (``RETURN 1``): an
/// unreachable server raises ``ona.OnaOSError``. Every call releases the
/// GIL; safe to share between threads.
#[pyclass(name = "Neo4j", module = "ona", frozen)]
pub(crate) struct PyNeo4j {
    conn: Neo4j,
}

/// Run a Neo4j call with the GIL released (on a scoped thread, Ctrl-C
/// noticed; core errors such as cancellation map as every call's).
fn call<T: Send>(py: Python<'_>, work: impl FnOnce(&ona_core::Exec) -> ona_neo4j::Result<T> + Send) -> PyResult<T> {
    let out = run(py, CallOpts::default(), |exec| match work(exec) {
        Ok(v) => Ok(Ok(v)),
        Err(ona_neo4j::Error::Core(e)) => Err(e),
        Err(e) => Ok(Err(e)),
    })?;
    out.map_err(|e| neo4j_to_py(py, &e))
}

/// A Python value as a Cypher parameter: None, bool, int, float, str, lists
/// / tuples and dicts with str keys of those.
fn value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.extract()?));
    }
    if obj.is_instance_of::<PyInt>() {
        return obj.extract::<i64>().map(Value::Int).map_err(|_| invalid(py, format!("parameter {obj}: Neo4j integers are 64-bit signed")));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Value::Float(obj.extract()?));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::Str(s.to_str()?.to_owned()));
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        return Ok(Value::Map(params(py, Some(m))?));
    }
    if obj.hasattr("__array__")? {
        // numpy: a scalar (0-d) as its Python value, an array as a list
        if obj.getattr("ndim")?.extract::<usize>()? == 0 {
            return value(&obj.call_method0("item")?);
        }
        return obj.try_iter()?.map(|x| value(&x?)).collect::<PyResult<Vec<_>>>().map(Value::List);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj.try_iter()?.map(|x| value(&x?)).collect::<PyResult<Vec<_>>>().map(Value::List);
    }
    // other numbers (Decimal, Fraction, ...)
    if let Ok(x) = obj.extract::<i64>() {
        return Ok(Value::Int(x));
    }
    if let Ok(x) = obj.extract::<f64>() {
        return Ok(Value::Float(x));
    }
    Err(invalid_type(py, format!("parameter of type {}: expected None, bool, int, float, str, a list or a dict", obj.get_type().name()?)))
}

fn params(py: Python<'_>, m: Option<&Bound<'_, PyMapping>>) -> PyResult<Params> {
    let Some(m) = m else { return Ok(Vec::new()) };
    let mut out = Vec::with_capacity(m.len()?);
    for item in m.items()?.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let k: String = k.extract().map_err(|_| invalid_type(py, "parameter names must be str"))?;
        out.push((k, value(&v)?));
    }
    Ok(out)
}

/// A Cypher value as a Python object.
fn to_object<'py>(py: Python<'py>, v: Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, b).to_owned().into_any(),
        Value::Int(x) => x.into_pyobject(py)?.into_any(),
        Value::Float(x) => x.into_pyobject(py)?.into_any(),
        Value::Str(s) => PyString::new(py, &s).into_any(),
        Value::List(xs) => PyList::new(py, xs.into_iter().map(|x| to_object(py, x)).collect::<PyResult<Vec<_>>>()?)?.into_any(),
        Value::Map(kv) => {
            let d = PyDict::new(py);
            for (k, v) in kv {
                d.set_item(k, to_object(py, v)?)?;
            }
            d.into_any()
        }
    })
}

/// `{rows, batches, seconds}` of a write-back.
fn report(py: Python<'_>, r: WriteReport) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("rows", r.rows)?;
    d.set_item("batches", r.batches)?;
    d.set_item("seconds", r.seconds)?;
    Ok(d)
}

/// Per-node values to write: integers (a numpy integer array, e.g.
/// ``louvain_communities``) are a partition, anything else float scores.
enum Written {
    Scores(Scores),
    Partition(Partition),
}

fn written(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Written> {
    let labels = |v: Vec<u64>| -> PyResult<Written> {
        let p: Result<Vec<u32>, _> = v.into_iter().map(u32::try_from).collect();
        p.map(|p| Written::Partition(Partition(p))).map_err(|_| invalid(py, "values: community labels must be below 2**32"))
    };
    match convert::result_values(values, "values")? {
        ResultValues::F64(v) => Ok(Written::Scores(Scores(v))),
        ResultValues::F32(v) => Ok(Written::Scores(Scores(v.into_iter().map(f64::from).collect()))),
        ResultValues::U32(v) => Ok(Written::Partition(Partition(v))),
        ResultValues::U64(v) => labels(v),
        ResultValues::I64(v) => {
            let v: Result<Vec<u64>, _> = v.into_iter().map(u64::try_from).collect();
            labels(v.map_err(|_| invalid(py, "values: community labels must be non-negative"))?)
        }
    }
}

#[pymethods]
impl PyNeo4j {
    #[new]
    #[pyo3(signature = (uri=None, user=None, password=None, database=None, *, fetch_size=10_000, max_connections=2))]
    fn new(
        py: Python<'_>,
        uri: Option<String>,
        user: Option<String>,
        password: Option<String>,
        database: Option<String>,
        fetch_size: usize,
        max_connections: usize,
    ) -> PyResult<Self> {
        guard(py, || {
            let mut cfg = match uri {
                None => ConnectConfig::from_env().map_err(|e| neo4j_to_py(py, &e))?,
                Some(u) => ConnectConfig::from_env().unwrap_or_default().uri(u),
            };
            if let Some(u) = user {
                cfg = cfg.user(u);
            }
            if let Some(p) = password {
                cfg = cfg.password(p);
            }
            if let Some(d) = database {
                cfg = cfg.database(d);
            }
            let cfg = cfg.fetch_size(fetch_size).max_connections(max_connections);
            Ok(Self { conn: call(py, |_| Neo4j::connect(&cfg))? })
        })
    }

    /// Project a graph: ``nodes`` is Cypher returning ``id`` (non-negative
    /// integers or strings) and attribute columns (each becomes a
    /// categorical node attribute: ``ona.node_attribute(g, name)``);
    /// ``relationships`` returns ``src``, ``dst`` and optionally ``weight``
    /// (null counts 1) and ``timestamp`` (an integer). ``params`` fill
    /// ``$name`` in both. ``duplicates`` / ``self_loops`` as
    /// ``Graph.from_edges``. Rows stream in pages of ``fetch_size`` straight
    /// into the builder.
    ///
    /// Returns ``{'graph', 'version', 'version_key', 'node_rows',
    /// 'relationship_rows', 'max_timestamp'}``: ``version`` (an int, also
    /// ``graph.version``) and ``version_key`` (16 hex digits) change with
    /// anything the queries return, for cache keys. Errors:
    /// ``ona.QueryError`` (Cypher the server rejects), ``ona.InvalidTable``
    /// (a missing ``id`` / ``src`` / ``dst`` column, a value of the wrong
    /// type, an id twice: ``query``, ``column``, ``row`` say where).
    #[pyo3(signature = (nodes, relationships, params=None, directed=true, *, duplicates="sum", self_loops="keep"))]
    #[allow(clippy::too_many_arguments)]
    fn project<'py>(
        &self,
        py: Python<'py>,
        nodes: String,
        relationships: String,
        params: Option<&Bound<'py, PyMapping>>,
        directed: bool,
        duplicates: &str,
        self_loops: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let q = ProjectionQuery { nodes, relationships, params: self::params(py, params)? };
            let cfg = ProjectionConfig::default()
                .directed(directed)
                .duplicates(duplicate_policy(py, duplicates)?)
                .self_loops(self_loop_policy(py, self_loops)?);
            let p = call(py, |exec| project(&self.conn, &q, &cfg, exec))?;
            let v = p.version;
            let d = PyDict::new(py);
            d.set_item("graph", PyGraph::versioned(Arc::new(p.graph), v.as_u64()))?;
            d.set_item("version", v.as_u64())?;
            d.set_item("version_key", v.key())?;
            d.set_item("node_rows", v.node_rows)?;
            d.set_item("relationship_rows", v.relationship_rows)?;
            d.set_item("max_timestamp", v.max_timestamp)?;
            Ok(d)
        })
    }

    /// Write ``values`` (one per node of ``graph``, in ``graph.node_ids()``
    /// order) as property ``property`` of ``(:label {id_key: id})``, in
    /// transactions of ``batch_size`` rows (``UNWIND``). Floats (a numpy
    /// float array or a sequence: pagerank, betweenness, ...) are stored bit
    /// for bit; a numpy integer array (``louvain_communities``) is written as
    /// integer community ids. An index on ``(label, id_key)`` is created if
    /// missing. Returns ``{'rows', 'batches', 'seconds'}``. Errors:
    /// ``ona.NotFound`` when a batch names ids no node has (that batch is
    /// rolled back; earlier ones stay), ``ona.LengthMismatch``,
    /// ``ona.InvalidParameter`` for a label / key / property that is not an
    /// identifier.
    #[pyo3(signature = (graph, property, values, *, label="Person", id_key="id", batch_size=10_000))]
    #[allow(clippy::too_many_arguments)]
    fn write<'py>(
        &self,
        py: Python<'py>,
        graph: &PyGraph,
        property: &str,
        values: &Bound<'py, PyAny>,
        label: &str,
        id_key: &str,
        batch_size: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let cfg = WriteConfig::new(label).id_key(id_key).batch_size(batch_size);
            let g = &graph.g;
            let r = match written(py, values)? {
                Written::Scores(s) => call(py, |_| ona_neo4j::write_node_property(&self.conn, g, property, &s, &cfg))?,
                Written::Partition(p) => call(py, |_| ona_neo4j::write_partition(&self.conn, g, property, &p, &cfg))?,
            };
            report(py, r)
        })
    }

    /// Run a Cypher statement in its own transaction (loading data, schema),
    /// discarding its rows. ``params`` fill ``$name``: None, bool, int,
    /// float, str, lists and dicts of them (a list of dicts feeds ``UNWIND``).
    #[pyo3(signature = (cypher, params=None))]
    fn run(&self, py: Python<'_>, cypher: &str, params: Option<&Bound<'_, PyMapping>>) -> PyResult<()> {
        guard(py, || {
            let p = self::params(py, params)?;
            call(py, |_| self.conn.run(cypher, &p))
        })
    }

    /// Run a query and return its rows as a list of dicts (column to value:
    /// None, bool, int, float, str, list, dict; other Neo4j types as text).
    /// For small results: reading back, checks.
    #[pyo3(signature = (cypher, params=None))]
    fn rows<'py>(&self, py: Python<'py>, cypher: &str, params: Option<&Bound<'py, PyMapping>>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let p = self::params(py, params)?;
            let rows = call(py, |_| self.conn.rows(cypher, &p))?;
            let out = PyList::empty(py);
            for r in rows {
                let d = PyDict::new(py);
                for (k, v) in r {
                    d.set_item(k, to_object(py, v)?)?;
                }
                out.append(d)?;
            }
            Ok(out)
        })
    }

    /// The Bolt URI connected to.
    #[getter]
    fn uri(&self) -> &str {
        self.conn.config().get_uri()
    }

    fn __repr__(&self) -> String {
        format!("<ona.Neo4j {}>", self.conn.config().get_uri())
    }
}

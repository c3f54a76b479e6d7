//! Errors: every `ona_core::Error` becomes an instance of a class of the
//! `ona.errors` module (one tree under `ona.OnaError`, also deriving from
//! `ValueError`, `KeyError`, ... where Python users expect it), carrying the
//! core's stable `code`. Panics never cross into Python as `PanicException`:
//! [`guard`] turns them into `ona.InternalError` (`ONA_INTERNAL`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use ona_core::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// Code of a Rust panic caught at the boundary.
pub(crate) const INTERNAL: &str = "ONA_INTERNAL";
/// Code of a Python argument of the wrong type.
pub(crate) const INVALID_TYPE: &str = "ONA_INVALID_TYPE";
/// Code of "no path between these nodes".
pub(crate) const NO_PATH: &str = "ONA_NO_PATH";

/// The `ona.errors` class for a core error kind.
fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NodeOutOfRange | ErrorKind::UnknownNode => "NodeNotFound",
        ErrorKind::InvalidWeight => "InvalidWeight",
        ErrorKind::LengthMismatch => "LengthMismatch",
        ErrorKind::DuplicateEdge => "DuplicateEdge",
        ErrorKind::SelfLoop => "SelfLoopError",
        ErrorKind::InvalidParameter => "InvalidParameter",
        ErrorKind::EmptyGraph => "EmptyGraph",
        ErrorKind::Unsupported => "Unsupported",
        ErrorKind::NotConverged => "NotConverged",
        ErrorKind::TooLarge | ErrorKind::ResourceExhausted => "LimitExceeded",
        ErrorKind::Cancelled => "Cancelled",
        ErrorKind::DeadlineExceeded => "Timeout",
        ErrorKind::ThreadPool => "ThreadPoolError",
        _ => "OnaError",
    }
}

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let m = MODULE.get_or_try_init(py, || py.import("ona.errors").map(Bound::unbind))?;
    Ok(m.bind(py))
}

/// An instance of `ona.errors.<class>` with `message` and `.code`.
pub(crate) fn raise(py: Python<'_>, class: &str, code: &str, message: impl Into<String>) -> PyErr {
    raise_with(py, class, code, message, &[])
}

/// [`raise`] with extra attributes (`LimitExceeded.limit`, ...).
pub(crate) fn raise_with(
    py: Python<'_>,
    class: &str,
    code: &str,
    message: impl Into<String>,
    attrs: &[(&str, Bound<'_, PyAny>)],
) -> PyErr {
    let message = message.into();
    let built = (|| -> PyResult<PyErr> {
        let cls = errors_module(py)?.getattr(class)?;
        let exc = cls.call1((message.clone(),))?;
        exc.setattr("code", code)?;
        for (name, value) in attrs {
            exc.setattr(*name, value)?;
        }
        Ok(PyErr::from_value(exc))
    })();
    // Only if `ona.errors` itself cannot be imported (a broken install).
    built.unwrap_or_else(|e| {
        PyRuntimeError::new_err(format!("{code}: {message} (and ona.errors failed: {e})"))
    })
}

/// The Python exception for a core error.
pub(crate) fn to_py(py: Python<'_>, e: &Error) -> PyErr {
    raise(py, class_name(e.kind()), e.kind().code(), e.to_string())
}

/// `ona.InvalidParameter` (`ONA_INVALID_PARAMETER`).
pub(crate) fn invalid(py: Python<'_>, message: impl Into<String>) -> PyErr {
    raise(
        py,
        "InvalidParameter",
        ErrorKind::InvalidParameter.code(),
        message,
    )
}

/// `ona.InvalidType` (a `TypeError`).
pub(crate) fn invalid_type(py: Python<'_>, message: impl Into<String>) -> PyErr {
    raise(py, "InvalidType", INVALID_TYPE, message)
}

/// `ona.InternalError` for a panic payload.
pub(crate) fn internal(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    raise(
        py,
        "InternalError",
        INTERNAL,
        format!("internal error in ona (a bug, please report it): {what}"),
    )
}

/// Run an entry point's body, turning a Rust panic into `ona.InternalError`.
pub(crate) fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(internal(py, payload.as_ref())),
    }
}

/// The Python exception for a storage error: a core error as [`to_py`],
/// otherwise `ona.errors.<class>` with a stable `ONA_*` code of this module
/// (`ona-store`'s error has no `kind()` of its own yet; a variant this
/// binding does not know is `ona.InternalError`).
pub(crate) fn store_to_py(py: Python<'_>, e: &ona_store::Error) -> PyErr {
    use ona_store::Error as S;
    let (class, code) = match e {
        S::Graph(core) => return to_py(py, core),
        S::Io { .. } => ("OnaOSError", IO),
        S::Corrupt { .. } => ("CorruptSnapshotError", CORRUPT_SNAPSHOT),
        S::UnsupportedVersion { .. } => ("UnsupportedVersionError", UNSUPPORTED_VERSION),
        S::Input { .. } => ("InvalidTable", INVALID_TABLE),
        S::Format { .. } => ("InvalidTable", TABLE_FORMAT),
        // A variant this binding does not know yet: a bug in ona.
        _ => ("InternalError", INTERNAL),
    };
    raise(py, class, code, e.to_string())
}

/// Code of a file system failure (`ona.OnaOSError`).
pub(crate) const IO: &str = "ONA_IO";
/// Code of a snapshot that failed validation.
pub(crate) const CORRUPT_SNAPSHOT: &str = "ONA_CORRUPT_SNAPSHOT";
/// Code of a snapshot written by a newer ona.
pub(crate) const UNSUPPORTED_VERSION: &str = "ONA_UNSUPPORTED_VERSION";
/// Code of a table value or column that breaks the input policy.
pub(crate) const INVALID_TABLE: &str = "ONA_INVALID_TABLE";
/// Code of a table Arrow / Parquet could not decode or encode.
pub(crate) const TABLE_FORMAT: &str = "ONA_TABLE_FORMAT";

/// `Result<T, ona_core::Error>` to `PyResult<T>`.
pub(crate) trait CoreResultExt<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResultExt<T> for ona_core::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}

/// The Python exception for an engine error: the class by
/// [`ona_engine::Error::kind`], the variant's fields as attributes (tenant,
/// limit, requested, allowed, graph, row); core and storage errors map as
/// [`to_py`] and [`store_to_py`]. A damaged engine directory is
/// `ona.CorruptSnapshotError` (`ONA_CORRUPT_ENGINE`).
pub(crate) fn engine_to_py(py: Python<'_>, e: &ona_engine::Error) -> PyErr {
    use ona_engine::{Error as E, ErrorKind as K};
    let class = match e.kind() {
        K::Core | K::Store => match e {
            E::Core(core) => return to_py(py, core),
            E::Store(store) => return store_to_py(py, store),
            _ => "InternalError",
        },
        K::LimitExceeded => "LimitExceeded",
        K::InvalidName => "InvalidName",
        K::NotFound if matches!(e, E::UnknownTenant(_)) => "UnknownTenant",
        K::NotFound => "UnknownGraph",
        K::InvalidEvent => "InvalidEvent",
        K::Conflict => "ConflictError",
        K::Corrupt => "CorruptSnapshotError",
        K::Io => "OnaOSError",
        _ => "InternalError",
    };
    let attrs = (|| -> PyResult<Vec<(&str, Bound<'_, PyAny>)>> {
        let s = |x: &str| pyo3::types::PyString::new(py, x).into_any();
        let n = |x: u64| x.into_pyobject(py).map(Bound::into_any);
        Ok(match e {
            E::LimitExceeded {
                tenant,
                limit,
                requested,
                allowed,
            } => vec![
                ("tenant", s(tenant)),
                ("limit", s(limit.as_str())),
                ("requested", n(*requested)?),
                ("allowed", n(*allowed)?),
            ],
            E::UnknownTenant(tenant) => vec![("tenant", s(tenant))],
            E::UnknownGraph { tenant, graph } => vec![("tenant", s(tenant)), ("graph", s(graph))],
            E::InvalidEvent { graph, row, .. } => vec![("graph", s(graph)), ("row", n(*row)?)],
            E::Conflict { graph, .. } => vec![("graph", s(graph))],
            _ => Vec::new(),
        })
    })();
    match attrs {
        Ok(attrs) => raise_with(py, class, e.kind().code(), e.to_string(), &attrs),
        Err(err) => err,
    }
}

/// `Result<T, ona_engine::Error>` to `PyResult<T>`.
pub(crate) trait EngineResultExt<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> EngineResultExt<T> for ona_engine::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| engine_to_py(py, &e))
    }
}

/// Code of Cypher that Neo4j rejected or failed (`ona.QueryError`), as the
/// Node binding's `ONA_QUERY`.
pub(crate) const QUERY: &str = "ONA_QUERY";

/// `e`'s message followed by its sources' (`a: b: c`), so the server's or
/// the client's own reason is not lost.
pub(crate) fn with_sources(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
        source = s.source();
    }
    msg
}

/// The Python exception for an `ona-neo4j` error, by its kind (the codes of
/// the Node binding): connection trouble is `ona.OnaOSError` (`ONA_IO`),
/// rejected Cypher `ona.QueryError` (`ONA_QUERY`, with `.query`), rows a
/// projection cannot use (a missing `id` / `src` / `dst` column, a value of
/// the wrong type, an id twice) `ona.InvalidTable` (`ONA_INVALID_TABLE`,
/// with `.query`, `.column`, `.row`), write-back ids that match no node
/// `ona.NotFound` (`ONA_NOT_FOUND`), a bad name or missing setting
/// `ona.InvalidParameter`, values not one per node `ona.LengthMismatch`.
pub(crate) fn neo4j_to_py(py: Python<'_>, e: &ona_neo4j::Error) -> PyErr {
    use ona_neo4j::{Error as N, ErrorKind as K};
    let s = |x: &str| pyo3::types::PyString::new(py, x).into_any();
    let n = |x: u64| {
        x.into_pyobject(py)
            .unwrap_or_else(|never| match never {})
            .into_any()
    };
    let (class, code, attrs): (&str, &str, Vec<(&str, Bound<'_, PyAny>)>) = match e {
        N::Core(c) => return to_py(py, c),
        N::LengthMismatch { .. } => (
            "LengthMismatch",
            ErrorKind::LengthMismatch.code(),
            Vec::new(),
        ),
        N::Query { query, .. } => ("QueryError", QUERY, vec![("query", s(query))]),
        N::MissingColumn { query, column, .. } => (
            "InvalidTable",
            INVALID_TABLE,
            vec![("query", s(query)), ("column", s(column))],
        ),
        N::BadValue {
            query, row, column, ..
        } => (
            "InvalidTable",
            INVALID_TABLE,
            vec![("query", s(query)), ("column", s(column)), ("row", n(*row))],
        ),
        N::DuplicateNode { query, row, .. } => (
            "InvalidTable",
            INVALID_TABLE,
            vec![("query", s(query)), ("column", s("id")), ("row", n(*row))],
        ),
        _ => match e.kind() {
            K::Config => (
                "InvalidParameter",
                ErrorKind::InvalidParameter.code(),
                Vec::new(),
            ),
            K::Connect | K::Runtime => ("OnaOSError", IO, Vec::new()),
            K::NodesNotFound => (
                "NotFound",
                ona_engine::ErrorKind::NotFound.code(),
                Vec::new(),
            ),
            _ => ("InternalError", INTERNAL, Vec::new()),
        },
    };
    raise_with(py, class, code, with_sources(e), &attrs)
}

/// The Python exception for an `ona-kafka` error (the Node binding's
/// codes): the client failing (connect, produce, delivery) or the snapshot
/// store is `ona.OnaOSError` (`ONA_IO`), a setting out of range
/// `ona.InvalidParameter`, a wait that ran out `ona.Timeout`; engine errors
/// map as [`engine_to_py`].
pub(crate) fn kafka_to_py(py: Python<'_>, e: &ona_kafka::Error) -> PyErr {
    use ona_kafka::{Error as K, ErrorKind as Kind};
    if let K::Engine { source, .. } = e {
        return engine_to_py(py, source);
    }
    let (class, code) = match e.kind() {
        Kind::Config => ("InvalidParameter", ErrorKind::InvalidParameter.code()),
        Kind::Timeout => ("Timeout", ErrorKind::DeadlineExceeded.code()),
        Kind::Kafka | Kind::Store => ("OnaOSError", IO),
        _ => ("InternalError", INTERNAL),
    };
    raise(py, class, code, with_sources(e))
}

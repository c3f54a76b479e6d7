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
    let message = message.into();
    let built = (|| -> PyResult<PyErr> {
        let cls = errors_module(py)?.getattr(class)?;
        let exc = cls.call1((message.clone(),))?;
        exc.setattr("code", code)?;
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

/// `Result<T, ona_core::Error>` to `PyResult<T>`.
pub(crate) trait CoreResultExt<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResultExt<T> for ona_core::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}

//! Every error leaves this addon as a JS `Error` whose `code` is a stable
//! `ONA_*` string: the core's [`ErrorKind::code`] for engine errors, and
//! [`INTERNAL`] for a Rust panic (a bug) or a failed napi call. The
//! TypeScript facade turns them into `OnaError` instances.

use std::any::Any;

use napi::bindgen_prelude::{Env, JsError};
use ona_core::ErrorKind;

/// The `code` of a JS error thrown or rejected by this addon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub &'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

/// A panic caught at the boundary, or a napi call that failed: a bug.
pub const INTERNAL: Code = Code("ONA_INTERNAL");

/// A file system failure (reading or writing a snapshot or a table).
pub const IO: Code = Code("ONA_IO");
/// A snapshot that failed validation (the message names the section).
pub const CORRUPT_SNAPSHOT: Code = Code("ONA_CORRUPT_SNAPSHOT");
/// A snapshot written by a newer ona.
pub const UNSUPPORTED_VERSION: Code = Code("ONA_UNSUPPORTED_VERSION");
/// A table value or column that breaks the input policy (file, row, column named).
pub const INVALID_TABLE: Code = Code("ONA_INVALID_TABLE");
/// A table Arrow / Parquet could not decode or encode.
pub const TABLE_FORMAT: Code = Code("ONA_TABLE_FORMAT");

/// An error on its way to JS.
pub type Error = napi::Error<Code>;

/// `Result` of every export (napi-rs throws the error with its `code`).
pub type Result<T> = napi::Result<T, Code>;

/// An engine error, keeping its kind as the code and its text as the message.
pub fn core(e: ona_core::Error) -> Error {
    Error::new(Code(e.kind().code()), e.to_string())
}

/// A storage error: a core error as [`core`], otherwise one of the storage
/// codes above (`ona-store`'s error has no `kind()` of its own yet; a variant
/// this addon does not know is a bug, [`INTERNAL`]).
pub fn store(e: ona_store::Error) -> Error {
    use ona_store::Error as S;
    if let S::Graph(c) = e {
        return core(c);
    }
    let code = match &e {
        S::Io { .. } => IO,
        S::Corrupt { .. } => CORRUPT_SNAPSHOT,
        S::UnsupportedVersion { .. } => UNSUPPORTED_VERSION,
        S::Input { .. } => INVALID_TABLE,
        S::Format { .. } => TABLE_FORMAT,
        _ => INTERNAL,
    };
    Error::new(code, e.to_string())
}

/// [`ona_core::Error::InvalidParameter`] for an option the core does not check itself.
pub fn invalid(name: &'static str, value: impl std::fmt::Display, expected: &'static str) -> Error {
    core(ona_core::Error::invalid_param(name, value, expected))
}

/// A napi-rs failure (creating a promise, a threadsafe function, ...).
pub fn napi(e: napi::Error) -> Error {
    Error::new(INTERNAL, format!("napi: {}", e.reason))
}

/// A caught panic.
pub fn panic(payload: Box<dyn Any + Send>) -> Error {
    let what = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    Error::new(
        INTERNAL,
        format!("internal error (a Rust panic, please report it): {what}"),
    )
}

/// The JS error object for `e`, wrapped so a deferred promise rejects with it
/// as it is (code included).
pub fn into_js(env: Env, e: Error) -> napi::Error {
    napi::Error::from(JsError::from(e).into_unknown(env))
}

/// Every code this addon can produce, in a stable order.
pub fn all_codes() -> Vec<&'static str> {
    let kinds = [
        ErrorKind::NodeOutOfRange,
        ErrorKind::UnknownNode,
        ErrorKind::InvalidWeight,
        ErrorKind::TooLarge,
        ErrorKind::LengthMismatch,
        ErrorKind::DuplicateEdge,
        ErrorKind::SelfLoop,
        ErrorKind::InvalidParameter,
        ErrorKind::EmptyGraph,
        ErrorKind::NotConverged,
        ErrorKind::Unsupported,
        ErrorKind::Cancelled,
        ErrorKind::DeadlineExceeded,
        ErrorKind::ThreadPool,
        ErrorKind::ResourceExhausted,
    ];
    let store = [IO, CORRUPT_SNAPSHOT, UNSUPPORTED_VERSION, INVALID_TABLE, TABLE_FORMAT];
    kinds
        .iter()
        .map(|k| k.code())
        .chain(store.iter().map(|c| c.0))
        .chain([INTERNAL.0])
        .collect()
}

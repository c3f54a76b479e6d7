//! Every error leaves this addon as a JS `Error` whose `code` is a stable
//! `ONA_*` string: the core's [`ErrorKind::code`] for engine errors, and
//! [`INTERNAL`] for a Rust panic (a bug) or a failed napi call. The
//! TypeScript facade turns them into `OnaError` instances.
//!
//! `ona-engine`'s refusals keep their own codes ([`ona_engine::ErrorKind::code`]);
//! a tier limit also carries `tenant`, `limit`, `requested` and `allowed`
//! as properties of the JS error ([`Limit`]).

use std::any::Any;

use napi::JsValue;
use napi::bindgen_prelude::{Env, JsError, JsObjectValue, Object};
use ona_core::ErrorKind;

/// The `code` of a JS error thrown or rejected by this addon, and for
/// `ONA_LIMIT_EXCEEDED` the limit that refused the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    code: &'static str,
    limit: Option<Box<Limit>>,
}

/// What an `ONA_LIMIT_EXCEEDED` error says, as properties of the JS error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    tenant: String,
    limit: &'static str,
    requested: u64,
    allowed: u64,
}

impl Code {
    /// A code with nothing attached.
    pub const fn new(code: &'static str) -> Self {
        Self { code, limit: None }
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.code
    }
}

/// A panic caught at the boundary, or a napi call that failed: a bug.
pub const INTERNAL: Code = Code::new("ONA_INTERNAL");

/// A file system failure (reading or writing a snapshot or a table).
pub const IO: Code = Code::new("ONA_IO");
/// A snapshot that failed validation (the message names the section).
pub const CORRUPT_SNAPSHOT: Code = Code::new("ONA_CORRUPT_SNAPSHOT");
/// A snapshot written by a newer ona.
pub const UNSUPPORTED_VERSION: Code = Code::new("ONA_UNSUPPORTED_VERSION");
/// A table value or column that breaks the input policy (file, row, column named).
pub const INVALID_TABLE: Code = Code::new("ONA_INVALID_TABLE");
/// A table Arrow / Parquet could not decode or encode.
pub const TABLE_FORMAT: Code = Code::new("ONA_TABLE_FORMAT");

/// An error on its way to JS.
pub type Error = napi::Error<Code>;

/// `Result` of every export (napi-rs throws the error with its `code`).
pub type Result<T> = napi::Result<T, Code>;

/// An engine error, keeping its kind as the code and its text as the message.
pub fn core(e: ona_core::Error) -> Error {
    Error::new(Code::new(e.kind().code()), e.to_string())
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

/// A call on an engine after `close()`.
pub const ENGINE_CLOSED: Code = Code::new("ONA_ENGINE_CLOSED");

/// Cypher that Neo4j rejected or failed (syntax, a constraint, a transaction):
/// the message names the query and carries the server's reason.
pub const QUERY: Code = Code::new("ONA_QUERY");

/// `e`'s message followed by its sources' (`a: b: c`), so the server's or
/// the client's own reason is not lost.
fn with_sources(e: &dyn std::error::Error) -> String {
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

/// An `ona-redis` error: engine and core errors keep their codes, a bad
/// metric, tenant or graph name is `ONA_INVALID_PARAMETER`, Redis being
/// unreachable (or its breaker open) is `ONA_IO`.
pub fn redis(e: ona_redis::Error) -> Error {
    use ona_redis::Error as R;
    match e {
        R::Engine(e) => engine(e),
        R::Core(e) => core(e),
        R::UnknownMetric(_) | R::InvalidKey { .. } => {
            Error::new(Code::new(ErrorKind::InvalidParameter.code()), e.to_string())
        }
        R::Arrow(_) => Error::new(INTERNAL, with_sources(&e)),
        e => Error::new(IO, with_sources(&e)),
    }
}

/// An `ona-neo4j` error by its kind: connection trouble is `ONA_IO`,
/// rejected Cypher `ONA_QUERY`, rows the projection cannot use (a missing
/// `id`/`src`/`dst` column, a value of the wrong type, an id twice)
/// `ONA_INVALID_TABLE`, write-back ids matching no node `ONA_NOT_FOUND`,
/// a bad name or missing setting `ONA_INVALID_PARAMETER`.
pub fn neo4j(e: ona_neo4j::Error) -> Error {
    use ona_neo4j::{Error as N, ErrorKind as K};
    if let N::Core(c) = e {
        return core(c);
    }
    let code = match e.kind() {
        _ if matches!(e, N::LengthMismatch { .. }) => Code::new(ErrorKind::LengthMismatch.code()),
        K::Config => Code::new(ErrorKind::InvalidParameter.code()),
        K::Connect | K::Runtime => IO,
        K::Query => QUERY,
        K::MissingColumn | K::BadValue => INVALID_TABLE,
        K::NodesNotFound => Code::new(ona_engine::ErrorKind::NotFound.code()),
        _ => INTERNAL,
    };
    Error::new(code, with_sources(&e))
}

/// An `ona-kafka` error: the client failing (connect, produce, delivery) is
/// `ONA_IO`, a setting out of range `ONA_INVALID_PARAMETER`, a wait that ran
/// out `ONA_DEADLINE_EXCEEDED`.
pub fn kafka(e: ona_kafka::Error) -> Error {
    use ona_kafka::{Error as K, ErrorKind as Kind};
    if let K::Engine { source, .. } = e {
        return engine(source);
    }
    let code = match e.kind() {
        Kind::Config => Code::new(ErrorKind::InvalidParameter.code()),
        Kind::Timeout => Code::new(ErrorKind::DeadlineExceeded.code()),
        Kind::Kafka | Kind::Store => IO,
        _ => INTERNAL,
    };
    Error::new(code, with_sources(&e))
}

/// Napi's status for "the exception is already thrown": a synchronous call
/// that threw its own error object returns it (see [`throw`]).
const PENDING: Code = Code::new("PendingException");

/// The engine's codes, in a stable order (`ONA_IO` is shared with storage).
const ENGINE_KINDS: [ona_engine::ErrorKind; 6] = [
    ona_engine::ErrorKind::LimitExceeded,
    ona_engine::ErrorKind::InvalidName,
    ona_engine::ErrorKind::NotFound,
    ona_engine::ErrorKind::InvalidEvent,
    ona_engine::ErrorKind::Conflict,
    ona_engine::ErrorKind::Corrupt,
];

/// An `ona-engine` error: core and storage errors as [`core`] and
/// [`store`], the others with the engine's code; a tier limit keeps its
/// numbers for the JS error's properties.
pub fn engine(e: ona_engine::Error) -> Error {
    use ona_engine::Error as E;
    match e {
        E::Core(c) => core(c),
        E::Store(s) => store(s),
        E::LimitExceeded {
            ref tenant,
            limit,
            requested,
            allowed,
        } => {
            let limit = Some(Box::new(Limit {
                tenant: tenant.clone(),
                limit: limit.as_str(),
                requested,
                allowed,
            }));
            Error::new(
                Code {
                    code: e.kind().code(),
                    limit,
                },
                e.to_string(),
            )
        }
        e => Error::new(Code::new(e.kind().code()), e.to_string()),
    }
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
pub fn into_js(env: Env, mut e: Error) -> napi::Error {
    let limit = e.status.limit.take();
    let js = JsError::from(e).into_unknown(env);
    if let Some(l) = limit {
        // Advisory extras: the code and message are already on the error.
        let _ = js
            .coerce_to_object()
            .and_then(|mut o| set_limit(&mut o, &l));
    }
    napi::Error::from(js)
}

#[allow(clippy::cast_precision_loss)] // limits and requests are far below 2^53
fn set_limit(o: &mut Object<'_>, l: &Limit) -> napi::Result<()> {
    o.set_named_property("tenant", l.tenant.as_str())?;
    o.set_named_property("limit", l.limit)?;
    o.set_named_property("requested", l.requested as f64)?;
    o.set_named_property("allowed", l.allowed as f64)
}

/// For a synchronous export: throw `e` with its extras (a tier limit's
/// properties) and return the status that tells napi it is thrown already;
/// an error without extras is returned as it is.
pub fn throw(env: &Env, e: Error) -> Error {
    if e.status.limit.is_none() {
        return e;
    }
    let js = into_js(*env, e);
    match env.throw(JsError::from(js)) {
        Ok(()) => Error::new(PENDING, String::new()),
        Err(t) => napi(t),
    }
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
    let store = [
        IO,
        CORRUPT_SNAPSHOT,
        UNSUPPORTED_VERSION,
        INVALID_TABLE,
        TABLE_FORMAT,
    ];
    kinds
        .iter()
        .map(|k| k.code())
        .chain(store.iter().map(|c| c.code))
        .chain(ENGINE_KINDS.iter().map(|k| k.code()))
        .chain([ENGINE_CLOSED.code, QUERY.code, INTERNAL.code])
        .collect()
}

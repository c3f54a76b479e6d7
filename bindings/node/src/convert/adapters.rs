//! Arguments and results of the adapter exports (`ResultCache`, `Neo4j`,
//! `KafkaProducer`): versions, Cypher values, edge events, and the result
//! objects.
//!
//! Versions and other 64-bit integers cross as a JS number while it is
//! exact (below 2^53: engine versions, which count batches) and as a BigInt
//! otherwise (Neo4j versions, which are hashes), so one `u64` always has
//! one JS form and `===` compares versions from any call.

use std::collections::HashMap;

use arrow::array::{Array, Float64Array as ArrowF64, RecordBatch, StringArray, UInt64Array};
use napi::bindgen_prelude::{
    BigInt, BigUint64Array, Buffer, Env, Float64Array, JsObjectValue, Null, Object, ToNapiValue,
    Unknown,
};
use napi::{Either, JsValue, ValueType, sys};
use napi_derive::napi;
use ona_kafka::EdgeEvent;
use ona_neo4j::{Params, Value};
use ona_redis::{CacheStats, CachedMetric, Metric, Source};

use super::engine::{TimeIn, time, unsigned};
use crate::error::{self, INTERNAL, Result};

/// Largest integer a JS number holds exactly.
const MAX_SAFE: u64 = (1 << 53) - 1;

/// A `u64` as a number when exact, else a BigInt.
pub type U64Out = Either<f64, BigInt>;

/// A `u64` as a number when exact, else a BigInt.
#[allow(clippy::cast_precision_loss)] // only below 2^53
pub fn u64_out(x: u64) -> U64Out {
    if x <= MAX_SAFE {
        Either::A(x as f64)
    } else {
        Either::B(BigInt::from(x))
    }
}

/// An `i64` as a number when exact, else a BigInt.
#[allow(clippy::cast_precision_loss)] // only within ±(2^53 - 1)
pub fn i64_out(x: i64) -> U64Out {
    if x.unsigned_abs() <= MAX_SAFE {
        Either::A(x as f64)
    } else {
        Either::B(BigInt::from(x))
    }
}

/// A version given as a non-negative integer number or a BigInt.
pub fn version_in(v: &TimeIn) -> Result<u64> {
    unsigned("version", v)
}

/// A metric name (`degree`, `pagerank`, `betweenness`).
pub fn metric(name: &str) -> Result<Metric> {
    name.parse().map_err(error::redis)
}

/// Metric names.
pub fn metrics(names: &[String]) -> Result<Vec<Metric>> {
    names.iter().map(|n| metric(n)).collect()
}

// ------------------------------------------------------------------ cache

/// A metric as served by the cache.
#[napi(object, object_from_js = false)]
pub struct CachedMetricOut {
    /// The graph version the values belong to.
    #[napi(ts_type = "number | bigint")]
    pub version: U64Out,
    /// `"cache"` (read from Redis) or `"computed"`.
    pub source: &'static str,
    /// The people, as the graph names them: integer ids (as `u64`) ...
    pub int_ids: Option<BigUint64Array>,
    /// ... or string ids.
    pub str_ids: Option<Vec<String>>,
    /// One value per person, in id order.
    pub scores: Float64Array,
}

/// The cached table's `id` and `metric` columns.
pub fn cached(m: CachedMetric, metric: Metric) -> Result<CachedMetricOut> {
    let internal = |what: String| error::Error::new(INTERNAL, format!("cached table: {what}"));
    let batch: &RecordBatch = &m.batch;
    let col = batch
        .column_by_name("id")
        .ok_or_else(|| internal("no id column".into()))?;
    let (int_ids, str_ids) = if let Some(a) = col.as_any().downcast_ref::<UInt64Array>() {
        (Some(BigUint64Array::new(a.values().to_vec())), None)
    } else if let Some(a) = col.as_any().downcast_ref::<StringArray>() {
        let names = a.iter().map(|s| s.unwrap_or_default().to_owned()).collect();
        (None, Some(names))
    } else {
        return Err(internal(format!("id column of type {}", col.data_type())));
    };
    let values = batch
        .column_by_name(metric.name())
        .and_then(|c| c.as_any().downcast_ref::<ArrowF64>())
        .ok_or_else(|| internal(format!("no {} column", metric.name())))?;
    Ok(CachedMetricOut {
        version: u64_out(m.version),
        source: match m.source {
            Source::Cache => "cache",
            Source::Computed => "computed",
        },
        int_ids,
        str_ids,
        scores: Float64Array::new(values.values().to_vec()),
    })
}

/// What `warm` did.
#[napi(object, object_from_js = false)]
pub struct WarmOut {
    /// The version the metrics were computed on.
    #[napi(ts_type = "number | bigint")]
    pub version: U64Out,
    /// How many Redis took (fewer than asked when Redis is down).
    pub stored: u32,
}

/// The cache's counters.
#[napi(object, object_from_js = false)]
#[derive(Debug)]
pub struct CacheStatsOut {
    pub hits: f64,
    pub misses: f64,
    pub computed: f64,
    pub stored: f64,
    pub corrupt: f64,
    pub redis_unavailable: f64,
}

#[allow(clippy::cast_precision_loss)] // counters stay far below 2^53
impl From<CacheStats> for CacheStatsOut {
    fn from(s: CacheStats) -> Self {
        Self {
            hits: s.hits as f64,
            misses: s.misses as f64,
            computed: s.computed as f64,
            stored: s.stored as f64,
            corrupt: s.corrupt as f64,
            redis_unavailable: s.redis_unavailable as f64,
        }
    }
}

// ------------------------------------------------------------------ neo4j

/// Options of `Neo4j.connect` (the facade fills them from `ONA_NEO4J_*`).
#[napi(object, js_name = "Neo4jOptions")]
#[derive(Clone, Default)]
pub struct Neo4jOptions {
    pub uri: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub database: Option<String>,
    pub fetch_size: Option<f64>,
    pub max_connections: Option<f64>,
}

impl std::fmt::Debug for Neo4jOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Neo4jOptions")
            .field("uri", &self.uri)
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

impl Neo4jOptions {
    /// The driver settings; a missing URI is `ONA_INVALID_PARAMETER`.
    pub fn config(self) -> Result<ona_neo4j::ConnectConfig> {
        let uri = self.uri.ok_or_else(|| {
            error::neo4j(ona_neo4j::Error::MissingEnv {
                var: "ONA_NEO4J_URI",
            })
        })?;
        let mut c = ona_neo4j::ConnectConfig::default().uri(uri);
        if let Some(u) = self.user {
            c = c.user(u);
        }
        if let Some(p) = self.password {
            c = c.password(p);
        }
        if let Some(d) = self.database {
            c = c.database(d);
        }
        if let Some(n) = self.fetch_size {
            c = c.fetch_size(positive("fetchSize", n)?);
        }
        if let Some(n) = self.max_connections {
            c = c.max_connections(positive("maxConnections", n)?);
        }
        Ok(c)
    }
}

/// A count of at least 1.
fn positive(name: &'static str, x: f64) -> Result<usize> {
    match super::size(name, x) {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(error::invalid(name, x, "a positive integer")),
    }
}

/// Options of `Neo4j.write`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Label of the nodes written (default `Person`).
    pub label: Option<String>,
    /// Property holding the external id (default `id`).
    pub id_key: Option<String>,
    /// Rows per transaction (default 10,000).
    pub batch_size: Option<f64>,
}

impl WriteOptions {
    pub fn config(self) -> Result<ona_neo4j::WriteConfig> {
        let mut c = ona_neo4j::WriteConfig::default();
        if let Some(l) = self.label {
            c = c.label(l);
        }
        if let Some(k) = self.id_key {
            c = c.id_key(k);
        }
        if let Some(n) = self.batch_size {
            c = c.batch_size(positive("batchSize", n)?);
        }
        Ok(c)
    }
}

/// Rows read by a projection, and the newest timestamp.
#[napi(object, object_from_js = false)]
pub struct CountsOut {
    /// Rows of the node query.
    pub nodes: f64,
    /// Rows of the relationship query.
    pub relationships: f64,
    /// Largest integer `timestamp` of the relationship rows, if any.
    #[napi(ts_type = "number | bigint | null")]
    pub max_timestamp: Option<U64Out>,
}

/// What a write-back did.
#[napi(object, object_from_js = false)]
pub struct WriteOut {
    /// Nodes written.
    pub rows: f64,
    /// Transactions committed.
    pub batches: f64,
    /// Wall time, seconds.
    pub seconds: f64,
}

#[allow(clippy::cast_precision_loss)] // row counts stay far below 2^53
impl From<ona_neo4j::WriteReport> for WriteOut {
    fn from(r: ona_neo4j::WriteReport) -> Self {
        Self {
            rows: r.rows as f64,
            batches: r.batches as f64,
            seconds: r.seconds,
        }
    }
}

#[allow(clippy::cast_precision_loss)]
pub fn counts(v: &ona_neo4j::GraphVersion) -> CountsOut {
    CountsOut {
        nodes: v.node_rows as f64,
        relationships: v.relationship_rows as f64,
        max_timestamp: v.max_timestamp.map(i64_out),
    }
}

/// Query parameters: a plain object whose values are `null`, booleans,
/// numbers (integers below 2^53 in size as Cypher integers, others as
/// floats), BigInts (integers), strings, arrays and plain objects of these.
pub fn params(p: Option<Unknown<'_>>) -> Result<Params> {
    let Some(p) = p else {
        return Ok(Vec::new());
    };
    match value("params", p)? {
        Value::Null => Ok(Vec::new()),
        Value::Map(kv) => Ok(kv),
        _ => Err(error::invalid(
            "params",
            "a non-object",
            "an object of parameters",
        )),
    }
}

fn value(path: &str, v: Unknown<'_>) -> Result<Value> {
    let napi = |e: napi::Error| {
        error::invalid("params", format!("{path}: {}", e.reason), "a Cypher value")
    };
    let bad = |what: &str| {
        error::invalid(
            "params",
            format!("{path} is {what}"),
            "null, a boolean, number, BigInt, string, array or plain object",
        )
    };
    match v.get_type().map_err(napi)? {
        ValueType::Null | ValueType::Undefined => Ok(Value::Null),
        ValueType::Boolean => Ok(Value::Bool(
            // SAFETY: `get_type` reported a boolean.
            unsafe { v.cast::<bool>() }.map_err(napi)?,
        )),
        ValueType::Number => {
            // SAFETY: `get_type` reported a number.
            let x = unsafe { v.cast::<f64>() }.map_err(napi)?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            let int = (x.fract() == 0.0 && x.abs() <= MAX_SAFE as f64).then_some(x as i64);
            Ok(int.map_or(Value::Float(x), Value::Int))
        }
        ValueType::BigInt => {
            // SAFETY: `get_type` reported a BigInt.
            let b = unsafe { v.cast::<BigInt>() }.map_err(napi)?;
            time("params", &Either::B(b))
                .map(Value::Int)
                .map_err(|_| bad("a BigInt outside the i64 range"))
        }
        ValueType::String => Ok(Value::Str(
            // SAFETY: `get_type` reported a string.
            unsafe { v.cast::<String>() }.map_err(napi)?,
        )),
        ValueType::Object if v.is_array().map_err(napi)? => {
            // SAFETY: `is_array` holds.
            let items = unsafe { v.cast::<Vec<Unknown<'_>>>() }.map_err(napi)?;
            let list = items
                .into_iter()
                .enumerate()
                .map(|(i, x)| value(&format!("{path}[{i}]"), x))
                .collect::<Result<_>>()?;
            Ok(Value::List(list))
        }
        ValueType::Object => {
            // SAFETY: `get_type` reported an object.
            let o = unsafe { v.cast::<Object<'_>>() }.map_err(napi)?;
            let mut kv = Vec::new();
            for k in Object::keys(&o).map_err(napi)? {
                let x: Unknown<'_> = o.get_named_property(&k).map_err(napi)?;
                let x = value(&format!("{path}.{k}"), x)?;
                kv.push((k, x));
            }
            Ok(Value::Map(kv))
        }
        t => Err(bad(&format!("a {t}"))),
    }
}

/// A Cypher value on its way to JS: integers as numbers while exact (else
/// BigInts), maps as plain objects (keys sorted).
pub struct CypherOut(pub Value);

/// Rows as plain objects.
pub fn rows(rows: Vec<HashMap<String, Value>>) -> Vec<CypherOut> {
    rows.into_iter()
        .map(|r| {
            let mut kv: Vec<(String, Value)> = r.into_iter().collect();
            kv.sort_by(|a, b| a.0.cmp(&b.0));
            CypherOut(Value::Map(kv))
        })
        .collect()
}

impl ToNapiValue for CypherOut {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: `env` is the environment napi-rs handed to this conversion.
        unsafe {
            match val.0 {
                Value::Null => Null::to_napi_value(env, Null),
                Value::Bool(b) => bool::to_napi_value(env, b),
                Value::Int(x) => U64Out::to_napi_value(env, i64_out(x)),
                Value::Float(x) => f64::to_napi_value(env, x),
                Value::Str(s) => String::to_napi_value(env, s),
                Value::List(xs) => {
                    Vec::<CypherOut>::to_napi_value(env, xs.into_iter().map(CypherOut).collect())
                }
                Value::Map(kv) => {
                    let mut o = Object::new(&Env::from_raw(env))?;
                    for (k, v) in kv {
                        o.set_named_property(&k, CypherOut(v))?;
                    }
                    Ok(o.raw())
                }
            }
        }
    }
}

// ------------------------------------------------------------------ kafka

/// One edge event, as `KafkaProducer.send` takes it (schema version 1).
#[napi(object)]
#[derive(Debug, Clone)]
pub struct EdgeEventIn {
    pub tenant: String,
    pub graph: String,
    pub src: String,
    pub dst: String,
    /// Finite (default 1).
    pub weight: Option<f64>,
    /// Event time (default 0).
    #[napi(ts_type = "number | bigint")]
    pub ts: Option<TimeIn>,
    /// Event id, unique per event (the facade draws a random one when left out).
    #[napi(ts_type = "number | bigint")]
    pub id: TimeIn,
    /// `"add"` (default), `"remove"` or `"set"`.
    pub op: Option<String>,
}

/// Checked events: each must read back, as a worker will read it, as
/// itself (so a bad tenant or graph name, a bad op or a non-finite
/// weight is refused here, with `ONA_INVALID_EVENT`, not dead-lettered).
pub fn events(es: Vec<EdgeEventIn>) -> Result<Vec<EdgeEvent>> {
    es.into_iter()
        .enumerate()
        .map(|(i, e)| {
            let refuse = |why: String| {
                error::Error::new(
                    error::Code::new(ona_engine::ErrorKind::InvalidEvent.code()),
                    format!("event {i}: {why}"),
                )
            };
            let op = match e.op.as_deref() {
                None => ona_engine::Op::Add,
                Some(s) => ona_engine::Op::parse(s)
                    .ok_or_else(|| refuse(format!("op {s:?}: expected add, set or remove")))?,
            };
            let weight = e.weight.unwrap_or(1.0);
            if !weight.is_finite() {
                return Err(refuse(format!("weight {weight} is not finite")));
            }
            let ts =
                e.ts.as_ref()
                    .map_or(Ok(0), |t| time("ts", t))
                    .map_err(|x| refuse(x.reason.clone()))?;
            let id = unsigned("id", &e.id).map_err(|x| refuse(x.reason.clone()))?;
            let ev = EdgeEvent {
                tenant: e.tenant,
                graph: e.graph,
                src: e.src,
                dst: e.dst,
                weight,
                ts,
                op,
                id,
            };
            match EdgeEvent::parse(Some(ev.tenant.as_bytes()), &ev.to_json()) {
                Ok(back) if back == ev => Ok(ev),
                Ok(_) => Err(refuse("does not read back as itself".into())),
                Err(r) => Err(refuse(r.to_string())),
            }
        })
        .collect()
}

/// A message read back from a topic.
#[napi(object, object_from_js = false)]
pub struct RecordOut {
    pub partition: u32,
    pub offset: f64,
    pub key: Option<Buffer>,
    pub payload: Buffer,
    /// Headers, by name (values as UTF-8 text).
    pub headers: HashMap<String, String>,
}

#[allow(clippy::cast_precision_loss)] // offsets stay far below 2^53
impl From<ona_kafka::Record> for RecordOut {
    fn from(r: ona_kafka::Record) -> Self {
        Self {
            partition: r.partition,
            offset: r.offset as f64,
            key: r.key.map(Buffer::from),
            payload: Buffer::from(r.payload),
            headers: r
                .headers
                .into_iter()
                .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
                .collect(),
        }
    }
}

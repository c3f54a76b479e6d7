//! The wire format: one JSON edge event per message, keyed by tenant.
//!
//! ```json
//! {"v":1,"tenant":"acme","graph":"email","src":"ann","dst":"bob","weight":1.0,"ts":1700000000,"op":"add","id":123}
//! ```
//!
//! `v`, `tenant`, `graph`, `src`, `dst` and `id` are required; `weight`
//! (default 1.0), `ts` (default 0) and `op` (`add`, `set`, `remove`; default
//! `add`) are optional; unknown fields are ignored. The message key must be
//! the tenant id, so that all of a tenant's events land in one partition.

use std::borrow::Cow;
use std::fmt;

use ona_engine::{GraphName, Op, TenantId};
use serde::{Deserialize, Serialize};

/// The schema version this crate reads and writes.
pub const SCHEMA_VERSION: u64 = 1;

/// One edge event, parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeEvent {
    /// Tenant id (also the message key).
    pub tenant: String,
    /// Graph name.
    pub graph: String,
    /// Source person.
    pub src: String,
    /// Target person.
    pub dst: String,
    /// Weight (finite).
    pub weight: f64,
    /// Event time (milliseconds since the epoch by convention).
    pub ts: i64,
    /// Operation.
    pub op: Op,
    /// Event id: unique per event; a redelivered or re-sent event keeps its id.
    pub id: u64,
}

/// Why a message was sent to the dead-letter topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Stable code: `bad_json`, `unknown_version`, `missing_field`,
    /// `bad_field`, `invalid_tenant`, `invalid_graph`, `key_mismatch`,
    /// `invalid_event` (refused by the engine's checks) or `refused` (a
    /// tier limit or conflict that retrying cannot fix).
    pub code: &'static str,
    /// Human-readable detail.
    pub detail: String,
}

impl Rejection {
    pub(crate) fn new(code: &'static str, detail: impl Into<String>) -> Self {
        Self { code, detail: detail.into() }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)
    }
}

#[derive(Deserialize)]
struct Wire<'a> {
    v: Option<u64>,
    #[serde(borrow)]
    tenant: Option<Cow<'a, str>>,
    #[serde(borrow)]
    graph: Option<Cow<'a, str>>,
    #[serde(borrow)]
    src: Option<Cow<'a, str>>,
    #[serde(borrow)]
    dst: Option<Cow<'a, str>>,
    weight: Option<f64>,
    ts: Option<i64>,
    #[serde(borrow)]
    op: Option<Cow<'a, str>>,
    id: Option<u64>,
}

/// The fields of a message in exactly the form [`EdgeEvent::to_json`]
/// writes (every field, in its order, no whitespace, strings without
/// escapes or control characters, plain numbers), read without serde; `None`
/// for anything else, which serde_json then reads. Where this accepts a
/// message it yields what serde_json would: the strings are the same bytes
/// (checked UTF-8), integers are exact, and a weight is taken only with at
/// most 15 significant digits and no exponent, where both parsers round
/// the decimal exactly.
fn canonical(p: &[u8]) -> Option<Wire<'_>> {
    struct Cur<'a> {
        p: &'a [u8],
        at: usize,
    }
    impl<'a> Cur<'a> {
        fn lit(&mut self, l: &[u8]) -> Option<()> {
            (self.p.get(self.at..self.at.checked_add(l.len())?)? == l).then_some(())?;
            self.at += l.len();
            Some(())
        }
        /// A string's content up to its closing quote (no escapes, no control characters).
        fn string(&mut self) -> Option<&'a str> {
            let rest = self.p.get(self.at..)?;
            let len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            (rest[len] == b'"').then_some(())?;
            let s = std::str::from_utf8(&rest[..len]).ok()?;
            self.at += len + 1;
            Some(s)
        }
        /// A JSON number's text: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, no exponent.
        fn number(&mut self, fraction: bool) -> Option<&'a str> {
            let start = self.at;
            if self.p.get(self.at) == Some(&b'-') {
                self.at += 1;
            }
            let digits = |c: &mut Self| {
                let n = c.p.get(c.at..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
                c.at += n;
                n
            };
            let int_start = self.at;
            let n = digits(self);
            // No leading zeros; and no "-0" for integers (serde_json reads it as a float).
            if n == 0 || (n > 1 && self.p[int_start] == b'0') || (!fraction && start != int_start && self.p[int_start] == b'0') {
                return None;
            }
            if fraction && self.p.get(self.at) == Some(&b'.') {
                self.at += 1;
                if digits(self) == 0 {
                    return None;
                }
            }
            if matches!(self.p.get(self.at), Some(b'e' | b'E' | b'.')) {
                return None;
            }
            std::str::from_utf8(&self.p[start..self.at]).ok()
        }
    }
    let mut c = Cur { p, at: 0 };
    c.lit(br#"{"v":1,"tenant":""#)?;
    let tenant = c.string()?;
    c.lit(br#","graph":""#)?;
    let graph = c.string()?;
    c.lit(br#","src":""#)?;
    let src = c.string()?;
    c.lit(br#","dst":""#)?;
    let dst = c.string()?;
    c.lit(br#","weight":"#)?;
    let w = c.number(true)?;
    if w.bytes().filter(u8::is_ascii_digit).count() > 15 {
        return None;
    }
    let weight: f64 = w.parse().ok()?;
    c.lit(br#","ts":"#)?;
    let ts = c.number(false)?;
    if ts.len() > 18 {
        return None;
    }
    let ts: i64 = ts.parse().ok()?;
    c.lit(br#","op":""#)?;
    let op = c.string()?;
    c.lit(br#","id":"#)?;
    let id = c.number(false)?;
    if id.starts_with('-') || id.len() > 19 {
        return None;
    }
    let id: u64 = id.parse().ok()?;
    c.lit(b"}")?;
    (c.at == p.len()).then_some(())?;
    Some(Wire {
        v: Some(SCHEMA_VERSION),
        tenant: Some(Cow::Borrowed(tenant)),
        graph: Some(Cow::Borrowed(graph)),
        src: Some(Cow::Borrowed(src)),
        dst: Some(Cow::Borrowed(dst)),
        weight: Some(weight),
        ts: Some(ts),
        op: Some(Cow::Borrowed(op)),
        id: Some(id),
    })
}

#[derive(Serialize)]
struct WireOut<'a> {
    v: u64,
    tenant: &'a str,
    graph: &'a str,
    src: &'a str,
    dst: &'a str,
    weight: f64,
    ts: i64,
    op: &'a str,
    id: u64,
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Add => "add",
        Op::Remove => "remove",
        Op::Set => "set",
    }
}

impl EdgeEvent {
    /// Parse and check one message. `key` is the message key (`None` if it
    /// has none, which is accepted); when present it must equal the tenant.
    /// Never panics; every way a message can be wrong is a [`Rejection`].
    ///
    /// ```
    /// use ona_kafka::EdgeEvent;
    /// let m = br#"{"v":1,"tenant":"acme","graph":"email","src":"ann","dst":"bob","id":7}"#;
    /// let e = EdgeEvent::parse(Some(b"acme"), m).expect("valid");
    /// assert_eq!((e.weight, e.id), (1.0, 7));
    /// assert_eq!(EdgeEvent::parse(None, br#"{"v":2}"#).expect_err("v2").code, "unknown_version");
    /// ```
    pub fn parse(key: Option<&[u8]>, payload: &[u8]) -> Result<Self, Rejection> {
        let w: Wire<'_> = match canonical(payload) {
            Some(w) => w,
            None => serde_json::from_slice(payload).map_err(|e| {
                let msg = e.to_string();
                match e.classify() {
                    serde_json::error::Category::Data => Rejection::new("bad_field", msg),
                    _ => Rejection::new("bad_json", msg),
                }
            })?,
        };
        match w.v {
            Some(SCHEMA_VERSION) => {}
            Some(v) => return Err(Rejection::new("unknown_version", format!("schema version {v}, this reader knows {SCHEMA_VERSION}"))),
            None => return Err(Rejection::new("missing_field", "v")),
        }
        let need = |x: Option<Cow<'_, str>>, name: &str| x.map(Cow::into_owned).ok_or_else(|| Rejection::new("missing_field", name));
        let tenant = need(w.tenant, "tenant")?;
        let graph = need(w.graph, "graph")?;
        let src = need(w.src, "src")?;
        let dst = need(w.dst, "dst")?;
        let id = w.id.ok_or_else(|| Rejection::new("missing_field", "id"))?;
        TenantId::new(&tenant).map_err(|e| Rejection::new("invalid_tenant", e.to_string()))?;
        GraphName::new(&graph).map_err(|e| Rejection::new("invalid_graph", e.to_string()))?;
        if let Some(k) = key
            && k != tenant.as_bytes()
        {
            return Err(Rejection::new(
                "key_mismatch",
                format!("message key {:?} is not the tenant {tenant:?}", String::from_utf8_lossy(k)),
            ));
        }
        let op = match w.op.as_deref() {
            None => Op::Add,
            Some(s) => Op::parse(s).ok_or_else(|| Rejection::new("bad_field", format!("op {s:?}: expected add, set or remove")))?,
        };
        Ok(Self { tenant, graph, src, dst, weight: w.weight.unwrap_or(1.0), ts: w.ts.unwrap_or(0), op, id })
    }

    /// The message bytes (schema version [`SCHEMA_VERSION`]).
    pub fn to_json(&self) -> Vec<u8> {
        let out = WireOut {
            v: SCHEMA_VERSION,
            tenant: &self.tenant,
            graph: &self.graph,
            src: &self.src,
            dst: &self.dst,
            weight: self.weight,
            ts: self.ts,
            op: op_name(self.op),
            id: self.id,
        };
        // Serialising plain strings and numbers cannot fail; a non-finite
        // weight would be written as `null` and rejected by readers.
        serde_json::to_vec(&out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let e = EdgeEvent {
            tenant: "acme".into(),
            graph: "email".into(),
            src: "a\"nn".into(),
            dst: "bob".into(),
            weight: 2.5,
            ts: 17,
            op: Op::Set,
            id: 9,
        };
        assert_eq!(EdgeEvent::parse(Some(b"acme"), &e.to_json()).expect("round trip"), e);
        let code = |k: Option<&[u8]>, m: &str| EdgeEvent::parse(k, m.as_bytes()).expect_err("must be rejected").code;
        assert_eq!(code(None, "{not json"), "bad_json");
        assert_eq!(code(None, ""), "bad_json");
        assert_eq!(code(None, r#"{"v":3,"tenant":"a"}"#), "unknown_version");
        assert_eq!(code(None, r#"{"v":1,"tenant":"a","graph":"g","src":"x","id":1}"#), "missing_field");
        assert_eq!(code(None, r#"{"v":1,"tenant":"a b","graph":"g","src":"x","dst":"y","id":1}"#), "invalid_tenant");
        assert_eq!(code(None, r#"{"v":1,"tenant":"a","graph":".g","src":"x","dst":"y","id":1}"#), "invalid_graph");
        assert_eq!(code(Some(b"b"), r#"{"v":1,"tenant":"a","graph":"g","src":"x","dst":"y","id":1}"#), "key_mismatch");
        assert_eq!(code(None, r#"{"v":1,"tenant":"a","graph":"g","src":"x","dst":"y","id":1,"op":"mul"}"#), "bad_field");
        assert_eq!(code(None, r#"{"v":1,"tenant":"a","graph":"g","src":"x","dst":"y","id":-1}"#), "bad_field");
        assert_eq!(code(None, r#"{"v":1,"tenant":"a","graph":"g","src":"x","dst":"y","id":1,"weight":1e999}"#), "bad_json");
    }

    type Fields<'a> = (Option<u64>, [Option<Cow<'a, str>>; 5], Option<u64>, Option<i64>, Option<u64>);

    fn fields(w: Wire<'_>) -> Fields<'_> {
        (w.v, [w.tenant, w.graph, w.src, w.dst, w.op], w.weight.map(f64::to_bits), w.ts, w.id)
    }

    /// Wherever the fast reader accepts a message, serde_json reads the same
    /// fields; it accepts what `to_json` writes.
    #[test]
    fn canonical_reader_agrees_with_serde() {
        let w = crate::Workload::generate(&crate::WorkloadConfig::default().size(5, 3000).faults(0.2, 0.1).seed(3));
        let mut payloads: Vec<Vec<u8>> = w.messages.iter().map(|m| m.payload.clone()).collect();
        let canon = |weight: &str, ts: &str, id: &str, s: &str| {
            format!(r#"{{"v":1,"tenant":"t","graph":"g","src":"{s}","dst":"b","weight":{weight},"ts":{ts},"op":"set","id":{id}}}"#)
        };
        for weight in [
            "1",
            "-0",
            "0.1",
            "2.5",
            "01",
            "1.",
            "-1.25",
            "1e3",
            "1.5E2",
            "123456789012345",
            "1234567890123456",
            "0.30000000000000004",
            "-",
        ] {
            for ts in ["0", "-0", "-5", "17", "999999999999999999", "9223372036854775807", "00", "1.0"] {
                for id in ["0", "7", "-1", "18446744073709551615", "1844674407370955161", "1e2"] {
                    for s in ["ann", r#"a\"n"#, r"a\\n", r"\u00e9", "é", r"a\tb", r"a\u0001", "a\u{1}b", "a\tb"] {
                        payloads.push(canon(weight, ts, id, s).into_bytes());
                    }
                }
            }
        }
        payloads.push(
            b"{\"v\":1,\"tenant\":\"t\",\"graph\":\"g\",\"src\":\"a\x01\",\"dst\":\"b\",\"weight\":1.0,\"ts\":0,\"op\":\"add\",\"id\":1}"
                .to_vec(),
        );
        payloads.push(
            b"{\"v\":1,\"tenant\":\"t\",\"graph\":\"g\",\"src\":\"\xff\",\"dst\":\"b\",\"weight\":1.0,\"ts\":0,\"op\":\"add\",\"id\":1}"
                .to_vec(),
        );
        let mut fast = 0;
        for p in &payloads {
            if let Some(c) = canonical(p) {
                fast += 1;
                let s: Wire<'_> =
                    serde_json::from_slice(p).unwrap_or_else(|e| panic!("serde refuses {:?}: {e}", String::from_utf8_lossy(p)));
                assert_eq!(fields(c), fields(s), "{:?}", String::from_utf8_lossy(p));
            }
        }
        assert!(fast > 2000, "the fast reader took only {fast} messages");
        let valid = w.messages.iter().filter(|m| m.kind == crate::Kind::Valid);
        assert!(valid.clone().all(|m| canonical(&m.payload).is_some()), "to_json output must take the fast path");
    }
}

//! Deterministic test and demo traffic, and the model it must produce.
//!
//! [`Workload::generate`] makes a seeded stream of edge events for `tenants`
//! tenants (two graphs each, `email` and `chat`, 100 people), with a share
//! of malformed messages (each kind of [`crate::Rejection`] the worker can
//! produce) and of duplicates (an earlier event sent again, same id). The
//! [`Model`] is what the unique valid events do, applied in order:
//! `add` sums integer weights (so sums are exact), `set` replaces, `remove`
//! deletes.

use std::collections::BTreeMap;

use ona_engine::{Engine, Op};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::schema::EdgeEvent;

/// What to generate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WorkloadConfig {
    /// Tenants (`t00`, `t01`, ...).
    pub tenants: usize,
    /// Messages in all (valid, duplicate and malformed).
    pub events: usize,
    /// Share of malformed messages.
    pub malformed: f64,
    /// Share of duplicates.
    pub duplicates: f64,
    /// People per tenant graph.
    pub people: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for WorkloadConfig {
    fn default() -> Self {
        Self { tenants: 50, events: 200_000, malformed: 0.01, duplicates: 0.05, people: 100, seed: 42 }
    }
}

impl WorkloadConfig {
    /// Set the counts.
    #[must_use]
    pub fn size(mut self, tenants: usize, events: usize) -> Self {
        self.tenants = tenants;
        self.events = events;
        self
    }
    /// Set the shares of malformed messages and duplicates.
    #[must_use]
    pub fn faults(mut self, malformed: f64, duplicates: f64) -> Self {
        self.malformed = malformed;
        self.duplicates = duplicates;
        self
    }
    /// Set the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// What a generated message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A new event.
    Valid,
    /// An earlier event sent again.
    Duplicate,
    /// Malformed: the rejection code the worker must give it.
    Malformed(&'static str),
}

/// One message to produce.
#[derive(Debug, Clone)]
pub struct Message {
    /// Key (the tenant).
    pub key: String,
    /// Payload.
    pub payload: Vec<u8>,
    /// What it is.
    pub kind: Kind,
}

/// Edge weights per (tenant, graph): the expected end state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// `(tenant, graph) -> (src, dst) -> weight`.
    pub graphs: BTreeMap<(String, String), BTreeMap<(String, String), f64>>,
}

impl Model {
    fn apply(&mut self, e: &EdgeEvent) {
        let g = self.graphs.entry((e.tenant.clone(), e.graph.clone())).or_default();
        let k = (e.src.clone(), e.dst.clone());
        match e.op {
            Op::Add => *g.entry(k).or_insert(0.0) += e.weight,
            Op::Set => {
                g.insert(k, e.weight);
            }
            Op::Remove => {
                g.remove(&k);
            }
        }
    }

    /// Edges in all graphs.
    pub fn edge_count(&self) -> usize {
        self.graphs.values().map(BTreeMap::len).sum()
    }

    /// A BLAKE3 digest of every (tenant, graph, src, dst, weight bits), in
    /// order: equal models have equal digests.
    pub fn digest(&self) -> String {
        let mut h = blake3::Hasher::new();
        for ((t, g), edges) in &self.graphs {
            for ((s, d), w) in edges {
                for part in [t.as_bytes(), g.as_bytes(), s.as_bytes(), d.as_bytes()] {
                    h.update(&(part.len() as u64).to_le_bytes());
                    h.update(part);
                }
                h.update(&w.to_bits().to_le_bytes());
            }
        }
        h.finalize().to_hex().to_string()
    }

    /// Add every graph of `engine` (string keys) to the model: used to read
    /// back the partitions' engines from a snapshot store. Graphs with no
    /// edges are left out, as the model has none.
    pub fn add_engine(&mut self, engine: &Engine) -> Result<()> {
        let err = |e| Error::Engine { partition: u32::MAX, source: e };
        for (id, tier) in engine.tenants() {
            let t = engine.tenant(id.as_str(), tier).map_err(err)?;
            for name in t.graphs() {
                let view = t.graph(name.as_str()).map_err(err)?;
                let g = view.graph();
                let adj = g.out_adj();
                let (offsets, targets) = (adj.offsets(), adj.targets());
                let key = |v: u32| match g.ids().external(ona_core::NodeId(v)) {
                    Some(ona_core::graph::ExternalId::Str(s)) => s.to_owned(),
                    Some(ona_core::graph::ExternalId::U64(x)) => x.to_string(),
                    None => v.to_string(),
                };
                let mut edges = BTreeMap::new();
                for v in 0..offsets.len().saturating_sub(1) {
                    let vu = u32::try_from(v).unwrap_or(u32::MAX);
                    let (a, b) = (usize::try_from(offsets[v]).unwrap_or(0), usize::try_from(offsets[v + 1]).unwrap_or(0));
                    for (i, &u) in targets.iter().enumerate().take(b).skip(a) {
                        let w = adj.weights().map_or(1.0, |w| w.get(i));
                        edges.insert((key(vu), key(u)), w);
                    }
                }
                if !edges.is_empty() {
                    self.graphs.insert((id.as_str().to_owned(), name.as_str().to_owned()), edges);
                }
            }
        }
        Ok(())
    }
}

/// A generated stream and its model.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Messages, in production order.
    pub messages: Vec<Message>,
    /// What the unique valid events produce.
    pub model: Model,
}

/// Malformed kinds, cycled through.
const MALFORMED: [&str; 6] = ["bad_json", "unknown_version", "missing_field", "invalid_tenant", "key_mismatch", "invalid_event"];

impl Workload {
    /// Generate; the same config gives the same messages.
    pub fn generate(cfg: &WorkloadConfig) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        let tenants: Vec<String> = (0..cfg.tenants.max(1)).map(|t| format!("t{t:02}")).collect();
        let people = cfg.people.max(2);
        let mut model = Model::default();
        let mut valid: Vec<EdgeEvent> = Vec::new();
        let mut messages = Vec::with_capacity(cfg.events);
        let mut next_id: u64 = 1;
        let mut bad = 0usize;
        for i in 0..cfg.events {
            let tenant = tenants[rng.random_range(0..tenants.len())].clone();
            let x: f64 = rng.random();
            if x < cfg.malformed {
                let code = MALFORMED[bad % MALFORMED.len()];
                bad += 1;
                let id = next_id;
                next_id += 1;
                let payload = match code {
                    "bad_json" => format!("{{\"v\":1,\"tenant\":\"{tenant}\",\"graph\":").into_bytes(),
                    "unknown_version" => format!("{{\"v\":2,\"tenant\":\"{tenant}\",\"edge\":[\"a\",\"b\"],\"id\":{id}}}").into_bytes(),
                    "missing_field" => {
                        format!("{{\"v\":1,\"tenant\":\"{tenant}\",\"graph\":\"email\",\"src\":\"p1\",\"id\":{id}}}").into_bytes()
                    }
                    "invalid_tenant" => {
                        format!("{{\"v\":1,\"tenant\":\"{tenant} x!\",\"graph\":\"email\",\"src\":\"p1\",\"dst\":\"p2\",\"id\":{id}}}")
                            .into_bytes()
                    }
                    "key_mismatch" => {
                        format!("{{\"v\":1,\"tenant\":\"{tenant}x\",\"graph\":\"email\",\"src\":\"p1\",\"dst\":\"p2\",\"id\":{id}}}")
                            .into_bytes()
                    }
                    // Passes the schema; refused by the engine (empty node key).
                    _ => format!("{{\"v\":1,\"tenant\":\"{tenant}\",\"graph\":\"email\",\"src\":\"\",\"dst\":\"p2\",\"id\":{id}}}")
                        .into_bytes(),
                };
                messages.push(Message { key: tenant, payload, kind: Kind::Malformed(code) });
                continue;
            }
            if x < cfg.malformed + cfg.duplicates && !valid.is_empty() {
                let e = &valid[rng.random_range(0..valid.len())];
                messages.push(Message { key: e.tenant.clone(), payload: e.to_json(), kind: Kind::Duplicate });
                continue;
            }
            let graph = if rng.random_bool(0.7) { "email" } else { "chat" };
            let s = rng.random_range(0..people);
            let d = (s + rng.random_range(1..people)) % people;
            let r: f64 = rng.random();
            let op = if r < 0.9 {
                Op::Add
            } else if r < 0.95 {
                Op::Set
            } else {
                Op::Remove
            };
            let weight = f64::from(rng.random_range(1..=5u32));
            let ts = 1_700_000_000_000 + i64::try_from(i).unwrap_or(0);
            let e = EdgeEvent {
                tenant: tenant.clone(),
                graph: graph.into(),
                src: format!("p{s}"),
                dst: format!("p{d}"),
                weight,
                ts,
                op,
                id: next_id,
            };
            next_id += 1;
            model.apply(&e);
            messages.push(Message { key: tenant, payload: e.to_json(), kind: Kind::Valid });
            valid.push(e);
        }
        Self { messages, model }
    }
}

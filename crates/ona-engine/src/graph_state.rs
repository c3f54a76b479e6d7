//! One named graph of one tenant: its writer, its published version, its
//! compaction and its files.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use arc_swap::ArcSwap;
use ona_core::{Exec, Graph};
use roaring::RoaringTreemap;
use rustc_hash::FxHashSet;

use crate::delta::{EdgeOp, Run};
use crate::error::{Error, Result};
use crate::event::{EventBatch, KeyKind, Keys, NO_ID, Op};
use crate::journal::Entry;
use crate::keys::{KeyCol, NodeTable};
use crate::levels::Levels;
use crate::log::LogChunk;
use crate::merge::{Base, materialize};
use crate::name::GraphName;
use crate::persist::{self, Persisted};
use crate::tier::Limit;
use crate::version::{Delta, GraphView, Offsets, Version};

/// Log parts above this many rows are not merged again.
const LOG_SEAL: usize = 1 << 20;

/// How a graph is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphOptions {
    /// Directed (e-mail: sender → recipient; the default) or undirected (co-authorship).
    pub directed: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        Self { directed: true }
    }
}

/// What [`crate::Tenant::apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// The graph's version after the batch.
    pub version: u64,
    /// Events applied.
    pub applied: u64,
    /// Events skipped: below the stored source offset or with an event id seen before.
    pub skipped: u64,
    /// Nodes the batch added.
    pub new_nodes: u64,
}

/// Limits and counters of the tenant applying a batch.
pub(crate) struct Admission<'a> {
    pub(crate) tenant: &'a str,
    pub(crate) max_nodes: Option<u64>,
    pub(crate) memory: Option<(u64, u64)>, // (in use, allowed)
    /// Takes `n` tokens from the tenant's rate bucket, or says how many it holds.
    pub(crate) take_tokens: &'a dyn Fn(u64) -> Result<(), (u64, u64)>,
}

#[derive(Debug)]
struct Writer {
    kind: Option<KeyKind>,
    nodes: NodeTable,
    seen: RoaringTreemap,
    offsets: Offsets,
    number: u64,
    delta: Delta,
    log: Levels<LogChunk>,
}

#[derive(Debug)]
pub(crate) struct GraphState {
    pub(crate) name: GraphName,
    pub(crate) directed: bool,
    current: ArcSwap<Version>,
    writer: Mutex<Writer>,
    compacting: AtomicBool,
    writer_bytes: AtomicU64,
    persisted: Mutex<Persisted>,
    /// Last PageRank (version, graph, scores) for warm starts.
    pub(crate) pagerank: Mutex<Option<(u64, Arc<Graph>, Vec<f64>)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock cannot leave these structures half-updated
    // (every update is prepared first, then swapped in), so poisoning is ignored.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl GraphState {
    /// A new, empty graph stored in `dir`.
    pub(crate) fn create(name: GraphName, dir: &Path, opts: GraphOptions) -> Result<Self> {
        let persisted = Persisted::create(dir, opts.directed)?;
        Self::assemble(name, opts.directed, None, None, Levels::default(), Offsets::new(), 0, persisted)
    }

    /// The graph read back from `dir` (`None`: its creation never finished).
    pub(crate) fn recover(name: GraphName, dir: &Path, exec: &Exec) -> Result<Option<Self>> {
        let Some(r) = persist::recover(dir, exec)? else { return Ok(None) };
        Self::assemble(name, r.directed, r.kind, r.graph, r.log, r.offsets, r.version, r.persisted).map(Some)
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        name: GraphName,
        directed: bool,
        kind: Option<KeyKind>,
        graph: Option<Graph>,
        log: Levels<LogChunk>,
        offsets: Offsets,
        number: u64,
        persisted: Persisted,
    ) -> Result<Self> {
        let k = kind.unwrap_or(KeyKind::U64);
        let base = match graph {
            Some(g) => Base::from_graph(g)?,
            None => Base::empty(directed, k)?,
        };
        let keys = KeyCol::of_ids(base.graph.ids(), k);
        let mut seen = RoaringTreemap::new();
        for part in log.parts() {
            seen.extend(part.id.iter().copied().filter(|&i| i != NO_ID));
        }
        let offsets_arc = Arc::new(offsets.clone());
        let version = Version::new(number, k, Arc::new(base), None, Delta::default(), log.clone(), offsets_arc);
        let writer = Writer { kind, nodes: NodeTable::from_keys(&keys), seen, offsets, number, delta: Delta::default(), log };
        let state = Self {
            name,
            directed,
            current: ArcSwap::from_pointee(version),
            writer: Mutex::new(writer),
            compacting: AtomicBool::new(false),
            writer_bytes: AtomicU64::new(0),
            persisted: Mutex::new(persisted),
            pagerank: Mutex::new(None),
        };
        state.update_writer_bytes(&lock(&state.writer));
        Ok(state)
    }

    /// The version readers see now.
    pub(crate) fn current(&self) -> Arc<Version> {
        self.current.load_full()
    }

    /// The graph at the current version.
    pub(crate) fn view(&self, exec: &Exec) -> Result<GraphView> {
        let v = self.current();
        Ok(GraphView::new(Arc::clone(&v.merged(exec)?.graph), v.number, None))
    }

    /// Bytes held: versions, delta, log, writer tables.
    pub(crate) fn bytes(&self) -> u64 {
        self.current().bytes() as u64 + self.writer_bytes.load(Ordering::Relaxed)
    }

    fn update_writer_bytes(&self, w: &Writer) {
        let b = w.nodes.bytes() + w.seen.serialized_size();
        self.writer_bytes.store(b as u64, Ordering::Relaxed);
    }

    /// Apply a batch: validate, skip what was applied before, check limits,
    /// then commit and publish one new version. All or nothing.
    pub(crate) fn apply(&self, batch: &EventBatch<'_>, adm: &Admission<'_>, exec: &Exec) -> Result<Applied> {
        batch.validate(self.name.as_str())?;
        let n = batch.len();
        let mut w = lock(&self.writer);
        let kind = batch.src.kind();
        if n > 0 && w.kind.is_some_and(|k| k != kind) {
            return Err(Error::Conflict {
                graph: self.name.to_string(),
                reason: format!("node keys are {}, the batch has {}", w.kind.map_or("", KeyKind::as_str), kind.as_str()),
            });
        }
        if n > 0 && w.kind.is_none() && w.nodes.kind() != kind {
            // The first batch fixes the graph's key kind.
            w.nodes = NodeTable::from_keys(&KeyCol::empty(kind));
        }
        let pos_key = batch.position.map(|p| (p.source.to_owned(), p.partition));
        let start = match (&pos_key, batch.position) {
            (Some(k), Some(p)) => w.offsets.get(k).map_or(0, |&next| next.saturating_sub(p.offset).min(n as u64) as usize),
            _ => 0,
        };
        let rows: Vec<u32> = match batch.event_id {
            None => (start as u32..n as u32).collect(),
            Some(ids) => {
                let mut local = FxHashSet::default();
                (start as u32..n as u32).filter(|&r| !w.seen.contains(ids[r as usize]) && local.insert(ids[r as usize])).collect()
            }
        };
        let new_keys = w.nodes.unseen(batch.src, batch.dst, &rows);
        let nodes_after = (w.nodes.len() + new_keys.len()) as u64;
        let exceeded = |limit, requested, allowed| Error::LimitExceeded { tenant: adm.tenant.to_owned(), limit, requested, allowed };
        if let Some(max) = adm.max_nodes {
            if nodes_after > max {
                return Err(exceeded(Limit::NodesPerGraph, nodes_after, max));
            }
        }
        if nodes_after > ona_core::MAX_NODES {
            return Err(ona_core::Error::TooLarge { what: "nodes", count: nodes_after, limit: ona_core::MAX_NODES }.into());
        }
        if let Some((used, max)) = adm.memory {
            let need = used + (rows.len() * 96 + new_keys.bytes() * 3) as u64;
            if need > max {
                return Err(exceeded(Limit::MemoryBytes, need, max));
            }
        }
        if let Err((requested, allowed)) = (adm.take_tokens)(rows.len() as u64) {
            return Err(exceeded(Limit::EventsPerSecond, requested, allowed));
        }

        // Commit: nothing below can fail.
        if n > 0 {
            w.kind = Some(kind);
        }
        w.nodes.insert_all(&new_keys);
        let keys = w.nodes.lookup(batch.src, batch.dst, &rows);
        let events: Vec<((u32, u32), EdgeOp)> = rows
            .iter()
            .zip(&keys)
            .map(|(&r, &(u, v))| {
                let r = r as usize;
                let weight = batch.weight.map_or(1.0, |x| x[r]);
                let op = match batch.op.map_or(Op::Add, |o| o[r]) {
                    Op::Add => EdgeOp::Add(weight),
                    Op::Set => EdgeOp::Set(weight),
                    Op::Remove => EdgeOp::Remove,
                };
                let key = if self.directed || u <= v { (u, v) } else { (v, u) };
                (key, op)
            })
            .collect();
        let ids: Vec<u64> = batch.event_id.map_or_else(|| vec![NO_ID; rows.len()], |ids| rows.iter().map(|&r| ids[r as usize]).collect());
        w.seen.extend(ids.iter().copied().filter(|&i| i != NO_ID));
        let chunk = LogChunk {
            src: KeyCol::gather(batch.src, &rows),
            dst: KeyCol::gather(batch.dst, &rows),
            weight: rows.iter().map(|&r| batch.weight.map_or(1.0, |x| x[r as usize])).collect(),
            ts: rows.iter().map(|&r| batch.ts.map_or(0, |x| x[r as usize])).collect(),
            op: rows.iter().map(|&r| batch.op.map_or(Op::Add, |o| o[r as usize]) as u8).collect(),
            id: ids,
        };
        let mut offsets_moved = false;
        if let (Some(k), Some(p)) = (pos_key, batch.position) {
            let next = p.offset + n as u64;
            if next > w.offsets.get(&k).copied().unwrap_or(0) {
                w.offsets.insert(k, next);
                offsets_moved = true;
            }
        }
        let applied = rows.len() as u64;
        if applied > 0 || offsets_moved {
            w.number += 1;
            if applied > 0 {
                w.delta.runs.push(Run::from_events(events, Some(exec)), usize::MAX);
                w.log.push(chunk, LOG_SEAL);
            }
            if new_keys.len() > 0 {
                w.delta.nodes.push(new_keys.clone(), usize::MAX);
            }
            self.publish(&w, None);
        }
        self.update_writer_bytes(&w);
        Ok(Applied { version: w.number, applied, skipped: n as u64 - applied, new_nodes: new_keys.len() as u64 })
    }

    /// Publish the writer's state as the current version, keeping the
    /// current base unless `base` replaces it (and clears the frozen delta).
    fn publish(&self, w: &Writer, base: Option<Arc<Base>>) {
        let cur = self.current.load();
        let (base, frozen) = match base {
            Some(b) => (b, None),
            None => (Arc::clone(&cur.base), cur.frozen.clone()),
        };
        let offsets = if *cur.offsets == w.offsets { Arc::clone(&cur.offsets) } else { Arc::new(w.offsets.clone()) };
        let kind = w.kind.unwrap_or(KeyKind::U64);
        let base = if base.graph.node_count() == 0 && cur.kind != kind {
            // First batch fixed the key kind: the empty base takes it.
            Base::empty(self.directed, kind).map(Arc::new).unwrap_or(base)
        } else {
            base
        };
        let v = Version::new(w.number, kind, base, frozen, w.delta.clone(), w.log.clone(), offsets);
        self.current.store(Arc::new(v));
    }

    /// Whether the delta has grown past the thresholds.
    pub(crate) fn wants_compaction(&self, min_changes: usize, ratio: f64) -> bool {
        let v = self.current.load();
        let d = v.delta_len();
        v.frozen.is_none() && d > 0 && d as f64 >= (min_changes as f64).max(ratio * v.base.graph.edge_count() as f64)
    }

    /// Merge the delta into a new base. Readers keep seeing versions
    /// throughout; the writer is held only to freeze and to install.
    /// Returns the seconds spent merging, or `None` if there was nothing to
    /// merge or another compaction was running.
    pub(crate) fn compact(&self, exec: &Exec) -> Result<Option<f64>> {
        if self.compacting.swap(true, Ordering::AcqRel) {
            return Ok(None);
        }
        let result = self.compact_inner(exec);
        self.compacting.store(false, Ordering::Release);
        result
    }

    fn compact_inner(&self, exec: &Exec) -> Result<Option<f64>> {
        let frozen = {
            let mut w = lock(&self.writer);
            let cur = self.current.load_full();
            if cur.delta.is_empty() && cur.frozen.is_none() {
                return Ok(None);
            }
            let frozen = Arc::new(std::mem::take(&mut w.delta));
            let v = Version::new(
                w.number,
                cur.kind,
                Arc::clone(&cur.base),
                Some(Arc::clone(&frozen)),
                Delta::default(),
                w.log.clone(),
                Arc::clone(&cur.offsets),
            );
            self.current.store(Arc::new(v));
            frozen
        };
        let started = std::time::Instant::now();
        let base = self.current.load().base.clone();
        let (run, keys) = (frozen.runs.flatten(), frozen.nodes.flatten());
        let merged = materialize(&base, run.as_ref(), &keys.unwrap_or_else(|| KeyCol::empty(self.current.load().kind)), exec);
        let seconds = started.elapsed().as_secs_f64();
        let w = lock(&self.writer);
        match merged {
            Ok(b) => self.publish(&w, Some(Arc::new(b))),
            Err(e) => {
                // Put the frozen delta back in front of the writer's (cancelled or failed merge).
                drop(w);
                let mut w = lock(&self.writer);
                let mut restored = Delta::default();
                for part in frozen.runs.parts().iter().chain(w.delta.runs.parts()) {
                    restored.runs.push(Run::clone(part), usize::MAX);
                }
                for part in frozen.nodes.parts().iter().chain(w.delta.nodes.parts()) {
                    restored.nodes.push(KeyCol::clone(part), usize::MAX);
                }
                w.delta = restored;
                let cur = self.current.load_full();
                let v =
                    Version::new(w.number, cur.kind, Arc::clone(&cur.base), None, w.delta.clone(), w.log.clone(), Arc::clone(&cur.offsets));
                self.current.store(Arc::new(v));
                return Err(e);
            }
        }
        Ok(Some(seconds))
    }

    /// Write the current version to disk (events since the last snapshot as
    /// a segment, then the graph with its offsets). `None` if already on disk.
    pub(crate) fn snapshot(&self, exec: &Exec) -> Result<Option<u64>> {
        self.snapshot_with(&mut lock(&self.persisted), exec)
    }

    /// [`GraphState::snapshot`] with the persisted state already locked.
    pub(crate) fn snapshot_with(&self, p: &mut Persisted, exec: &Exec) -> Result<Option<u64>> {
        let v = self.current();
        p.publish(&v, self.directed, exec)
    }

    /// The persisted state, locked (checkpoints hold it while they write).
    pub(crate) fn persisted(&self) -> MutexGuard<'_, Persisted> {
        lock(&self.persisted)
    }

    /// Apply a journal entry at recovery, before any handle on the engine
    /// exists: its events (those the graph does not hold yet), version and
    /// offsets. `Ok(false)`: the graph already has that version. `Err`: the
    /// entry does not continue the graph's log (the reason).
    pub(crate) fn replay(&self, e: &Entry, exec: &Exec) -> std::result::Result<bool, String> {
        let mut w = lock(&self.writer);
        if e.version <= w.number {
            return Ok(false);
        }
        let have = w.log.len() as u64;
        if e.from > have {
            return Err(format!("entry for version {} starts at log row {} but the graph holds {have} rows", e.version, e.from));
        }
        // A full snapshot may already hold the entry's first rows.
        let chunk = if have > e.from { e.chunk.tail(usize::try_from(have - e.from).unwrap_or(usize::MAX)) } else { e.chunk.clone() };
        let n = chunk.weight.len();
        if n > 0 {
            let kind = chunk.src.kind();
            match w.kind {
                Some(k) if k != kind => return Err(format!("entry keys are {}, the graph's {}", kind.as_str(), k.as_str())),
                Some(_) => {}
                None => {
                    if w.nodes.kind() != kind {
                        w.nodes = NodeTable::from_keys(&KeyCol::empty(kind));
                    }
                    w.kind = Some(kind);
                }
            }
            fn strs(c: &KeyCol) -> Vec<&str> {
                match c {
                    KeyCol::Str(k) => k.iter().map(|x| &**x).collect(),
                    KeyCol::U64(_) => Vec::new(),
                }
            }
            let (ss, ds): (Vec<&str>, Vec<&str>) = (strs(&chunk.src), strs(&chunk.dst));
            let (src, dst) = match (&chunk.src, &chunk.dst) {
                (KeyCol::U64(s), KeyCol::U64(d)) => (Keys::U64(s), Keys::U64(d)),
                (KeyCol::Str(_), KeyCol::Str(_)) => (Keys::Str(&ss), Keys::Str(&ds)),
                _ => return Err("src and dst keys of different kinds".into()),
            };
            let rows: Vec<u32> = (0..u32::try_from(n).map_err(|_| "entry too large".to_owned())?).collect();
            let new_keys = w.nodes.unseen(src, dst, &rows);
            w.nodes.insert_all(&new_keys);
            let events: Vec<((u32, u32), EdgeOp)> = w
                .nodes
                .lookup(src, dst, &rows)
                .into_iter()
                .enumerate()
                .map(|(r, (u, v))| {
                    let op = match Op::from_code(chunk.op[r]) {
                        Some(Op::Remove) => EdgeOp::Remove,
                        Some(Op::Set) => EdgeOp::Set(chunk.weight[r]),
                        _ => EdgeOp::Add(chunk.weight[r]),
                    };
                    (if self.directed || u <= v { (u, v) } else { (v, u) }, op)
                })
                .collect();
            w.seen.extend(chunk.id.iter().copied().filter(|&i| i != NO_ID));
            w.delta.runs.push(Run::from_events(events, Some(exec)), usize::MAX);
            if new_keys.len() > 0 {
                w.delta.nodes.push(new_keys, usize::MAX);
            }
            w.log.push(chunk, LOG_SEAL);
        }
        w.offsets = e.offsets.clone();
        w.number = e.version;
        self.publish(&w, None);
        self.update_writer_bytes(&w);
        lock(&self.persisted).mark_journaled(e.version, w.log.len());
        Ok(true)
    }
}

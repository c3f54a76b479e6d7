//! Immutable graph versions: what readers hold.
//!
//! A version is a compacted [`Base`] plus the delta applied since (sorted
//! runs of edge changes and the nodes they introduced), the event log and
//! the source offsets, all behind `Arc`s. The writer publishes a new version
//! per batch with one atomic pointer swap; readers load the pointer and
//! never wait for the writer. Materialising a version with a delta merges it
//! once ([`crate::merge`]) and caches the result in the version.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use ona_core::{Exec, Graph};

use crate::delta::Run;
use crate::error::Result;
use crate::event::KeyKind;
use crate::keys::KeyCol;
use crate::levels::Levels;
use crate::log::LogChunk;
use crate::merge::{Base, materialize};

/// (source, partition) → next offset.
pub(crate) type Offsets = BTreeMap<(String, u32), u64>;

/// Edge changes and new nodes, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Delta {
    pub(crate) runs: Levels<Run>,
    pub(crate) nodes: Levels<KeyCol>,
}

impl Delta {
    pub(crate) fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.nodes.is_empty()
    }
    pub(crate) fn bytes(&self) -> usize {
        self.runs.parts().iter().map(|r| r.bytes()).sum::<usize>() + self.nodes.parts().iter().map(|k| k.bytes()).sum::<usize>()
    }
}

#[derive(Debug)]
pub(crate) struct Version {
    pub(crate) number: u64,
    pub(crate) kind: KeyKind,
    pub(crate) base: Arc<Base>,
    /// A delta being compacted into the next base (older than `delta`).
    pub(crate) frozen: Option<Arc<Delta>>,
    pub(crate) delta: Delta,
    pub(crate) log: Levels<LogChunk>,
    pub(crate) offsets: Arc<Offsets>,
    pub(crate) node_count: usize,
    merged: OnceLock<Arc<Base>>,
}

impl Version {
    pub(crate) fn new(number: u64, kind: KeyKind, base: Arc<Base>, frozen: Option<Arc<Delta>>, delta: Delta, log: Levels<LogChunk>, offsets: Arc<Offsets>) -> Self {
        let node_count = base.graph.node_count()
            + frozen.as_ref().map_or(0, |f| f.nodes.len())
            + delta.nodes.len();
        let merged = OnceLock::new();
        if frozen.is_none() && delta.is_empty() {
            let _ = merged.set(Arc::clone(&base));
        }
        Self { number, kind, base, frozen, delta, log, offsets, node_count, merged }
    }

    /// All changes since the base, as one run, and the nodes they added.
    pub(crate) fn flat_delta(&self) -> (Option<Run>, KeyCol) {
        let mut run: Option<Run> = None;
        let mut keys = KeyCol::empty(self.kind);
        for d in self.frozen.iter().map(|f| &**f).chain([&self.delta]) {
            if let Some(r) = d.runs.flatten() {
                run = Some(match run {
                    Some(a) => <Run as crate::levels::Part>::merge(&a, &r),
                    None => r,
                });
            }
            if let Some(k) = d.nodes.flatten() {
                keys.extend(&k);
            }
        }
        (run, keys)
    }

    /// Changes not yet compacted.
    pub(crate) fn delta_len(&self) -> usize {
        self.frozen.as_ref().map_or(0, |f| f.runs.len()) + self.delta.runs.len()
    }

    /// The graph of this version (merged once, then shared).
    pub(crate) fn merged(&self, exec: &Exec) -> Result<Arc<Base>> {
        if let Some(b) = self.merged.get() {
            return Ok(Arc::clone(b));
        }
        let (run, keys) = self.flat_delta();
        let b = Arc::new(materialize(&self.base, run.as_ref(), &keys, exec)?);
        Ok(Arc::clone(self.merged.get_or_init(|| b)))
    }

    pub(crate) fn bytes(&self) -> usize {
        let merged = self.merged.get().filter(|m| !Arc::ptr_eq(m, &self.base)).map_or(0, |m| m.bytes());
        self.base.bytes()
            + merged
            + self.frozen.as_ref().map_or(0, |f| f.bytes())
            + self.delta.bytes()
            + self.log.parts().iter().map(|c| c.bytes()).sum::<usize>()
    }
}

/// An immutable graph at one version, as readers see it.
#[derive(Debug, Clone)]
pub struct GraphView {
    graph: Arc<Graph>,
    version: u64,
    window: Option<(i64, i64)>,
}

impl GraphView {
    pub(crate) fn new(graph: Arc<Graph>, version: u64, window: Option<(i64, i64)>) -> Self {
        Self { graph, version, window }
    }
    /// The graph; every `ona_core` algorithm takes it.
    pub fn graph(&self) -> &Arc<Graph> {
        &self.graph
    }
    /// The version it is, or (for a window) was cut from.
    pub fn version(&self) -> u64 {
        self.version
    }
    /// `[t0, t1)` when this is a time window.
    pub fn window(&self) -> Option<(i64, i64)> {
        self.window
    }
}

impl std::ops::Deref for GraphView {
    type Target = Graph;
    fn deref(&self) -> &Graph {
        &self.graph
    }
}

/// A result and the graph version it was computed on.
#[derive(Debug, Clone)]
pub struct Stamped<T> {
    /// The result, aligned with `view`'s nodes where it is per node.
    pub value: T,
    /// The graph (and version) it was computed on.
    pub view: GraphView,
    /// Whether the method is exact (to the algorithm's own tolerance).
    pub exact: bool,
    /// For approximations: a bound on the error, documented per method.
    pub error_bound: Option<f64>,
}

impl<T> Stamped<T> {
    /// The version the result belongs to.
    pub fn version(&self) -> u64 {
        self.view.version()
    }
}

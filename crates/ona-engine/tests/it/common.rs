//! Helpers shared by the engine tests.

use std::collections::BTreeMap;

use ona_core::graph::ExternalId;
use ona_core::{Adjacency, Graph};
use ona_engine::{EngineConfig, Tier, TierLimits};

/// `(src, dst) -> weight` of a graph with integer keys.
pub fn edges(g: &impl std::ops::Deref<Target = Graph>) -> BTreeMap<(u64, u64), f64> {
    let key = |v: u32| match g.ids().external(ona_core::NodeId(v)) {
        Some(ExternalId::U64(x)) => x,
        other => panic!("expected integer ids, got {other:?}"),
    };
    let mut out = BTreeMap::new();
    for u in 0..g.node_count() as u32 {
        g.out_adj().for_each_weighted(u, |v, w| {
            let (a, b) = (key(u), key(v));
            if g.is_directed() || a <= b {
                out.insert((a, b), w);
            }
        });
    }
    out
}

/// Integer node keys of a graph.
pub fn nodes(g: &impl std::ops::Deref<Target = Graph>) -> Vec<u64> {
    (0..g.node_count() as u32)
        .map(|v| match g.ids().external(ona_core::NodeId(v)) {
            Some(ExternalId::U64(x)) => x,
            other => panic!("expected integer ids, got {other:?}"),
        })
        .collect()
}

/// Deterministic config: compaction in the caller, no OS priority games.
pub fn config() -> EngineConfig {
    let mut c = EngineConfig::default().threads(2).background_compaction(false).compact_when(8, 0.0);
    c.lower_pool_priority = false;
    c
}

/// `config()` with `tier`'s limits replaced.
pub fn config_with(tier: Tier, f: impl FnOnce(&mut TierLimits)) -> EngineConfig {
    let mut l = TierLimits::default_for(tier);
    f(&mut l);
    config().tier(tier, l)
}

pub fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

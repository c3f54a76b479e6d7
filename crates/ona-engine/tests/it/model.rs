//! Model test: random interleavings of tenant creation, ingestion (with
//! repeated event ids and redelivered offsets), reads, compactions,
//! snapshots and restarts, over tenants and graphs with adversarial names,
//! against a plain in-memory model. Every read of every tenant must equal
//! that tenant's model (no cross-tenant reads), and nothing may appear
//! outside the engine directory or under a name built from user text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ona_engine::{Engine, Error, EventBatch, Keys, Limit, Op, Tier};
use proptest::prelude::*;

use crate::common::{config_with, edges, nodes, ok};

const TENANTS: [&str; 10] = ["acme", "A", "a", "../b", "/etc", "a\0b", "t61", ".", "ACME", "long"];
const GRAPHS: [&str; 5] = ["email", "EMAIL", "../g", "meet", "chat"];
const MAX_NODES: u64 = 14;

fn tenant_name(i: usize) -> String {
    if TENANTS[i] == "long" { "x".repeat(300) } else { TENANTS[i].to_owned() }
}

fn valid(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && !name.starts_with('.') && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
}

#[derive(Debug, Clone)]
enum Action {
    Tenant { t: usize, tier: u8 },
    Ingest { t: usize, g: usize, events: Vec<(u64, u64, u8, u8, u64)>, offset: Option<u64>, stream: bool },
    Read { t: usize, g: usize },
    Compact { t: usize, g: usize },
    Snapshot,
    Checkpoint,
    Restart,
}

fn action() -> impl Strategy<Value = Action> {
    let ev = (0..18u64, 0..18u64, 1..4u8, 0..10u8, 0..40u64);
    prop_oneof![
        2 => (0..TENANTS.len(), 0..4u8).prop_map(|(t, tier)| Action::Tenant { t, tier }),
        8 => (0..TENANTS.len(), 0..GRAPHS.len(), prop::collection::vec(ev, 0..6), prop::option::of(0..30u64), any::<bool>())
            .prop_map(|(t, g, events, offset, stream)| Action::Ingest { t, g, events, offset, stream }),
        4 => (0..TENANTS.len(), 0..GRAPHS.len()).prop_map(|(t, g)| Action::Read { t, g }),
        1 => (0..TENANTS.len(), 0..GRAPHS.len()).prop_map(|(t, g)| Action::Compact { t, g }),
        1 => Just(Action::Snapshot),
        1 => Just(Action::Checkpoint),
        1 => Just(Action::Restart),
    ]
}

#[derive(Debug, Clone, Default, PartialEq)]
struct GraphModel {
    edges: BTreeMap<(u64, u64), f64>,
    nodes: BTreeSet<u64>,
    seen: BTreeSet<u64>,
    next_offset: Option<u64>,
    version: u64,
}

#[derive(Debug, Clone, Default)]
struct TenantModel {
    tier: Option<Tier>,
    graphs: BTreeMap<String, GraphModel>,
    /// Graph state as of the last snapshot (graphs created since: empty).
    durable: BTreeMap<String, GraphModel>,
}

fn tier_of(i: u8) -> Tier {
    Tier::ALL[usize::from(i) % 4]
}

fn config() -> ona_engine::EngineConfig {
    // Small, deterministic limits: Demo/Basic 14 people per graph and 3 graphs,
    // no rate or memory limits (they depend on the clock and allocator).
    let mut c = config_with(Tier::Demo, |l| {
        l.max_nodes = Some(MAX_NODES);
        l.max_graphs = Some(3);
        l.max_memory_bytes = None;
    });
    for tier in [Tier::Basic, Tier::Professional, Tier::Enterprise] {
        let mut l = c.limits(tier).clone();
        l.max_memory_bytes = None;
        l.max_events_per_second = if tier == Tier::Basic { Some(0) } else { None };
        if tier == Tier::Basic {
            l.max_nodes = Some(MAX_NODES);
            l.max_graphs = Some(3);
        }
        c = c.tier(tier, l);
    }
    // Checkpoints journal most changes and rewrite some graphs in full.
    c.full_snapshot_rows(6)
}

fn check_files(root: &Path, outer: &Path) {
    let top: Vec<_> = ok(std::fs::read_dir(outer)).map(|e| ok(e).file_name()).collect();
    assert_eq!(top, vec![std::ffi::OsString::from("engine")], "files outside the engine directory");
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in ok(std::fs::read_dir(&d)) {
            let e = ok(e);
            let name = e.file_name().into_string().unwrap_or_default();
            let hexdir = (name.starts_with('t') || name.starts_with('g'))
                && name[1..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
            let known = ["tenants", "events", "journal", "tenant.txt", "graph.txt", "ona-engine.txt", ".lock"].contains(&name.as_str())
                || (name.ends_with(".jnl") && name.len() == 24)
                || (name.starts_with("graph@") && name.ends_with(".ona"))
                || (name.ends_with(".seg") && name.bytes().all(|b| b.is_ascii_digit() || b"-.seg".contains(&b)));
            assert!(hexdir || known, "unexpected entry {:?}", e.path());
            if ok(e.file_type()).is_dir() {
                stack.push(e.path());
            }
        }
    }
}

fn run(actions: Vec<Action>) {
    // On tmpfs where there is one: the 10,000 operations fsync thousands of
    // files; durability itself is the crash test's business.
    let shm = std::path::Path::new("/dev/shm");
    let outer = ok(if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() });
    let root = outer.path().join("engine");
    let mut eng = Some(ok(Engine::open(&root, config())));
    let mut model: BTreeMap<String, TenantModel> = BTreeMap::new();
    for action in actions {
        let e = eng.as_ref().unwrap_or_else(|| unreachable!());
        match action {
            Action::Tenant { t, tier } => {
                let name = tenant_name(t);
                let r = e.tenant(&name, tier_of(tier));
                if valid(&name) {
                    ok(r);
                    model.entry(name).or_default().tier = Some(tier_of(tier));
                } else {
                    assert!(matches!(r, Err(Error::InvalidName { .. })), "{name:?}");
                }
            }
            Action::Ingest { t, g, events, offset, stream } => {
                let (name, gname) = (tenant_name(t), GRAPHS[g]);
                let Some(tm) = model.get_mut(&name).filter(|m| m.tier.is_some()) else {
                    assert!(e.get_tenant(&name).is_err());
                    continue;
                };
                let tier = tm.tier.unwrap_or(Tier::Demo);
                let handle = ok(e.get_tenant(&name));
                let src: Vec<u64> = events.iter().map(|x| x.0).collect();
                let dst: Vec<u64> = events.iter().map(|x| x.1).collect();
                let w: Vec<f64> = events.iter().map(|x| f64::from(x.2)).collect();
                let ops: Vec<Op> = events
                    .iter()
                    .map(|x| match x.3 {
                        0 => Op::Remove,
                        1 => Op::Set,
                        _ => Op::Add,
                    })
                    .collect();
                let ids: Vec<u64> = events.iter().map(|x| x.4).collect();
                let mut b = EventBatch::new(Keys::U64(&src), Keys::U64(&dst)).weights(&w).ops(&ops).event_ids(&ids);
                if let Some(o) = offset {
                    b = b.position("kafka:x", 0, o);
                }
                let r = if stream { handle.apply(gname, &b) } else { handle.import(gname, &b) };
                if !valid(gname) {
                    assert!(matches!(r, Err(Error::InvalidName { .. })));
                    continue;
                }
                let limits = config().limits(tier).clone();
                let new_graph = !tm.graphs.contains_key(gname);
                if new_graph {
                    if limits.max_graphs.is_some_and(|m| tm.graphs.len() as u64 >= m) {
                        assert!(matches!(r, Err(Error::LimitExceeded { limit: Limit::GraphsPerTenant, .. })), "{r:?}");
                        continue;
                    }
                    tm.graphs.insert(gname.to_owned(), GraphModel::default());
                }
                let gm = tm.graphs.get_mut(gname).unwrap_or_else(|| unreachable!());
                let skip = match (offset, gm.next_offset) {
                    (Some(o), Some(next)) => (next.saturating_sub(o) as usize).min(events.len()),
                    _ => 0,
                };
                let mut local = BTreeSet::new();
                let rows: Vec<usize> = (skip..events.len()).filter(|&i| !gm.seen.contains(&ids[i]) && local.insert(ids[i])).collect();
                let new_people: BTreeSet<u64> = rows.iter().flat_map(|&i| [src[i], dst[i]]).filter(|k| !gm.nodes.contains(k)).collect();
                if limits.max_nodes.is_some_and(|m| (gm.nodes.len() + new_people.len()) as u64 > m) {
                    assert!(matches!(r, Err(Error::LimitExceeded { limit: Limit::NodesPerGraph, .. })), "{r:?}");
                    if new_graph {
                        tm.graphs.remove(gname); // a refused first batch creates nothing
                    }
                    continue;
                }
                if stream && limits.max_events_per_second == Some(0) && !rows.is_empty() {
                    assert!(matches!(r, Err(Error::LimitExceeded { limit: Limit::EventsPerSecond, .. })), "{r:?}");
                    if new_graph {
                        tm.graphs.remove(gname);
                    }
                    continue;
                }
                let applied = ok(r);
                let moved = offset.is_some_and(|o| o + events.len() as u64 > gm.next_offset.unwrap_or(0));
                if moved {
                    gm.next_offset = Some(gm.next_offset.unwrap_or(0).max(offset.unwrap_or(0) + events.len() as u64));
                }
                for &i in &rows {
                    gm.seen.insert(ids[i]);
                    gm.nodes.extend([src[i], dst[i]]);
                    let k = (src[i], dst[i]);
                    match ops[i] {
                        Op::Add => *gm.edges.entry(k).or_insert(0.0) += w[i],
                        Op::Set => {
                            gm.edges.insert(k, w[i]);
                        }
                        Op::Remove => {
                            gm.edges.remove(&k);
                        }
                    }
                }
                if !rows.is_empty() || moved {
                    gm.version += 1;
                }
                assert_eq!((applied.applied, applied.version), (rows.len() as u64, gm.version));
            }
            Action::Read { t, g } => {
                let (name, gname) = (tenant_name(t), GRAPHS[g]);
                let expected = model.get(&name).and_then(|m| m.graphs.get(gname));
                match (e.get_tenant(&name), expected) {
                    (Ok(h), Some(gm)) => {
                        let view = ok(h.graph(gname));
                        assert_eq!((view.version(), edges(&view)), (gm.version, gm.edges.clone()), "{name:?}/{gname}");
                        assert_eq!(nodes(&view), gm.nodes.iter().copied().collect::<Vec<_>>());
                        let off = ok(h.offsets(gname));
                        assert_eq!(off.first().map(|o| o.2), gm.next_offset);
                    }
                    (Ok(h), None) => assert!(h.graph(gname).is_err()),
                    (Err(_), m) => assert!(m.is_none() && model.get(&name).is_none_or(|m| m.tier.is_none())),
                }
            }
            Action::Compact { t, g } => {
                if let Ok(h) = e.get_tenant(&tenant_name(t)) {
                    let r = h.compact(GRAPHS[g]);
                    assert_eq!(r.is_ok(), model.get(&tenant_name(t)).is_some_and(|m| m.graphs.contains_key(GRAPHS[g])));
                }
            }
            Action::Snapshot | Action::Checkpoint => {
                ok(if matches!(action, Action::Snapshot) { e.snapshot() } else { e.checkpoint() });
                for m in model.values_mut() {
                    m.durable = m.graphs.clone();
                }
            }
            Action::Restart => {
                drop(eng.take());
                eng = Some(ok(Engine::open(&root, config())));
                for m in model.values_mut() {
                    let graphs = std::mem::take(&mut m.graphs);
                    m.graphs = graphs.keys().map(|k| (k.clone(), m.durable.get(k).cloned().unwrap_or_default())).collect();
                    m.durable = m.graphs.clone();
                }
            }
        }
    }
    let e = eng.as_ref().unwrap_or_else(|| unreachable!());
    for (name, m) in &model {
        let h = ok(e.get_tenant(name));
        assert_eq!(Some(h.tier()), m.tier);
        for (g, gm) in &m.graphs {
            assert_eq!(edges(&ok(h.graph(g))), gm.edges, "{name:?}/{g} at the end");
        }
    }
    check_files(&root, outer.path());
}

proptest! {
    // 10 cases x 1,000 actions = 10,000 operations per run.
    #![proptest_config(ProptestConfig { cases: 10, max_shrink_iters: 200, ..ProptestConfig::default() })]
    #[test]
    fn tenants_stay_isolated_and_match_the_model(actions in prop::collection::vec(action(), 1000)) {
        run(actions);
    }
}

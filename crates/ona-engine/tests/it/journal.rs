//! Incremental checkpoints (`Engine::checkpoint`, the engine journal): a
//! reopened engine equals the one that checkpointed, whatever mix of
//! journal files and full snapshots is on disk, including the states a
//! crash leaves between an incremental checkpoint and the next full write.

use std::path::Path;

use ona_engine::{Engine, EngineConfig, ErrorKind, EventBatch, Keys, Op, Tenant, Tier};

use crate::common::{config, edges, ok};

type Edges = Vec<((u64, u64), f64)>;

/// Everything a reader can observe of graph `g` of `t` that must survive:
/// version, edges, offsets and a time window's edges.
fn state(t: &Tenant, g: &str) -> (u64, Edges, Vec<(String, u32, u64)>, Edges) {
    let view = ok(t.graph(g));
    let window = ok(t.window(g, 10, 30));
    (view.version(), edges(&view).into_iter().collect(), ok(t.offsets(g)), edges(&window).into_iter().collect())
}

/// Batch `i` (offsets `10 i ..`): adds, a set and a remove, ids `1000 i + row`.
fn apply(t: &Tenant, g: &str, i: u64) {
    let src: Vec<u64> = (0..10).map(|r| (i * 3 + r) % 17).collect();
    let dst: Vec<u64> = (0..10).map(|r| (i * 5 + r * 7 + 1) % 19).collect();
    let w: Vec<f64> = (0..10).map(|r| (r % 4 + 1) as f64).collect();
    let ts: Vec<i64> = (0..10).map(|r| (i * 10 + r) as i64).collect();
    let ops: Vec<Op> = (0..10).map(|r| [Op::Add, Op::Add, Op::Set, Op::Add, Op::Remove][r % 5]).collect();
    let ids: Vec<u64> = (0..10).map(|r| 1000 * i + r as u64).collect();
    let batch =
        EventBatch::new(Keys::U64(&src), Keys::U64(&dst)).weights(&w).times(&ts).ops(&ops).event_ids(&ids).position("src", 0, i * 10);
    ok(t.apply(g, &batch));
}

fn files(dir: &Path, sub: &str) -> usize {
    std::fs::read_dir(dir.join(sub)).map(|d| d.count()).unwrap_or(0)
}

fn reopen(dir: &Path, cfg: &EngineConfig) -> (Engine, Tenant) {
    let e = ok(Engine::open(dir, cfg.clone()));
    let t = ok(e.get_tenant("acme"));
    (e, t)
}

#[test]
fn journal_replays_over_snapshots_exactly() {
    let dir = ok(tempfile::tempdir());
    let cfg = config();
    let (e, t) = reopen_new(dir.path(), &cfg);
    apply(&t, "g", 0);
    assert_eq!(ok(e.snapshot()), 1); // a full snapshot to build on
    apply(&t, "g", 1);
    apply(&t, "h", 1); // a graph that exists only in the journal
    assert_eq!(ok(e.checkpoint()), 2);
    apply(&t, "g", 2);
    assert_eq!(ok(e.checkpoint()), 1);
    assert_eq!(ok(e.checkpoint()), 0, "nothing new");
    assert_eq!(files(dir.path(), "journal"), 2);
    let (g, h) = (state(&t, "g"), state(&t, "h"));
    drop((t, e)); // as after kill -9: no close, no snapshot

    let (e, t) = reopen(dir.path(), &cfg);
    assert_eq!((state(&t, "g"), state(&t, "h")), (g.clone(), h.clone()));
    // Event ids and offsets came back too: a redelivery changes nothing.
    apply(&t, "g", 2);
    assert_eq!(state(&t, "g"), g);
    // Reopening twice replays the same files the same way.
    drop((t, e));
    let (e, t) = reopen(dir.path(), &cfg);
    assert_eq!(state(&t, "g"), g);

    // Crash after a full write of one tenant but before the journal is
    // collected: the superseded entries are skipped.
    apply(&t, "g", 3);
    assert_eq!(ok(e.checkpoint()), 1);
    apply(&t, "g", 4);
    assert_eq!(ok(t.snapshot()), 2);
    assert_eq!(files(dir.path(), "journal"), 3);
    let (g, h) = (state(&t, "g"), state(&t, "h"));
    drop((t, e));
    let (e, t) = reopen(dir.path(), &cfg);
    assert_eq!((state(&t, "g"), state(&t, "h")), (g.clone(), h.clone()));
    // ... and the next checkpoint deletes them.
    assert_eq!(ok(e.checkpoint()), 0);
    assert_eq!(files(dir.path(), "journal"), 0);
    drop((t, e));
    let (_e, t) = reopen(dir.path(), &cfg);
    assert_eq!((state(&t, "g"), state(&t, "h")), (g, h));
}

fn reopen_new(dir: &Path, cfg: &EngineConfig) -> (Engine, Tenant) {
    let e = ok(Engine::open(dir, cfg.clone()));
    let t = ok(e.tenant("acme", Tier::Enterprise));
    (e, t)
}

#[test]
fn checkpoint_rewrites_a_graph_in_full_past_the_threshold() {
    let dir = ok(tempfile::tempdir());
    let cfg = config().full_snapshot_rows(25);
    let (e, t) = reopen_new(dir.path(), &cfg);
    let gdir = |name: &str| {
        let tdir = ok(std::fs::read_dir(dir.path().join("tenants"))).flatten().next().map(|d| d.path());
        let tdir = tdir.unwrap_or_else(|| panic!("no tenant directory"));
        let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
        tdir.join(format!("g{hex}"))
    };
    let snapshots =
        |name: &str| ok(std::fs::read_dir(gdir(name))).flatten().filter(|f| f.file_name().to_string_lossy().starts_with("graph@")).count();
    apply(&t, "g", 0);
    ok(e.checkpoint()); // 10 rows: journaled
    assert_eq!((snapshots("g"), files(dir.path(), "journal")), (0, 1));
    apply(&t, "g", 1);
    ok(e.checkpoint()); // 20 rows since the last full snapshot (none): journaled
    assert_eq!((snapshots("g"), files(dir.path(), "journal")), (0, 2));
    apply(&t, "g", 2);
    ok(e.checkpoint()); // 30 rows and more than its edges: rewritten, journal collected
    assert_eq!((snapshots("g"), files(dir.path(), "journal")), (1, 0));
    apply(&t, "g", 3);
    ok(e.checkpoint());
    let g = state(&t, "g");
    drop((t, e));
    let (_e, t) = reopen(dir.path(), &cfg);
    assert_eq!(state(&t, "g"), g);
}

#[test]
fn a_damaged_journal_is_refused_not_guessed() {
    let dir = ok(tempfile::tempdir());
    let (e, t) = reopen_new(dir.path(), &config());
    apply(&t, "g", 0);
    ok(e.checkpoint());
    drop((t, e));
    let f = ok(std::fs::read_dir(dir.path().join("journal"))).flatten().next().map(|f| f.path());
    let f = f.unwrap_or_else(|| panic!("no journal file"));
    let mut bytes = ok(std::fs::read(&f));
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    ok(std::fs::write(&f, &bytes));
    let err = Engine::open(dir.path(), config()).err().unwrap_or_else(|| panic!("opened a damaged journal"));
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{err}");
    // A temporary left by a write that never got renamed is removed, not read.
    ok(std::fs::remove_file(&f));
    ok(std::fs::write(dir.path().join("journal").join(".00000000000000000002.jnl.tmp.1"), b"partial"));
    let e = ok(Engine::open(dir.path(), config()));
    assert_eq!(files(dir.path(), "journal"), 0);
    drop(e);
}

//! Every tier's limits, at the limit and one past it; a refusal changes nothing.

use ona_engine::{Engine, Error, EventBatch, Keys, Limit, Tier, TierLimits};

use crate::common::{config, config_with, edges, ok};

fn star(n: u64) -> (Vec<u64>, Vec<u64>) {
    ((1..n).map(|_| 0).collect(), (1..n).collect())
}

fn expect_limit<T: std::fmt::Debug>(r: ona_engine::Result<T>, limit: Limit, requested: u64, allowed: u64) {
    match r {
        Err(Error::LimitExceeded { limit: l, requested: q, allowed: a, tenant }) => {
            assert_eq!((l, q, a), (limit, requested, allowed));
            assert_eq!(tenant, "t");
        }
        other => panic!("expected {limit} exceeded, got {other:?}"),
    }
}

#[test]
fn nodes_per_graph_at_and_past_the_limit() {
    for tier in [Tier::Demo, Tier::Basic, Tier::Professional] {
        let max = TierLimits::default_for(tier).max_nodes.unwrap_or(0);
        let dir = ok(tempfile::tempdir());
        let eng = ok(Engine::open(dir.path(), config()));
        let t = ok(eng.tenant("t", tier));
        let (s, d) = star(max);
        let at = ok(t.import("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d))));
        assert_eq!(at.new_nodes, max, "{tier}: exactly {max} people fit");
        let before = ok(t.graph("g"));
        let (s1, d1) = ([0u64, 5], [1u64, max]); // one new person
        expect_limit(t.import("g", &EventBatch::new(Keys::U64(&s1), Keys::U64(&d1))), Limit::NodesPerGraph, max + 1, max);
        let after = ok(t.graph("g"));
        assert_eq!((after.version(), edges(&after)), (before.version(), edges(&before)), "{tier}: nothing applied");
        // A batch touching only known people still goes through.
        ok(t.import("g", &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))));
    }
}

#[test]
fn enterprise_holds_over_a_million_people() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("t", Tier::Enterprise));
    let n = 1_000_001u64;
    let s: Vec<u64> = (0..n).collect();
    let d: Vec<u64> = (0..n).map(|i| (i + 1) % n).collect();
    let a = ok(t.import("ring", &EventBatch::new(Keys::U64(&s), Keys::U64(&d))));
    assert_eq!(a.new_nodes, n);
    let g = ok(t.graph("ring"));
    assert_eq!((g.node_count() as u64, g.edge_count()), (n, n));
}

#[test]
fn graphs_per_tenant() {
    for tier in [Tier::Demo, Tier::Basic, Tier::Professional] {
        let max = TierLimits::default_for(tier).max_graphs.unwrap_or(0);
        let dir = ok(tempfile::tempdir());
        let eng = ok(Engine::open(dir.path(), config()));
        let t = ok(eng.tenant("t", tier));
        for i in 0..max {
            ok(t.import(&format!("g{i}"), &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))));
        }
        expect_limit(t.import("one-more", &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))), Limit::GraphsPerTenant, max + 1, max);
        assert_eq!(t.graphs().len() as u64, max);
        assert!(matches!(t.graph("one-more"), Err(Error::UnknownGraph { .. })));
    }
}

#[test]
fn streaming_rates() {
    // Demo and Basic: no streaming at all (imports only).
    for tier in [Tier::Demo, Tier::Basic] {
        let dir = ok(tempfile::tempdir());
        let eng = ok(Engine::open(dir.path(), config()));
        let t = ok(eng.tenant("t", tier));
        expect_limit(t.apply("g", &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))), Limit::EventsPerSecond, 1, 0);
        assert!(t.graphs().is_empty(), "a refused first batch leaves no graph behind");
        ok(t.import("g", &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))));
    }
    // Professional 1,000/s and Enterprise 100,000/s: a full bucket takes
    // exactly one second's worth, one more is refused.
    for (tier, rate) in [(Tier::Professional, 1_000u64), (Tier::Enterprise, 100_000)] {
        let dir = ok(tempfile::tempdir());
        let eng = ok(Engine::open(dir.path(), config()));
        let t = ok(eng.tenant("t", tier));
        let s: Vec<u64> = (0..rate + 1).map(|i| i % 1000).collect();
        let d: Vec<u64> = (0..rate + 1).map(|i| (i * 7 + 1) % 1000).collect();
        expect_limit(t.apply("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d))), Limit::EventsPerSecond, rate + 1, rate);
        let r = rate as usize;
        assert_eq!(ok(t.apply("g", &EventBatch::new(Keys::U64(&s[..r]), Keys::U64(&d[..r])))).applied, rate);
        expect_limit(t.apply("g", &EventBatch::new(Keys::U64(&s[..r]), Keys::U64(&d[..r]))), Limit::EventsPerSecond, rate, rate);
    }
}

#[test]
fn memory_per_tenant() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config_with(Tier::Basic, |l| l.max_memory_bytes = Some(1 << 20))));
    let t = ok(eng.tenant("t", Tier::Basic));
    ok(t.import("g", &EventBatch::new(Keys::U64(&[1, 2]), Keys::U64(&[2, 3]))));
    let before = edges(&ok(t.graph("g")));
    let s: Vec<u64> = (0..20_000).map(|i| i % 4000).collect();
    let d: Vec<u64> = (0..20_000).map(|i| (i * 13 + 1) % 4000).collect();
    match t.import("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d))) {
        Err(Error::LimitExceeded { limit: Limit::MemoryBytes, requested, allowed, .. }) => {
            assert!(requested > allowed && allowed == 1 << 20);
        }
        other => panic!("expected the memory limit, got {other:?}"),
    }
    assert_eq!(edges(&ok(t.graph("g"))), before);
    assert!(t.memory_bytes() > 0 && t.memory_bytes() < 1 << 20);
}

#[test]
fn bad_input_is_a_typed_error_and_changes_nothing() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("t", Tier::Enterprise));
    ok(t.import("g", &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))));
    let cases: Vec<EventBatch<'_>> = vec![
        EventBatch::new(Keys::U64(&[1, 2]), Keys::U64(&[2])),
        EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2])).weights(&[f64::NAN]),
        EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2])).weights(&[f64::INFINITY]),
        EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2])).event_ids(&[u64::MAX]),
        EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2])).position("", 0, 0),
        EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2])).position("k", 0, u64::MAX),
        EventBatch::new(Keys::U64(&[1]), Keys::Str(&["x"])),
    ];
    for b in &cases {
        assert!(matches!(t.apply("g", b), Err(Error::InvalidEvent { .. })), "{b:?}");
    }
    assert!(matches!(t.apply("g", &EventBatch::new(Keys::Str(&["a"]), Keys::Str(&["b"]))), Err(Error::Conflict { .. })));
    assert_eq!(ok(t.apply("g", &EventBatch::new(Keys::Str(&[]), Keys::Str(&[])))).applied, 0, "an empty batch has no key kind");
    assert!(matches!(t.apply("g", &EventBatch::new(Keys::Str(&[""]), Keys::Str(&["b"]))), Err(Error::InvalidEvent { .. })));
    assert_eq!(ok(t.version("g")), 1);
    for bad in ["../b", "/etc", "", "a\0b", &"x".repeat(300)] {
        assert!(matches!(eng.tenant(bad, Tier::Demo), Err(Error::InvalidName { .. })), "{bad:?}");
        assert!(matches!(t.import(bad, &EventBatch::new(Keys::U64(&[1]), Keys::U64(&[2]))), Err(Error::InvalidName { .. })));
    }
}

//! The sliding-window rate limiter: exact counts at window edges on a clock
//! the test controls, the seed's tiers, atomicity across limiters, Redis'
//! own clock, and the local fallback while Redis is down.

use std::sync::Arc;
use std::time::Duration;

use ona_engine::Tier;
use ona_redis::{BreakerConfig, DecidedBy, Fallback, LimiterConfig, LinkConfig, ManualClock, RateLimiter, TimeSource};

use crate::common::{OwnRedis, shared_url, unique};

const T0: u64 = 1_800_000_000_000;

fn limiter(url: &str, clock: &Arc<ManualClock>) -> RateLimiter {
    let c: Arc<dyn ona_redis::Clock> = clock.clone();
    RateLimiter::new(url, LimiterConfig::default().time(TimeSource::Clock(c))).expect("limiter")
}

fn admitted(l: &RateLimiter, tenant: &str, tier: Tier, n: usize) -> usize {
    (0..n).filter(|_| l.check(tenant, tier).expect("check").allowed).count()
}

#[test]
fn demo_window_edges_are_exact() {
    let clock = Arc::new(ManualClock::new(T0));
    let l = limiter(&shared_url(), &clock);
    let t = unique("edge");
    for i in 0..10u64 {
        let d = l.check(&t, Tier::Demo).expect("check");
        assert!(d.allowed);
        assert_eq!((d.remaining, d.limit, d.decided_by), (9 - i, Some(10), DecidedBy::Redis));
    }
    let d = l.check(&t, Tier::Demo).expect("check");
    assert!(!d.allowed);
    assert_eq!(d.retry_after, Duration::from_secs(60));
    clock.set(T0 + 59_999);
    let d = l.check(&t, Tier::Demo).expect("check");
    assert!(!d.allowed, "1 ms before the window ends");
    assert_eq!(d.retry_after, Duration::from_millis(1));
    clock.set(T0 + 60_000);
    assert_eq!(admitted(&l, &t, Tier::Demo, 15), 10, "the whole window expired at exactly +60 s");
}

#[test]
fn staggered_requests_slide_out_one_by_one() {
    let clock = Arc::new(ManualClock::new(T0));
    let l = limiter(&shared_url(), &clock);
    let t = unique("slide");
    for i in 0..10 {
        clock.set(T0 + i * 1_000);
        assert!(l.check(&t, Tier::Demo).expect("check").allowed);
    }
    clock.set(T0 + 30_000);
    assert_eq!(admitted(&l, &t, Tier::Demo, 3), 0);
    for i in 0..10 {
        clock.set(T0 + 60_000 + i * 1_000 - 1);
        assert_eq!(admitted(&l, &t, Tier::Demo, 2), 0, "slot {i} still held 1 ms before it frees");
        clock.set(T0 + 60_000 + i * 1_000);
        assert_eq!(admitted(&l, &t, Tier::Demo, 3), 1, "exactly slot {i} freed");
    }
}

#[test]
fn tiers_have_the_seeds_limits() {
    let clock = Arc::new(ManualClock::new(T0));
    let l = limiter(&shared_url(), &clock);
    let (b, p, e) = (unique("basic"), unique("pro"), unique("ent"));
    assert_eq!(admitted(&l, &b, Tier::Basic, 120), 100);
    assert_eq!(admitted(&l, &p, Tier::Professional, 1_050), 1_000);
    let before = l.stats().redis;
    assert_eq!(admitted(&l, &e, Tier::Enterprise, 5_000), 5_000);
    assert_eq!(l.stats().redis, before, "Enterprise is never counted");
    assert_eq!(l.check(&e, Tier::Enterprise).expect("check").decided_by, DecidedBy::Unlimited);
    // Tenants do not share windows.
    assert_eq!(admitted(&l, &unique("other"), Tier::Basic, 100), 100);
    // Per-tier limits can be changed.
    let c: Arc<dyn ona_redis::Clock> = clock.clone();
    let custom =
        RateLimiter::new(&shared_url(), LimiterConfig::default().time(TimeSource::Clock(c)).limit(Tier::Demo, Some(3))).expect("limiter");
    assert_eq!(admitted(&custom, &unique("custom"), Tier::Demo, 10), 3);
    assert!(l.check("bad:name", Tier::Demo).is_err());
}

#[test]
fn concurrent_limiters_share_one_exact_count() {
    let clock = Arc::new(ManualClock::new(T0));
    let t = unique("shared");
    // Four "processes", each with its own connection, hammering one tenant.
    let total: usize = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| {
                let l = limiter(&shared_url(), &clock);
                let t = t.clone();
                s.spawn(move || admitted(&l, &t, Tier::Basic, 60))
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("thread")).sum()
    });
    assert_eq!(total, 100);
}

#[test]
fn redis_time_source_counts_too() {
    let l = RateLimiter::new(&shared_url(), LimiterConfig::default().time(TimeSource::RedisTime)).expect("limiter");
    let t = unique("rtime");
    assert_eq!(admitted(&l, &t, Tier::Demo, 13), 10);
    let d = l.check(&t, Tier::Demo).expect("check");
    assert!(!d.allowed && d.decided_by == DecidedBy::Redis);
    assert!(d.retry_after > Duration::from_secs(50) && d.retry_after <= Duration::from_secs(60), "{:?}", d.retry_after);
}

#[test]
fn local_fallback_while_redis_is_down_then_back_to_redis() {
    let mut server = OwnRedis::start();
    let clock = Arc::new(ManualClock::new(T0));
    let c: Arc<dyn ona_redis::Clock> = clock.clone();
    let link = LinkConfig::default().breaker(BreakerConfig::default().failure_threshold(2).cool_down(Duration::from_millis(200)));
    let l = RateLimiter::new(&server.url(), LimiterConfig::default().time(TimeSource::Clock(c.clone())).link(link)).expect("limiter");
    assert_eq!(admitted(&l, "acme", Tier::Demo, 4), 4);
    server.stop();
    // Locally the window starts empty: the 4 admitted by Redis are not known here.
    let ds: Vec<_> = (0..12).map(|_| l.check("acme", Tier::Demo).expect("check")).collect();
    assert!(ds.iter().all(|d| d.decided_by == DecidedBy::Local));
    assert_eq!(ds.iter().filter(|d| d.allowed).count(), 10);
    clock.advance(60_000);
    assert_eq!(admitted(&l, "acme", Tier::Demo, 12), 10, "the local window slides too");

    let open = RateLimiter::new(&server.url(), LimiterConfig::default().fallback(Fallback::Open)).expect("limiter");
    let d = open.check("acme", Tier::Demo).expect("check");
    assert!(d.allowed && d.decided_by == DecidedBy::FailOpen);
    assert_eq!(admitted(&open, "acme", Tier::Demo, 50), 50);

    server.restart();
    std::thread::sleep(Duration::from_millis(250));
    clock.advance(60_000);
    let d = l.check("acme", Tier::Demo).expect("check");
    assert_eq!((d.allowed, d.decided_by, d.remaining), (true, DecidedBy::Redis, 9));
    assert!(l.stats().fallback >= 24);
}

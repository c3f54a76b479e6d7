//! Redis down, paused or back: every request is answered, quickly; the
//! breaker opens, probes and closes. Each test runs its own redis-server.

use std::time::{Duration, Instant};

use ona_redis::{BreakerConfig, BreakerState, CacheConfig, CacheKey, Error, LinkConfig, RedisLink, ResultCache, Source};

use crate::common::{OwnRedis, scores};

/// Slack over the ~100 ms budget for a loaded 2-core test machine.
const ANSWER_BUDGET: Duration = Duration::from_millis(150);

fn cache_on(server: &OwnRedis, cool_down_ms: u64) -> ResultCache {
    let link = LinkConfig::default().breaker(BreakerConfig::default().failure_threshold(3).cool_down(Duration::from_millis(cool_down_ms)));
    ResultCache::new(&server.url(), CacheConfig::default().link(link)).expect("cache")
}

fn keys(n: u64) -> Vec<CacheKey> {
    (0..n).map(|i| CacheKey::new("outage", "g", i, "pagerank", "alpha=0.85").expect("key")).collect()
}

/// Runs `rounds` passes over `keys`; returns (answered, slowest, sources).
fn serve(cache: &ResultCache, keys: &[CacheKey], rounds: usize) -> (usize, Duration, Vec<Source>) {
    let mut answered = 0;
    let mut slowest = Duration::ZERO;
    let mut sources = Vec::new();
    for _ in 0..rounds {
        for (i, k) in keys.iter().enumerate() {
            let t = Instant::now();
            let got = cache.get_or_compute(k, || Ok::<_, ()>(scores(200, f64::from(u32::try_from(i).expect("small")))));
            slowest = slowest.max(t.elapsed());
            let (batch, src) = got.expect("a request was not answered");
            assert_eq!(batch, scores(200, f64::from(u32::try_from(i).expect("small"))));
            answered += 1;
            sources.push(src);
        }
    }
    (answered, slowest, sources)
}

#[test]
fn redis_killed_mid_test_every_request_answered_then_cache_used_again() {
    let mut server = OwnRedis::start();
    let cache = cache_on(&server, 200);
    let ks = keys(20);

    let (n, _, src) = serve(&cache, &ks, 2);
    assert_eq!(n, 40);
    assert_eq!(src.iter().filter(|s| **s == Source::Cache).count(), 20, "second pass should hit");

    server.stop();
    let before = cache.stats();
    let (n, slowest, src) = serve(&cache, &ks, 10);
    assert_eq!(n, 200, "100% of requests answered while Redis is down");
    assert!(src.iter().all(|s| *s == Source::Computed));
    assert!(slowest <= ANSWER_BUDGET, "slowest answer {slowest:?} while Redis was down");
    let during = cache.stats();
    assert_eq!(during.hits, before.hits);
    assert!(during.redis_unavailable >= 200);
    let b = cache.link().breaker().stats();
    assert!(b.opened >= 1 && b.rejected > 0, "{b:?}");
    eprintln!("redis killed: 200/200 answered, slowest {slowest:?}, breaker {b:?}");

    server.restart();
    // Until the cool-down ends the breaker keeps Redis out; then a probe closes it,
    // the empty server is refilled and hits count again.
    let t0 = Instant::now();
    loop {
        let (_, slowest, _) = serve(&cache, &ks, 1);
        assert!(slowest <= ANSWER_BUDGET, "slowest answer {slowest:?} after restart");
        if cache.stats().hits >= during.hits + 20 {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(10), "cache not used again after restart: {:?}", cache.stats());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(cache.link().breaker().state(), BreakerState::Closed);
    let after = cache.stats();
    eprintln!("restart: cache used again after {:?}: {after:?}", t0.elapsed());
}

#[test]
fn redis_paused_every_request_answered_within_budget() {
    let server = OwnRedis::start();
    // A cool-down longer than the test, so no probe runs while paused.
    let cache = cache_on(&server, 5_000);
    let ks = keys(10);
    serve(&cache, &ks, 1);
    server.pause();
    let (n, slowest, src) = serve(&cache, &ks, 10);
    server.resume();
    assert_eq!(n, 100);
    assert!(src.iter().all(|s| *s == Source::Computed));
    assert!(slowest <= ANSWER_BUDGET, "slowest answer {slowest:?} while Redis was paused");
    let b = cache.link().breaker().stats();
    // Three timeouts open the breaker; the other requests bypass Redis.
    assert_eq!(b.failures, 3, "{b:?}");
    assert_eq!(b.rejected, 97, "{b:?}");
    eprintln!("redis paused: 100/100 answered, slowest {slowest:?}, breaker {b:?}");
}

#[test]
fn breaker_transitions_against_a_real_server() {
    let mut server = OwnRedis::start();
    let cool = Duration::from_millis(300);
    let link = RedisLink::new(&server.url(), LinkConfig::default().breaker(BreakerConfig::default().failure_threshold(2).cool_down(cool)))
        .expect("link");
    let ping = |l: &RedisLink| l.call(|c| redis::cmd("PING").query::<String>(c));
    assert_eq!(ping(&link).expect("ping"), "PONG");
    assert_eq!(link.breaker().state(), BreakerState::Closed);

    server.stop();
    assert!(matches!(ping(&link), Err(Error::Redis(_))));
    assert_eq!(link.breaker().state(), BreakerState::Closed, "one failure of two");
    assert!(matches!(ping(&link), Err(Error::Redis(_))));
    assert_eq!(link.breaker().state(), BreakerState::Open);
    let opened_at = Instant::now();
    assert!(matches!(ping(&link), Err(Error::BreakerOpen)));

    server.restart();
    if opened_at.elapsed() < cool / 2 {
        assert!(matches!(ping(&link), Err(Error::BreakerOpen)), "still cooling down");
    }
    std::thread::sleep(cool);
    // The probe: half-open while it runs, closed after it succeeds.
    let seen = link.call(|c| {
        let _: String = redis::cmd("PING").query(c)?;
        Ok(())
    });
    assert!(seen.is_ok());
    assert_eq!(link.breaker().state(), BreakerState::Closed);
    let s = link.breaker().stats();
    assert_eq!((s.failures, s.opened, s.probes, s.closed), (2, 1, 1, 1), "{s:?}");
    assert!(s.rejected >= 1);

    // A failed probe opens it again.
    server.stop();
    assert!(ping(&link).is_err());
    assert!(ping(&link).is_err());
    assert_eq!(link.breaker().state(), BreakerState::Open);
    std::thread::sleep(cool);
    assert!(matches!(ping(&link), Err(Error::Redis(_))), "the probe reaches the dead server");
    assert_eq!(link.breaker().state(), BreakerState::Open);
    assert!(matches!(ping(&link), Err(Error::BreakerOpen)));
    let s = link.breaker().stats();
    assert_eq!((s.opened, s.probes, s.closed), (3, 2, 1), "{s:?}");
}

#[test]
fn half_open_admits_a_single_probe() {
    let b = ona_redis::CircuitBreaker::new(BreakerConfig::default().failure_threshold(1).cool_down(Duration::from_millis(10)));
    assert!(b.try_acquire());
    b.record_failure();
    assert_eq!(b.state(), BreakerState::Open);
    std::thread::sleep(Duration::from_millis(15));
    assert!(b.try_acquire());
    assert_eq!(b.state(), BreakerState::HalfOpen);
    assert!(!b.try_acquire(), "a second caller during the probe bypasses Redis");
    b.record_success();
    assert!(b.try_acquire());
}

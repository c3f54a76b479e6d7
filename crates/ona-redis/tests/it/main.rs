//! Integration tests against real Redis servers (`scripts/test-redis.sh`):
//! the shared one at `ONA_REDIS_URL`, and private `redis-server`s each test
//! starts, stops, pauses and restarts on its own free port.

mod cache;
mod common;
mod limiter;
mod metric;
mod outage;
mod published;

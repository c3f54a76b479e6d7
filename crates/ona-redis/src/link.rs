//! One guarded Redis connection: connect and operation timeouts, reconnect on
//! demand, and a [`CircuitBreaker`] in front.

use std::sync::Mutex;
use std::time::Duration;

use redis::{Client, Connection};

use crate::breaker::{BreakerConfig, CircuitBreaker};
use crate::error::{Error, Result};

/// Connection settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkConfig {
    /// TCP connect timeout (default 50 ms).
    pub connect_timeout: Duration,
    /// Read and write timeout of each command (default 50 ms).
    pub op_timeout: Duration,
    /// The circuit breaker's settings.
    pub breaker: BreakerConfig,
}

impl Default for LinkConfig {
    fn default() -> Self {
        Self { connect_timeout: Duration::from_millis(50), op_timeout: Duration::from_millis(50), breaker: BreakerConfig::default() }
    }
}

impl LinkConfig {
    /// Set [`LinkConfig::connect_timeout`].
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }
    /// Set [`LinkConfig::op_timeout`].
    pub fn op_timeout(mut self, d: Duration) -> Self {
        self.op_timeout = d;
        self
    }
    /// Set [`LinkConfig::breaker`].
    pub fn breaker(mut self, b: BreakerConfig) -> Self {
        self.breaker = b;
        self
    }
}

/// A lazily opened connection to one Redis server, used by one caller at a
/// time (a mutex serialises commands; Redis answers loopback commands in tens
/// of microseconds). Any failed command drops the connection — after a
/// timeout its reply may still arrive — and the next call reconnects.
pub struct RedisLink {
    client: Client,
    cfg: LinkConfig,
    conn: Mutex<Option<Connection>>,
    breaker: CircuitBreaker,
}

impl std::fmt::Debug for RedisLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLink")
            .field("addr", &self.client.get_connection_info().addr())
            .field("cfg", &self.cfg)
            .field("breaker", &self.breaker)
            .finish_non_exhaustive()
    }
}

impl RedisLink {
    /// A link to `url` (`redis://host:port[/db]`). Does not connect.
    ///
    /// Errors: [`Error::Redis`] when the URL does not parse.
    pub fn new(url: &str, cfg: LinkConfig) -> Result<Self> {
        let client = Client::open(url)?;
        Ok(Self { client, cfg, conn: Mutex::new(None), breaker: CircuitBreaker::new(cfg.breaker) })
    }

    /// The breaker guarding this link.
    pub fn breaker(&self) -> &CircuitBreaker {
        &self.breaker
    }

    /// The settings.
    pub fn config(&self) -> &LinkConfig {
        &self.cfg
    }

    fn connect(&self) -> Result<Connection> {
        let conn = self.client.get_connection_with_timeout(self.cfg.connect_timeout)?;
        conn.set_read_timeout(Some(self.cfg.op_timeout))?;
        conn.set_write_timeout(Some(self.cfg.op_timeout))?;
        Ok(conn)
    }

    /// Run `f` on the connection, through the breaker. Worst case time:
    /// connect timeout + the op timeouts of the commands `f` sends.
    ///
    /// Errors: [`Error::BreakerOpen`] without touching Redis when the breaker
    /// is open; otherwise whatever `f` or connecting returned (and the failure
    /// is counted by the breaker).
    pub fn call<T>(&self, f: impl FnOnce(&mut Connection) -> redis::RedisResult<T>) -> Result<T> {
        if !self.breaker.try_acquire() {
            return Err(Error::BreakerOpen);
        }
        let mut guard = self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let out = match guard.take() {
            Some(c) => Ok(c),
            None => self.connect(),
        }
        .and_then(|mut c| match f(&mut c) {
            Ok(v) => {
                *guard = Some(c);
                Ok(v)
            }
            Err(e) => {
                // The connection is dropped: after a timeout its reply may
                // still arrive and would answer the next command.
                Err(Error::Redis(e))
            }
        });
        drop(guard);
        match &out {
            Ok(_) => self.breaker.record_success(),
            Err(_) => self.breaker.record_failure(),
        }
        out
    }
}

//! A synchronous connection: the Bolt driver plus the current-thread tokio runtime that
//! drives it, owned together so callers never see async.

use std::collections::HashMap;

use neo4rs::{BoltType, ConfigBuilder, Graph as Driver, Row};

use crate::error::{Error, Result};
use crate::value::{Params, Value, bolt_params};

/// How to reach Neo4j.
///
/// ```
/// use ona_neo4j::ConnectConfig;
/// let cfg = ConnectConfig::default().uri("bolt://127.0.0.1:7687").fetch_size(5_000);
/// assert_eq!(cfg.get_fetch_size(), 5_000);
/// ```
#[derive(Clone)]
pub struct ConnectConfig {
    uri: String,
    user: String,
    password: String,
    database: Option<String>,
    fetch_size: usize,
    max_connections: usize,
}

impl std::fmt::Debug for ConnectConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectConfig")
            .field("uri", &self.uri)
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("database", &self.database)
            .field("fetch_size", &self.fetch_size)
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl Default for ConnectConfig {
    fn default() -> Self {
        Self {
            uri: "bolt://127.0.0.1:7687".into(),
            user: "neo4j".into(),
            password: String::new(),
            database: None,
            fetch_size: 10_000,
            max_connections: 2,
        }
    }
}

impl ConnectConfig {
    /// From `ONA_NEO4J_URI` (required), `ONA_NEO4J_USER` and `ONA_NEO4J_PASSWORD`
    /// (optional), as written by `scripts/servers.sh start neo4j` into `target/servers/env.sh`.
    ///
    /// Errors: [`Error::MissingEnv`] naming the command that starts the server.
    pub fn from_env() -> Result<Self> {
        let uri = std::env::var("ONA_NEO4J_URI").map_err(|_| Error::MissingEnv { var: "ONA_NEO4J_URI" })?;
        let mut cfg = Self::default().uri(uri);
        if let Ok(u) = std::env::var("ONA_NEO4J_USER") {
            cfg = cfg.user(u);
        }
        if let Ok(p) = std::env::var("ONA_NEO4J_PASSWORD") {
            cfg = cfg.password(p);
        }
        Ok(cfg)
    }
    /// Bolt URI (`bolt://host:port`).
    #[must_use]
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = uri.into();
        self
    }
    /// User name.
    #[must_use]
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = user.into();
        self
    }
    /// Password.
    #[must_use]
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = password.into();
        self
    }
    /// Database (default: the server's default database).
    #[must_use]
    pub fn database(mut self, db: impl Into<String>) -> Self {
        self.database = Some(db.into());
        self
    }
    /// Rows the server sends per Bolt `PULL` (default 10,000): the page size of projections.
    #[must_use]
    pub fn fetch_size(mut self, rows: usize) -> Self {
        self.fetch_size = rows.max(1);
        self
    }
    /// Pooled connections (default 2).
    #[must_use]
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }
    /// The Bolt URI.
    pub fn get_uri(&self) -> &str {
        &self.uri
    }
    /// Rows per page.
    pub fn get_fetch_size(&self) -> usize {
        self.fetch_size
    }
}

/// One row read back by [`Neo4j::rows`]: column name to value.
pub type Record = HashMap<String, Value>;

/// A connection to Neo4j usable from synchronous code.
///
/// Owns a current-thread tokio runtime; every call blocks the calling thread until the
/// server answers. Not for use from inside another async runtime's worker (tokio forbids
/// nested `block_on`); give it its own thread there.
pub struct Neo4j {
    rt: tokio::runtime::Runtime,
    driver: Driver,
    cfg: ConnectConfig,
    /// Indexes this connection has made sure of (`ensure_id_index`), so that
    /// write-backs after the first skip the schema transaction.
    indexes: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl std::fmt::Debug for Neo4j {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Neo4j").field("cfg", &self.cfg).finish_non_exhaustive()
    }
}

impl Neo4j {
    /// Connect and check the session with `RETURN 1`.
    ///
    /// Errors: [`Error::Runtime`], [`Error::Connect`] (bad URI, refused, handshake or auth failure).
    pub fn connect(cfg: &ConnectConfig) -> Result<Self> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(Error::Runtime)?;
        let connect_err = |source| Error::Connect { uri: cfg.uri.clone(), source };
        let mut b = ConfigBuilder::default()
            .uri(cfg.uri.as_str())
            .user(cfg.user.as_str())
            .password(cfg.password.as_str())
            .fetch_size(cfg.fetch_size)
            .max_connections(cfg.max_connections);
        if let Some(db) = &cfg.database {
            b = b.db(db.as_str());
        }
        let config = b.build().map_err(connect_err)?;
        let driver = {
            let _guard = rt.enter();
            Driver::connect(config).map_err(connect_err)?
        };
        let conn = Self { rt, driver, cfg: cfg.clone(), indexes: std::sync::Mutex::default() };
        conn.rt
            .block_on(async {
                let mut s = conn.driver.execute(neo4rs::query("RETURN 1 AS one")).await?;
                while s.next().await?.is_some() {}
                Ok::<_, neo4rs::Error>(())
            })
            .map_err(connect_err)?;
        Ok(conn)
    }

    /// Whether `ensure_id_index` already made sure of index `name` on this connection.
    pub(crate) fn index_known(&self, name: &str) -> bool {
        self.indexes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(name)
    }

    /// Record that index `name` exists and is online.
    pub(crate) fn remember_index(&self, name: String) {
        self.indexes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(name);
    }

    /// The settings this connection was made with.
    pub fn config(&self) -> &ConnectConfig {
        &self.cfg
    }

    /// Run a statement in its own (auto-commit) transaction, discarding rows.
    ///
    /// Errors: [`Error::Query`] naming the statement.
    pub fn run(&self, cypher: &str, params: &Params) -> Result<()> {
        let q = neo4rs::query(cypher).params(bolt_params(params));
        self.rt.block_on(self.driver.run(q)).map(|_| ()).map_err(|e| Error::query(cypher, e))
    }

    /// Run a query and collect its rows (for small results: read-back, checks).
    ///
    /// Errors: [`Error::Query`] naming the query.
    pub fn rows(&self, cypher: &str, params: &Params) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        self.for_each_row(cypher, params, |row| {
            let rec = row
                .keys()
                .into_iter()
                .map(|k| {
                    let v = row.get::<BoltType>(&k.value).map_or(Value::Null, Value::from_bolt);
                    (k.value.clone(), v)
                })
                .collect();
            out.push(rec);
            Ok(())
        })?;
        Ok(out)
    }

    /// Stream a query's rows, `fetch_size` per round trip, into `f`; returns the row count.
    pub(crate) fn for_each_row(&self, cypher: &str, params: &Params, mut f: impl FnMut(Row) -> Result<()>) -> Result<u64> {
        let q = neo4rs::query(cypher).params(bolt_params(params));
        self.rt.block_on(async {
            let mut stream = self.driver.execute(q).await.map_err(|e| Error::query(cypher, e))?;
            let mut n = 0u64;
            while let Some(row) = stream.next().await.map_err(|e| Error::query(cypher, e))? {
                f(row)?;
                n += 1;
            }
            Ok(n)
        })
    }

    /// Run one statement in an explicit transaction that returns a single integer column
    /// `c`; commit when `accept(c)` holds, otherwise roll back. Returns `c`.
    pub(crate) fn txn_count(&self, cypher: &str, params: Vec<(&str, BoltType)>, accept: impl Fn(i64) -> bool) -> Result<i64> {
        let q = neo4rs::query(cypher).params(params);
        let qe = |e| Error::query(cypher, e);
        self.rt.block_on(async {
            let mut txn = self.driver.start_txn().await.map_err(qe)?;
            let mut stream = txn.execute(q).await.map_err(qe)?;
            let mut count = 0i64;
            while let Some(row) = stream.next(txn.handle()).await.map_err(qe)? {
                count = row.get::<i64>("c").unwrap_or(0);
            }
            if accept(count) {
                txn.commit().await.map_err(qe)?;
            } else {
                txn.rollback().await.map_err(qe)?;
            }
            Ok(count)
        })
    }
}

//! Write-back ("write mode" in GDS terms): per-node results set as node properties in
//! batched `UNWIND` transactions.

use std::collections::HashMap;
use std::time::Instant;

use neo4rs::BoltType;
use ona_core::graph::{Adjacency, IdMap};
use ona_core::{Graph, Partition, Scores};

use crate::conn::Neo4j;
use crate::error::{Error, Result};

/// Where and how [`write_node_property`] writes.
///
/// ```
/// use ona_neo4j::WriteConfig;
/// let cfg = WriteConfig::new("Person").id_key("id").batch_size(5_000);
/// assert_eq!(cfg.get_batch_size(), 5_000);
/// ```
#[derive(Debug, Clone)]
pub struct WriteConfig {
    label: String,
    id_key: String,
    batch_size: usize,
    create_index: bool,
}

impl Default for WriteConfig {
    fn default() -> Self {
        Self { label: "Person".into(), id_key: "id".into(), batch_size: 10_000, create_index: true }
    }
}

impl WriteConfig {
    /// Nodes labelled `label`, matched on property `id`.
    pub fn new(label: impl Into<String>) -> Self {
        Self { label: label.into(), ..Self::default() }
    }
    /// Label of the nodes written (default `Person`).
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    /// Property holding the external id the graph was projected with (default `id`).
    #[must_use]
    pub fn id_key(mut self, key: impl Into<String>) -> Self {
        self.id_key = key.into();
        self
    }
    /// Rows per transaction (default 10,000).
    #[must_use]
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch_size = rows.max(1);
        self
    }
    /// Create the `(label, id_key)` index first if missing (default `true`; once per
    /// connection, see [`ensure_id_index`]).
    #[must_use]
    pub fn create_index(mut self, on: bool) -> Self {
        self.create_index = on;
        self
    }
    /// Rows per transaction.
    pub fn get_batch_size(&self) -> usize {
        self.batch_size
    }
}

/// What a write-back did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteReport {
    /// Nodes written.
    pub rows: u64,
    /// Transactions committed.
    pub batches: u64,
    /// Wall time, seconds (index creation included).
    pub seconds: f64,
}

/// Create the index on `(:label {id_key})` if it does not exist and wait until it is online.
/// The connection remembers it: later write-backs through the same [`Neo4j`] do not ask
/// again (an index dropped meanwhile makes them slower, not wrong).
///
/// Errors: [`Error::InvalidName`], [`Error::Query`].
pub fn ensure_id_index(conn: &Neo4j, cfg: &WriteConfig) -> Result<()> {
    let label = ident("label", &cfg.label)?;
    let key = ident("id key", &cfg.id_key)?;
    let name = index_name(cfg);
    conn.run(&format!("CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{key})"), &Vec::new())?;
    conn.run("CALL db.awaitIndexes(300)", &Vec::new())?;
    conn.remember_index(name);
    Ok(())
}

fn index_name(cfg: &WriteConfig) -> String {
    format!("ona_{}_{}", cfg.label, cfg.id_key)
}

/// Write one float per node as property `property` of `(:label {id_key: external id})`.
///
/// Each batch is one transaction running
/// `UNWIND $rows AS r MATCH (n:label {id_key: r.id}) SET n.property = r.v RETURN count(n)`;
/// the values travel as Bolt floats, so the stored value is the `f64` bit for bit.
/// External ids come from the graph's id map (integers or strings, as projected).
///
/// **Complexity**: `O(n)` rows, `n / batch_size` round trips (index lookups on the server).
/// **Errors**: [`Error::LengthMismatch`] when `scores` is not one per node,
/// [`Error::InvalidName`] for a label / key / property that is not an identifier,
/// [`Error::NodesNotFound`] when a batch matches fewer nodes than it sends (that batch is
/// rolled back; earlier batches stay committed), [`Error::Query`].
pub fn write_node_property<A: Adjacency>(
    conn: &Neo4j,
    g: &Graph<A>,
    property: &str,
    scores: &Scores,
    cfg: &WriteConfig,
) -> Result<WriteReport> {
    check_len("scores", g.node_count(), scores.0.len())?;
    write_values(conn, g, property, cfg, |i| BoltType::from(scores.0[i]))
}

/// Write a partition (community id per node) as integer property `property`.
///
/// Same batching, errors and complexity as [`write_node_property`].
pub fn write_partition<A: Adjacency>(
    conn: &Neo4j,
    g: &Graph<A>,
    property: &str,
    partition: &Partition,
    cfg: &WriteConfig,
) -> Result<WriteReport> {
    check_len("partition", g.node_count(), partition.0.len())?;
    write_values(conn, g, property, cfg, |i| BoltType::from(i64::from(partition.0[i])))
}

fn write_values<A: Adjacency>(
    conn: &Neo4j,
    g: &Graph<A>,
    property: &str,
    cfg: &WriteConfig,
    value: impl Fn(usize) -> BoltType,
) -> Result<WriteReport> {
    let start = Instant::now();
    let label = ident("label", &cfg.label)?;
    let key = ident("id key", &cfg.id_key)?;
    let prop = ident("property", property)?;
    if cfg.create_index && !conn.index_known(&index_name(cfg)) {
        ensure_id_index(conn, cfg)?;
    }
    let cypher = format!("UNWIND $rows AS r MATCH (n:{label} {{{key}: r.id}}) SET n.{prop} = r.v RETURN count(n) AS c");
    let n = g.node_count();
    let ids = g.ids();
    let mut batches = 0u64;
    let mut i = 0usize;
    while i < n {
        let end = (i + cfg.batch_size).min(n);
        let mut rows = Vec::with_capacity(end - i);
        for v in i..end {
            let mut m: HashMap<&str, BoltType> = HashMap::with_capacity(2);
            m.insert("id", external(ids, v)?);
            m.insert("v", value(v));
            rows.push(BoltType::from(m));
        }
        let sent = (end - i) as u64;
        let matched = conn.txn_count(&cypher, vec![("rows", BoltType::List(rows.into_iter().collect()))], |c| {
            u64::try_from(c).is_ok_and(|c| c >= sent)
        })?;
        let matched = u64::try_from(matched).unwrap_or(0);
        if matched < sent {
            return Err(Error::NodesNotFound {
                label: cfg.label.clone(),
                key: cfg.id_key.clone(),
                property: property.to_owned(),
                sent,
                missing: sent - matched,
            });
        }
        batches += 1;
        i = end;
    }
    Ok(WriteReport { rows: n as u64, batches, seconds: start.elapsed().as_secs_f64() })
}

fn check_len(what: &'static str, expected: usize, got: usize) -> Result<()> {
    if expected == got { Ok(()) } else { Err(Error::LengthMismatch { what, expected, got }) }
}

/// The external id of node `v` as a Bolt value.
fn external(ids: &IdMap, v: usize) -> Result<BoltType> {
    let too_big = |x: u64| Error::BadValue {
        query: String::new(),
        row: v as u64,
        column: "id".into(),
        expected: "an id below 2^63 (Neo4j integers are signed)",
        found: x.to_string(),
    };
    Ok(match ids {
        IdMap::Dense(_) => BoltType::from(i64::try_from(v).map_err(|_| too_big(v as u64))?),
        IdMap::U64(xs) => BoltType::from(i64::try_from(xs[v]).map_err(|_| too_big(xs[v]))?),
        IdMap::Str { names, .. } => BoltType::from(&*names[v]),
    })
}

/// A validated identifier, backquoted for Cypher.
pub(crate) fn ident(what: &'static str, name: &str) -> Result<String> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok { Ok(format!("`{name}`")) } else { Err(Error::InvalidName { what, name: name.to_owned() }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_checked_and_quoted() {
        assert_eq!(ident("label", "Person_2").ok().as_deref(), Some("`Person_2`"));
        for bad in ["", "2x", "a b", "a`b", "x}) DETACH DELETE n //", "é"] {
            assert!(matches!(ident("label", bad), Err(Error::InvalidName { what: "label", .. })), "{bad:?} accepted");
        }
    }

    #[test]
    fn external_ids_keep_their_type_and_refuse_what_bolt_cannot_hold() {
        assert_eq!(external(&IdMap::Dense(3), 2).ok(), Some(BoltType::from(2i64)));
        assert_eq!(external(&IdMap::U64(vec![5, 1 << 40]), 1).ok(), Some(BoltType::from(1i64 << 40)));
        assert!(matches!(external(&IdMap::U64(vec![u64::MAX]), 0), Err(Error::BadValue { .. })));
        let names = IdMap::from_names(vec!["ann".into(), "bob".into()]);
        assert_eq!(external(&names, 1).ok(), Some(BoltType::from("bob")));
    }
}

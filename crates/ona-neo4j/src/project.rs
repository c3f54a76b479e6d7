//! Projection: two Cypher queries (nodes, relationships) streamed into an ona graph.

use std::collections::HashMap;

use neo4rs::{BoltType, Row};
use ona_core::graph::{Categorical, MISSING};
use ona_core::{DuplicatePolicy, EdgeWeights, Exec, Graph, GraphBuilder, SelfLoopPolicy};

use crate::conn::Neo4j;
use crate::error::{Error, Result};
use crate::value::{Params, Value};
use crate::version::GraphVersion;

/// The two queries of a projection and their parameters.
///
/// * `nodes` returns a column `id` (a non-negative integer or a string) and any number of
///   attribute columns; each attribute column becomes a categorical attribute of the
///   same name (integers, floats and booleans as their text, `null` as missing).
/// * `relationships` returns `src` and `dst` (ids of the same type as `id`), and
///   optionally `weight` (a number; `null` counts 1) and `timestamp` (an integer or
///   `null`, used for the version). Other columns are ignored (but hashed).
///
/// Endpoints that no node row names become nodes without attributes.
#[derive(Debug, Clone, Default)]
pub struct ProjectionQuery {
    /// Cypher returning `id, attr...`.
    pub nodes: String,
    /// Cypher returning `src, dst[, weight][, timestamp]`.
    pub relationships: String,
    /// Parameters of both queries.
    pub params: Params,
}

/// Options of [`project`].
#[derive(Debug, Clone, Copy)]
pub struct ProjectionConfig {
    directed: bool,
    duplicates: DuplicatePolicy,
    self_loops: SelfLoopPolicy,
}

impl Default for ProjectionConfig {
    fn default() -> Self {
        Self { directed: true, duplicates: DuplicatePolicy::Sum, self_loops: SelfLoopPolicy::Keep }
    }
}

impl ProjectionConfig {
    /// Directed graph (default `true`).
    #[must_use]
    pub fn directed(mut self, on: bool) -> Self {
        self.directed = on;
        self
    }
    /// Repeated relationships between the same pair (default: weights summed).
    #[must_use]
    pub fn duplicates(mut self, p: DuplicatePolicy) -> Self {
        self.duplicates = p;
        self
    }
    /// Self loops (default: kept).
    #[must_use]
    pub fn self_loops(mut self, p: SelfLoopPolicy) -> Self {
        self.self_loops = p;
        self
    }
}

/// A projected graph and its version.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The graph: external ids as in Neo4j, attributes from the node query.
    pub graph: Graph,
    /// Version for cache keys.
    pub version: GraphVersion,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Str,
}

/// One id column, integer or string (never both).
#[derive(Default)]
struct Ids {
    int: Vec<u64>,
    text: Vec<String>,
}

/// One categorical column, dictionary-encoded as rows arrive.
struct AttrColumn {
    name: String,
    lookup: HashMap<String, u32>,
    dictionary: Vec<String>,
    codes: Vec<u32>,
}

struct Ctx<'a> {
    query: &'a str,
    row: u64,
}

impl Ctx<'_> {
    fn bad(&self, column: &str, expected: &'static str, found: &Value) -> Error {
        Error::BadValue { query: self.query.to_owned(), row: self.row, column: column.to_owned(), expected, found: found.describe() }
    }
}

/// Project a graph from Neo4j.
///
/// Rows are pulled `fetch_size` at a time ([`crate::ConnectConfig::fetch_size`]) and
/// decoded straight into column vectors (ids, weights, attribute codes); no row is kept
/// once decoded, so memory is the columns plus the graph being built.
///
/// **Complexity**: one pass over the rows, then the `ona-core` build (`O(n + m log d)`).
/// **Parallelism**: the build uses `exec`'s pool; reading is one Bolt stream at a time.
/// **Errors**: [`Error::Query`] (naming the query) for Cypher the server rejects,
/// [`Error::MissingColumn`] when `id` / `src` / `dst` is not returned,
/// [`Error::BadValue`] for ids that are neither non-negative integers nor strings (or
/// mix both), non-numeric weights, non-integer timestamps, list or map attributes,
/// [`Error::DuplicateNode`] for an id returned twice by the node query, and
/// [`Error::Core`] for what the builder refuses (NaN weights, too many nodes).
/// A query that returns no rows cannot be checked for its columns and gives no nodes.
pub fn project(conn: &Neo4j, q: &ProjectionQuery, cfg: &ProjectionConfig, exec: &Exec) -> Result<Projection> {
    let mut h = blake3::Hasher::new();
    Value::Str(q.nodes.clone()).hash_into(&mut h);
    Value::Str(q.relationships.clone()).hash_into(&mut h);
    Value::Map(q.params.clone()).hash_into(&mut h);

    let mut kind: Option<Kind> = None;

    // ---- nodes
    let mut nodes = Ids::default();
    let mut attrs: Vec<AttrColumn> = Vec::new();
    let mut row_no = 0u64;
    let node_rows = conn.for_each_row(&q.nodes, &q.params, |row| {
        let ctx = Ctx { query: &q.nodes, row: row_no };
        if row_no == 0 {
            let mut keys = columns(&row);
            require(&q.nodes, &keys, "id")?;
            keys.retain(|k| k != "id");
            keys.sort();
            attrs = keys
                .into_iter()
                .map(|name| AttrColumn { name, lookup: HashMap::new(), dictionary: Vec::new(), codes: Vec::new() })
                .collect();
        }
        let id = get(&row, "id");
        id.hash_into(&mut h);
        push_id(&mut nodes, &mut kind, "id", id, &ctx)?;
        for col in &mut attrs {
            let v = get(&row, &col.name);
            v.hash_into(&mut h);
            let text = match v {
                Value::Null => None,
                Value::Str(s) => Some(s),
                Value::Int(x) => Some(x.to_string()),
                Value::Float(x) => Some(x.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                other => return Err(ctx.bad(&col.name, "a string, number, boolean or null", &other)),
            };
            let code = match text {
                None => MISSING,
                Some(s) => match col.lookup.get(&s) {
                    Some(&c) => c,
                    None => {
                        let c = u32::try_from(col.dictionary.len())
                            .ok()
                            .filter(|&c| c < MISSING)
                            .ok_or_else(|| ctx.bad(&col.name, "fewer than 2^32 - 1 distinct values", &Value::Str(s.clone())))?;
                        col.dictionary.push(s.clone());
                        col.lookup.insert(s, c);
                        c
                    }
                },
            };
            col.codes.push(code);
        }
        row_no += 1;
        Ok(())
    })?;
    for col in &mut attrs {
        col.lookup = HashMap::new();
    }

    // ---- relationships
    let (mut src, mut dst) = (Ids::default(), Ids::default());
    let mut weights: Option<Vec<f64>> = None;
    let mut has_ts = false;
    let mut max_ts: Option<i64> = None;
    let mut row_no = 0u64;
    let relationship_rows = conn.for_each_row(&q.relationships, &q.params, |row| {
        let ctx = Ctx { query: &q.relationships, row: row_no };
        if row_no == 0 {
            let keys = columns(&row);
            require(&q.relationships, &keys, "src")?;
            require(&q.relationships, &keys, "dst")?;
            if keys.iter().any(|k| k == "weight") {
                weights = Some(Vec::new());
            }
            has_ts = keys.iter().any(|k| k == "timestamp");
        }
        let s = get(&row, "src");
        let d = get(&row, "dst");
        s.hash_into(&mut h);
        d.hash_into(&mut h);
        push_id(&mut src, &mut kind, "src", s, &ctx)?;
        push_id(&mut dst, &mut kind, "dst", d, &ctx)?;
        if let Some(w) = &mut weights {
            let v = get(&row, "weight");
            v.hash_into(&mut h);
            w.push(match v {
                Value::Null => 1.0,
                Value::Float(x) => x,
                #[allow(clippy::cast_precision_loss)] // weights are approximate by nature
                Value::Int(x) => x as f64,
                other => return Err(ctx.bad("weight", "a number or null", &other)),
            });
        }
        if has_ts {
            let v = get(&row, "timestamp");
            v.hash_into(&mut h);
            match v {
                Value::Null => {}
                Value::Int(t) => max_ts = Some(max_ts.map_or(t, |m| m.max(t))),
                other => return Err(ctx.bad("timestamp", "an integer or null", &other)),
            }
        }
        row_no += 1;
        Ok(())
    })?;

    let version = GraphVersion { hash: *h.finalize().as_bytes(), node_rows, relationship_rows, max_timestamp: max_ts };

    // ---- build
    let builder = GraphBuilder::with_direction(cfg.directed).duplicates(cfg.duplicates).self_loops(cfg.self_loops);
    let w = weights.as_deref().map(EdgeWeights::F64);
    let mut graph = match kind {
        Some(Kind::Str) => builder.build_str(&nodes.text, &src.text, &dst.text, w, exec)?,
        _ => builder.build_u64(&nodes.int, &src.int, &dst.int, w, exec)?,
    };
    drop((src, dst, weights));

    // Node row -> node, refusing duplicates.
    let n = graph.node_count();
    let mut seen = vec![false; n];
    let mut row_node = Vec::with_capacity(usize::try_from(node_rows).unwrap_or(0));
    let rows = nodes.int.len().max(nodes.text.len());
    for i in 0..rows {
        let v = match kind {
            Some(Kind::Str) => graph.ids().lookup_str(&nodes.text[i]),
            _ => graph.ids().lookup_u64(nodes.int[i]),
        };
        let dup = || Error::DuplicateNode {
            query: q.nodes.clone(),
            row: i as u64,
            id: match kind {
                Some(Kind::Str) => nodes.text[i].clone(),
                _ => nodes.int[i].to_string(),
            },
        };
        let v = v.ok_or_else(dup)?;
        if std::mem::replace(&mut seen[v.index()], true) {
            return Err(dup());
        }
        row_node.push(v);
    }
    drop(nodes);

    for col in attrs {
        let mut values: Vec<Option<&str>> = vec![None; n];
        for (&v, &code) in row_node.iter().zip(&col.codes) {
            values[v.index()] = col.dictionary.get(code as usize).map(String::as_str);
        }
        graph.set_categorical(&col.name, Categorical::from_values(&values)?)?;
    }
    Ok(Projection { graph, version })
}

fn columns(row: &Row) -> Vec<String> {
    row.keys().into_iter().map(|k| k.value.clone()).collect()
}

fn require(query: &str, keys: &[String], column: &'static str) -> Result<()> {
    if keys.iter().any(|k| k == column) {
        Ok(())
    } else {
        Err(Error::MissingColumn { query: query.to_owned(), column, found: keys.to_vec() })
    }
}

fn get(row: &Row, column: &str) -> Value {
    row.get::<BoltType>(column).map_or(Value::Null, Value::from_bolt)
}

fn push_id(ids: &mut Ids, kind: &mut Option<Kind>, column: &str, v: Value, ctx: &Ctx<'_>) -> Result<()> {
    const EXPECTED: &str = "a non-negative integer or a string, the same type in every id column";
    let k = match &v {
        Value::Int(_) => Kind::Int,
        Value::Str(_) => Kind::Str,
        _ => return Err(ctx.bad(column, EXPECTED, &v)),
    };
    if *kind.get_or_insert(k) != k {
        return Err(ctx.bad(column, EXPECTED, &v));
    }
    match v {
        Value::Int(x) => ids.int.push(u64::try_from(x).map_err(|_| ctx.bad(column, EXPECTED, &v))?),
        Value::Str(s) => ids.text.push(s),
        _ => {}
    }
    Ok(())
}

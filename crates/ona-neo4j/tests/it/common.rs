//! Connection from the environment, and email-Eu-core read from `shared/data`.

use std::io::Read;
use std::path::{Path, PathBuf};

use ona_core::graph::Categorical;
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder};
use ona_neo4j::{ConnectConfig, Neo4j, Value};

/// Connect to the server named by `ONA_NEO4J_URI`; fail (never skip) without it.
pub fn connect() -> Neo4j {
    let cfg = match ConnectConfig::from_env() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    Neo4j::connect(&cfg).unwrap_or_else(|e| panic!("{e}: {:?}", std::error::Error::source(&e)))
}

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut text = String::new();
    if path.extension().is_some_and(|x| x == "gz") {
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).expect("gunzip");
    } else {
        text = String::from_utf8(bytes).expect("utf-8");
    }
    text
}

/// email-Eu-core as rows: (src, dst) arcs in file order and each node's department.
pub struct Email {
    pub src: Vec<u64>,
    pub dst: Vec<u64>,
    pub dept: Vec<(u64, i64)>,
}

pub fn email() -> Email {
    let dir = data_dir().join("snap");
    let (mut src, mut dst) = (Vec::new(), Vec::new());
    for line in read_text(&dir.join("email-Eu-core.txt.gz")).lines() {
        let mut it = line.split_whitespace().map(|t| t.parse::<u64>().expect("node id"));
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            src.push(a);
            dst.push(b);
        }
    }
    // The third-party copy with CRLF line ends and no final newline (split_whitespace drops the CR).
    let mut dept = Vec::new();
    for line in read_text(&dir.join("email-Eu-core-department-labels.txt")).lines() {
        let mut it = line.split_whitespace().map(|t| t.parse::<i64>().expect("label"));
        if let (Some(v), Some(d)) = (it.next(), it.next()) {
            dept.push((u64::try_from(v).expect("id"), d));
        }
    }
    assert_eq!((src.len(), dept.len()), (25_571, 1_005));
    Email { src, dst, dept }
}

/// The graph read straight from the files, the way a projection should rebuild it:
/// directed, weight 1 per arc, department as a categorical attribute.
pub fn file_graph(e: &Email, exec: &Exec) -> Graph {
    let nodes: Vec<u64> = e.dept.iter().map(|&(v, _)| v).collect();
    let w = vec![1.0f64; e.src.len()];
    let mut g = GraphBuilder::directed().build_u64(&nodes, &e.src, &e.dst, Some(EdgeWeights::F64(&w)), exec).expect("file graph");
    let mut values: Vec<Option<String>> = vec![None; g.node_count()];
    for &(v, d) in &e.dept {
        let node = g.ids().lookup_u64(v).expect("node");
        values[node.index()] = Some(d.to_string());
    }
    g.set_categorical("department", Categorical::from_values(&values).expect("column")).expect("attr");
    g
}

/// Replace every `label` node with email-Eu-core: batched `UNWIND ... CREATE`, an index on
/// `id` before the relationships, `weight` 1.0 and `ts` = file line on each relationship.
pub fn load_email(conn: &Neo4j, label: &str, e: &Email) {
    const BATCH: usize = 5_000;
    conn.run(&format!("MATCH (n:{label}) DETACH DELETE n"), &vec![]).expect("clear");
    conn.run(&format!("CREATE INDEX {label}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)"), &vec![]).expect("index");
    conn.run("CALL db.awaitIndexes(300)", &vec![]).expect("await index");
    for chunk in e.dept.chunks(BATCH) {
        let rows =
            chunk.iter().map(|&(v, d)| Value::map([("id", Value::Int(i64::try_from(v).expect("id"))), ("d", Value::Int(d))])).collect();
        conn.run(&format!("UNWIND $rows AS r CREATE (:{label} {{id: r.id, department: r.d}})"), &vec![("rows".into(), Value::List(rows))])
            .expect("create nodes");
    }
    let arcs: Vec<(usize, (&u64, &u64))> = e.src.iter().zip(&e.dst).enumerate().collect();
    for chunk in arcs.chunks(BATCH) {
        let rows = chunk
            .iter()
            .map(|&(i, (&s, &d))| {
                Value::map([
                    ("s", Value::Int(i64::try_from(s).expect("id"))),
                    ("d", Value::Int(i64::try_from(d).expect("id"))),
                    ("t", Value::Int(i64::try_from(i).expect("row"))),
                ])
            })
            .collect();
        conn.run(
            &format!(
                "UNWIND $rows AS r MATCH (a:{label} {{id: r.s}}), (b:{label} {{id: r.d}}) \
                 CREATE (a)-[:EMAILED {{weight: 1.0, ts: r.t}}]->(b)"
            ),
            &vec![("rows".into(), Value::List(rows))],
        )
        .expect("create relationships");
    }
}

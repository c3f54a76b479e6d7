//! Projection rows/s and write-back rows/s against a real Neo4j.
//!
//! ```text
//! scripts/servers.sh start neo4j && . target/servers/env.sh
//! cargo run --release -p ona-neo4j --example neo4j_bench [people]   # default 20000
//! target/venv-neo4j/bin/python benches/neo4j/seed_way.py            # the seed's way, same data
//! ```
//!
//! Loads two datasets (skipped when already loaded): email-Eu-core with departments
//! (label `OnaBenchEmail`) and a generated organisation (`ona_core::generate::org_edges`,
//! label `OnaBenchOrg`, integer ids, department attribute, float weights). For each it
//! times `project` (nodes + relationships rows / s, best of 3 after a warm-up) and
//! `write_node_property` of PageRank (rows / s, batches of 10,000, index made beforehand, best of 3).

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use ona_core::Exec;
use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::generate::{OrgConfig, org_edges};
use ona_neo4j::{
    ConnectConfig, Neo4j, ProjectionConfig, ProjectionQuery, Value, WriteConfig, ensure_id_index, project, write_node_property,
};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

struct Data {
    nodes: Vec<(i64, String)>,
    arcs: Vec<(i64, i64, f64)>,
}

fn email() -> Res<Data> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/snap");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(dir.join("email-Eu-core.txt.gz"))?).read_to_string(&mut text)?;
    let mut arcs = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            arcs.push((a.parse()?, b.parse()?, 1.0));
        }
    }
    let labels = std::fs::read_to_string(dir.join("email-Eu-core-department-labels.normalized.txt"))?;
    let mut nodes = Vec::new();
    for line in labels.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(d)) = (it.next(), it.next()) {
            nodes.push((a.parse()?, d.to_owned()));
        }
    }
    Ok(Data { nodes, arcs })
}

fn org(people: usize) -> Res<Data> {
    let exec = Exec::sequential()?.seed(7);
    let e = org_edges(&OrgConfig::new(people), &exec)?;
    let dept = &e.attributes[0].1;
    let mut nodes = Vec::with_capacity(e.people);
    for i in 0..u32::try_from(e.people)? {
        nodes.push((i64::from(i), dept.value(ona_core::NodeId(i)).unwrap_or("").to_owned()));
    }
    let arcs = e.src.iter().zip(&e.dst).zip(&e.weight).map(|((&s, &d), &w)| (i64::from(s), i64::from(d), f64::from(w))).collect();
    Ok(Data { nodes, arcs })
}

fn count(conn: &Neo4j, cypher: &str) -> Res<i64> {
    Ok(conn.rows(cypher, &vec![])?.first().and_then(|r| r.get("n")).and_then(Value::as_i64).unwrap_or(-1))
}

fn load(conn: &Neo4j, label: &str, d: &Data) -> Res<()> {
    let nodes = count(conn, &format!("MATCH (n:{label}) RETURN count(n) AS n"))?;
    let rels = count(conn, &format!("MATCH (:{label})-[r:LINK]->() RETURN count(r) AS n"))?;
    if usize::try_from(nodes).ok() == Some(d.nodes.len()) && usize::try_from(rels).ok() == Some(d.arcs.len()) {
        println!("{label}: already loaded ({nodes} nodes, {rels} relationships)");
        return Ok(());
    }
    let t = Instant::now();
    conn.run(&format!("MATCH (n:{label}) CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS"), &vec![])?;
    conn.run(&format!("CREATE INDEX {label}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)"), &vec![])?;
    conn.run("CALL db.awaitIndexes(300)", &vec![])?;
    for c in d.nodes.chunks(10_000) {
        let rows = c.iter().map(|(i, dep)| Value::map([("id", Value::Int(*i)), ("d", Value::from(dep.as_str()))])).collect();
        conn.run(&format!("UNWIND $rows AS r CREATE (:{label} {{id: r.id, department: r.d}})"), &vec![("rows".into(), Value::List(rows))])?;
    }
    for (k, c) in d.arcs.chunks(10_000).enumerate() {
        let rows = c
            .iter()
            .enumerate()
            .map(|(j, &(s, t, w))| {
                let ts = i64::try_from(k * 10_000 + j).unwrap_or(i64::MAX);
                Value::map([("s", Value::Int(s)), ("t", Value::Int(t)), ("w", Value::Float(w)), ("ts", Value::Int(ts))])
            })
            .collect();
        conn.run(
            &format!(
                "UNWIND $rows AS r MATCH (a:{label} {{id: r.s}}), (b:{label} {{id: r.t}}) \
                 CREATE (a)-[:LINK {{weight: r.w, ts: r.ts}}]->(b)"
            ),
            &vec![("rows".into(), Value::List(rows))],
        )?;
    }
    println!("{label}: loaded {} nodes + {} relationships in {:.1} s", d.nodes.len(), d.arcs.len(), t.elapsed().as_secs_f64());
    Ok(())
}

fn bench(conn: &Neo4j, label: &str) -> Res<()> {
    let q = ProjectionQuery {
        nodes: format!("MATCH (p:{label}) RETURN p.id AS id, p.department AS department"),
        relationships: format!("MATCH (a:{label})-[r:LINK]->(b) RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp"),
        params: vec![],
    };
    let exec = Exec::sequential()?;
    let cfg = ProjectionConfig::default();
    let _ = project(conn, &q, &cfg, &exec)?; // warm-up: plans cached, pages in memory
    let mut best = f64::INFINITY;
    let mut p = None;
    for _ in 0..3 {
        let t = Instant::now();
        let r = project(conn, &q, &cfg, &exec)?;
        best = best.min(t.elapsed().as_secs_f64());
        p = Some(r);
    }
    let p = p.ok_or("no projection")?;
    #[allow(clippy::cast_precision_loss)]
    let rows = (p.version.node_rows + p.version.relationship_rows) as f64;
    println!(
        "{label}: projection {} node rows + {} relationship rows in {:.3} s = {:.0} rows/s (best of 3; graph {} nodes, {} edges, version {})",
        p.version.node_rows,
        p.version.relationship_rows,
        best,
        rows / best,
        p.graph.node_count(),
        p.graph.edge_count(),
        p.version.key()
    );
    let pr = pagerank(&p.graph, &PageRankConfig::default(), &exec)?;
    // The index exists already (made by `load`); time the batches alone.
    let wcfg = WriteConfig::new(label).batch_size(10_000).create_index(false);
    ensure_id_index(conn, &wcfg)?;
    let mut best_w = f64::INFINITY;
    let mut n = 0;
    for _ in 0..3 {
        let r = write_node_property(conn, &p.graph, "pagerank", &pr, &wcfg)?;
        best_w = best_w.min(r.seconds);
        n = r.rows;
    }
    #[allow(clippy::cast_precision_loss)]
    let per_s = n as f64 / best_w;
    println!("{label}: write-back {n} rows in {best_w:.3} s = {per_s:.0} rows/s (best of 3, batches of 10,000)");
    Ok(())
}

fn main() -> Res<()> {
    let people: usize = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(20_000);
    let conn = Neo4j::connect(&ConnectConfig::from_env()?)?;
    let e = email()?;
    load(&conn, "OnaBenchEmail", &e)?;
    bench(&conn, "OnaBenchEmail")?;
    let o = org(people)?;
    load(&conn, "OnaBenchOrg", &o)?;
    bench(&conn, "OnaBenchOrg")?;
    Ok(())
}

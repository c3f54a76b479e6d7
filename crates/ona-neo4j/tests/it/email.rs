//! email-Eu-core through Neo4j: load, project, PageRank + Louvain, write back, read back.

use ona_core::Exec;
use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::algo::community::{LouvainConfig, louvain};
use ona_neo4j::{ProjectionConfig, ProjectionQuery, Value, WriteConfig, project, write_node_property, write_partition};

use crate::common::{connect, email, file_graph, load_email};

const LABEL: &str = "OnaTestEmail";

fn query() -> ProjectionQuery {
    ProjectionQuery {
        nodes: format!("MATCH (p:{LABEL}) WHERE p.id >= $min RETURN p.id AS id, p.department AS department"),
        relationships: format!(
            "MATCH (a:{LABEL})-[r:EMAILED]->(b:{LABEL}) WHERE a.id >= $min \
             RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp"
        ),
        params: vec![("min".into(), Value::Int(0))],
    }
}

#[test]
fn email_eu_core_project_compute_write_back_read_back() {
    let conn = connect();
    let e = email();
    load_email(&conn, LABEL, &e);
    let exec = Exec::sequential().expect("exec").seed(42);

    // Projection equals the graph read straight from the files: nodes, arcs, weights, attributes.
    let want = file_graph(&e, &exec);
    let p = project(&conn, &query(), &ProjectionConfig::default(), &exec).expect("project");
    assert_eq!(p.graph.node_count(), 1_005);
    assert_eq!(p.graph.edge_count(), want.edge_count());
    assert_eq!(p.graph.attributes().get("department").map(|c| c.dictionary().len()), Some(42));
    assert!(p.graph == want, "projected graph differs from the file graph");
    assert_eq!((p.version.node_rows, p.version.relationship_rows, p.version.max_timestamp), (1_005, 25_571, Some(25_570)));

    // Same data, same version; one changed weight, new version; changed back, old version.
    let again = project(&conn, &query(), &ProjectionConfig::default(), &exec).expect("project again");
    assert_eq!(again.version, p.version);
    let set_w = |w: f64| {
        conn.run(
            &format!("MATCH (:{LABEL} {{id: 0}})-[r:EMAILED]->(:{LABEL} {{id: 1}}) SET r.weight = $w"),
            &vec![("w".into(), Value::Float(w))],
        )
        .expect("set weight");
    };
    set_w(2.0);
    let changed = project(&conn, &query(), &ProjectionConfig::default(), &exec).expect("project changed");
    assert_ne!(changed.version.key(), p.version.key());
    set_w(1.0);
    let back = project(&conn, &query(), &ProjectionConfig::default(), &exec).expect("project back");
    assert_eq!(back.version, p.version);

    // Compute on the projection; the file graph gives the very same results.
    let pr = pagerank(&p.graph, &PageRankConfig::default(), &exec).expect("pagerank");
    let lv = louvain(&p.graph, &LouvainConfig::default(), &exec).expect("louvain").partition;
    assert_eq!(pr.0, pagerank(&want, &PageRankConfig::default(), &exec).expect("pagerank").0);
    assert_eq!(lv.0, louvain(&want, &LouvainConfig::default(), &exec).expect("louvain").partition.0);
    assert!(lv.count() > 1 && lv.count() < 1_005, "louvain found {} communities", lv.count());

    // Write back in batches of 100 (11 transactions each), then read back with Cypher.
    let cfg = WriteConfig::new(LABEL).batch_size(100);
    let r1 = write_node_property(&conn, &p.graph, "pagerank", &pr, &cfg).expect("write pagerank");
    let r2 = write_partition(&conn, &p.graph, "community", &lv, &cfg).expect("write louvain");
    assert_eq!((r1.rows, r1.batches, r2.rows, r2.batches), (1_005, 11, 1_005, 11));

    let rows = conn
        .rows(&format!("MATCH (p:{LABEL}) RETURN p.id AS id, p.pagerank AS pr, p.community AS c ORDER BY id"), &vec![])
        .expect("read back");
    assert_eq!(rows.len(), 1_005);
    for r in &rows {
        let id = r["id"].as_i64().expect("id");
        let v = p.graph.node(u64::try_from(id).expect("id")).expect("node");
        let got = r["pr"].as_f64().unwrap_or(f64::NAN);
        assert_eq!(got.to_bits(), pr.0[v.index()].to_bits(), "pagerank of {id}: {got} vs {}", pr.0[v.index()]);
        assert_eq!(r["c"].as_i64(), Some(i64::from(lv.0[v.index()])), "community of {id}");
    }
}

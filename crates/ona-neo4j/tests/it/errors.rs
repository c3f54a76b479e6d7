//! Typed errors: bad Cypher, missing columns, bad values, unknown ids, bad names; string ids.

use ona_core::{Exec, Partition, Scores};
use ona_neo4j::{Error, ErrorKind, ProjectionConfig, ProjectionQuery, Value, WriteConfig, project, write_node_property, write_partition};

use crate::common::connect;

const LABEL: &str = "OnaTestErrors";

fn setup(conn: &ona_neo4j::Neo4j) {
    conn.run(&format!("MATCH (n:{LABEL}) DETACH DELETE n"), &vec![]).expect("clear");
    conn.run(
        &format!(
            "CREATE (a:{LABEL} {{key: 'ann', team: 'red', n: 1}}), (b:{LABEL} {{key: 'bob', team: 'blue', n: 2}}), \
             (c:{LABEL} {{key: 'cy', n: -3}}), (a)-[:MET {{w: 2}}]->(b), (b)-[:MET {{w: 'x'}}]->(c)"
        ),
        &vec![],
    )
    .expect("create");
}

fn q(nodes: &str, rels: &str) -> ProjectionQuery {
    ProjectionQuery { nodes: nodes.into(), relationships: rels.into(), params: vec![] }
}

#[test]
fn typed_errors_and_string_ids() {
    let conn = connect();
    setup(&conn);
    let exec = Exec::sequential().expect("exec");
    let cfg = ProjectionConfig::default();
    let nodes = format!("MATCH (p:{LABEL}) RETURN p.key AS id, p.team AS team ORDER BY id");
    let rels = format!("MATCH (a:{LABEL})-[r:MET]->(b) WHERE r.w = 2 RETURN a.key AS src, b.key AS dst, r.w AS weight");

    // String ids; attributes with a missing value; integer weights.
    let p = project(&conn, &q(&nodes, &rels), &cfg, &exec).expect("project");
    assert_eq!((p.graph.node_count(), p.graph.edge_count()), (3, 1));
    let team = p.graph.attributes().get("team").expect("team");
    let name = |s: &str| p.graph.ids().lookup_str(s).expect("node");
    assert_eq!((team.value(name("ann")), team.value(name("bob")), team.value(name("cy"))), (Some("red"), Some("blue"), None));

    // Bad Cypher: a Query error naming the query.
    let bad = "MATCH (p:Nope RETURN p.id AS id";
    let err = project(&conn, &q(bad, &rels), &cfg, &exec).expect_err("bad cypher");
    assert_eq!(err.kind(), ErrorKind::Query);
    assert!(matches!(&err, Error::Query { query, .. } if query == bad), "{err}");
    assert!(err.to_string().contains(bad), "{err}");

    // Missing columns.
    let no_id = format!("MATCH (p:{LABEL}) RETURN p.key AS name");
    let err = project(&conn, &q(&no_id, &rels), &cfg, &exec).expect_err("no id");
    assert!(
        matches!(&err, Error::MissingColumn { column: "id", query, found } if *query == no_id && found == &["name".to_string()]),
        "{err}"
    );
    let no_dst = format!("MATCH (a:{LABEL})-[r:MET]->(b) RETURN a.key AS src, b.key AS target");
    let err = project(&conn, &q(&nodes, &no_dst), &cfg, &exec).expect_err("no dst");
    assert!(matches!(&err, Error::MissingColumn { column: "dst", .. }), "{err}");
    assert_eq!(err.kind(), ErrorKind::MissingColumn);

    // Bad values: a string weight, a negative integer id, ids of two types.
    let all_rels = format!("MATCH (a:{LABEL})-[r:MET]->(b) RETURN a.key AS src, b.key AS dst, r.w AS weight ORDER BY src");
    let err = project(&conn, &q(&nodes, &all_rels), &cfg, &exec).expect_err("string weight");
    assert!(matches!(&err, Error::BadValue { column, row: 1, .. } if column == "weight"), "{err}");
    let int_ids = format!("MATCH (p:{LABEL}) RETURN p.n AS id");
    let err = project(&conn, &q(&int_ids, &rels), &cfg, &exec).expect_err("negative id");
    assert!(matches!(&err, Error::BadValue { column, .. } if column == "id"), "{err}");
    let pos_ids = format!("MATCH (p:{LABEL}) WHERE p.n > 0 RETURN p.n AS id");
    let err = project(&conn, &q(&pos_ids, &rels), &cfg, &exec).expect_err("mixed id types");
    assert!(matches!(&err, Error::BadValue { column, .. } if column == "src"), "{err}");

    // A duplicate node id.
    let dup = "UNWIND ['ann', 'ann'] AS k RETURN k AS id".to_string();
    let err = project(&conn, &q(&dup, &rels), &cfg, &exec).expect_err("duplicate");
    assert!(matches!(&err, Error::DuplicateNode { row: 1, .. }), "{err}");

    // Write-back: names are checked, lengths are checked, unknown ids roll the batch back.
    let wcfg = WriteConfig::new(LABEL).id_key("key");
    let scores = Scores(vec![0.5, 0.25, 0.125]);
    let err = write_node_property(&conn, &p.graph, "bad name", &scores, &wcfg).expect_err("name");
    assert!(matches!(err, Error::InvalidName { what: "property", .. }), "{err}");
    let err = write_node_property(&conn, &p.graph, "s", &Scores(vec![1.0]), &wcfg).expect_err("length");
    assert!(matches!(err, Error::LengthMismatch { expected: 3, got: 1, .. }), "{err}");
    let r = write_node_property(&conn, &p.graph, "s", &scores, &wcfg).expect("write");
    assert_eq!((r.rows, r.batches), (3, 1));
    let back = conn.rows(&format!("MATCH (p:{LABEL}) RETURN p.key AS k, p.s AS s"), &vec![]).expect("read");
    for row in back {
        let v = name(row["k"].as_str().expect("key"));
        assert_eq!(row["s"].as_f64(), Some(scores.0[v.index()]));
    }
    conn.run(&format!("MATCH (p:{LABEL} {{key: 'cy'}}) DETACH DELETE p"), &vec![]).expect("delete cy");
    let err = write_partition(&conn, &p.graph, "c", &Partition(vec![7, 8, 9]), &wcfg).expect_err("missing node");
    assert!(matches!(err, Error::NodesNotFound { sent: 3, missing: 1, .. }), "{err}");
    let left = conn.rows(&format!("MATCH (p:{LABEL}) WHERE p.c IS NOT NULL RETURN count(p) AS n"), &vec![]).expect("count");
    assert_eq!(left[0]["n"], Value::Int(0), "the failed batch was not rolled back");
}

//! `ona pack`: the Parquet people and group tables agree with `ona metrics`,
//! small groups are left out, and bad options are usage errors.

use arrow::array::{Array, Float64Array, StringArray, UInt64Array};
use tempfile::TempDir;

use super::store::read_parquet;
use super::{metrics, ona, s, stderr, value, write};

/// Two departments of six (cliques) joined through `x`, alone in `mgmt`.
fn org(dir: &TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut edges = String::from("source,target\n");
    let mut nodes = String::from("id,department\nx,mgmt\n");
    for team in ["eng", "ops"] {
        for i in 1..=6 {
            nodes.push_str(&format!("{team}_{i},{team}\n"));
            for j in i + 1..=6 {
                edges.push_str(&format!("{team}_{i},{team}_{j}\n"));
            }
        }
        edges.push_str(&format!("x,{team}_1\n"));
    }
    (write(dir, "edges.csv", &edges), write(dir, "nodes.csv", &nodes))
}

fn f64s<'a>(b: &'a arrow::array::RecordBatch, name: &str) -> &'a Float64Array {
    b.column_by_name(name).unwrap_or_else(|| panic!("{name}")).as_any().downcast_ref().unwrap()
}

#[test]
fn pack_tables_agree_with_metrics() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    let (people, groups) = (dir.path().join("p.parquet"), dir.path().join("g.parquet"));
    let o = ona(&["pack", "--edges", s(&e), "--nodes", s(&n), "-o", s(&people), "--groups-out", s(&groups), "--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let p = read_parquet(&people);
    assert_eq!(p.num_rows(), 13);
    let ids: &StringArray = p.column(0).as_any().downcast_ref().unwrap();
    let (_, rows) = metrics(&["--edges", s(&e), "--metrics", "betweenness,pagerank,degree"]);
    for (i, id) in ids.iter().enumerate() {
        let id = id.unwrap();
        assert!((f64s(&p, "betweenness").value(i) - value(&rows, id, 0)).abs() < 1e-12, "{id} betweenness");
        assert!((f64s(&p, "pagerank").value(i) - value(&rows, id, 1)).abs() < 1e-9, "{id} pagerank");
        assert_eq!(f64s(&p, "degree").value(i), value(&rows, id, 2), "{id} degree");
    }
    // x holds every path between the departments: all its ties leave its group.
    let x = ids.iter().position(|id| id == Some("x")).unwrap();
    assert_eq!(f64s(&p, "cross_group_share").value(x), 1.0);
    assert_eq!(f64s(&p, "ei_index").value(x), 1.0);
    let role: &StringArray = p.column_by_name("role").unwrap().as_any().downcast_ref().unwrap();
    assert_eq!(role.null_count(), 0);

    // mgmt (one person) is below the default minimum of 5: no row.
    let g = read_parquet(&groups);
    let names: &StringArray = g.column(0).as_any().downcast_ref().unwrap();
    assert_eq!(names.iter().flatten().collect::<Vec<_>>(), ["eng", "ops"]);
    let size: &UInt64Array = g.column_by_name("size").unwrap().as_any().downcast_ref().unwrap();
    assert_eq!(size.values().to_vec(), [6, 6]);
    assert_eq!(f64s(&g, "internal_density").values().to_vec(), [1.0, 1.0]);
}

#[test]
fn pack_usage_errors() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    let out = dir.path().join("p.parquet");
    let o = ona(&["pack", "--edges", s(&e), "--nodes", s(&n), "--group-by", "team", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("team") && stderr(&o).contains("department"), "{}", stderr(&o));
    let o = ona(&["pack", "--edges", s(&e), "-o", s(&out), "--groups-out", s(&dir.path().join("g.parquet"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("groups-out"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written on a usage error");
}

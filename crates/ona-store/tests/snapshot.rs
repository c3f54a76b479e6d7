//! Snapshots: round trips, determinism, validation of corrupt and hostile
//! files, and the publishing directory.

use std::collections::BTreeMap;

use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::graph::Categorical;
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder};
use ona_store::Error;
use ona_store::snapshot::{Meta, Snapshot, SnapshotDir, encode, format};

fn exec() -> Exec {
    Exec::with_threads(2).unwrap_or_else(|e| panic!("{e}"))
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// A small weighted graph with string ids, a self loop and a department column.
fn sample(directed: bool) -> Graph {
    let src = ["ana", "bo", "cy", "ana", "dee", "eli", "eli", "fay", "bo"];
    let dst = ["bo", "cy", "ana", "dee", "eli", "eli", "fay", "ana", "fay"];
    let w = [1.0, 2.5, 0.5, 3.0, 1.0, 4.0, 2.0, 1.5, 0.25];
    let mut g = ok(GraphBuilder::with_direction(directed).build_str(&["gus"], &src, &dst, Some(EdgeWeights::F64(&w)), &exec()));
    let dept: Vec<Option<&str>> = (0..g.node_count()).map(|i| [Some("eng"), Some("ops"), None][i % 3]).collect();
    ok(g.set_categorical("dept", ok(Categorical::from_values(&dept))));
    g
}

fn meta() -> Meta {
    Meta { graph_id: None, version: 7, manifest: BTreeMap::from([("tenant".into(), "acme".into()), ("kafka.0".into(), "42".into())]) }
}

fn bytes_of(g: &Graph) -> Vec<u8> {
    encode(&g.compress(&exec()), &meta())
}

#[test]
fn round_trip_preserves_graph_ids_attributes_and_manifest() {
    for directed in [false, true] {
        let g = sample(directed);
        let s = ok(Snapshot::from_bytes(&bytes_of(&g), &exec()));
        assert_eq!(s.graph().decompress(&exec()), g, "directed={directed}");
        assert_eq!(s.version(), 7);
        assert_eq!(s.manifest().get("tenant").map(String::as_str), Some("acme"));
        assert_eq!(s.graph().self_loop_count(), g.self_loop_count());
        let pr = |x: &Graph| ok(pagerank(x, &PageRankConfig::default(), &exec()));
        let mapped = ok(pagerank(s.graph(), &PageRankConfig::default(), &exec()));
        assert_eq!(mapped.into_vec(), pr(&g).into_vec());
    }
}

#[test]
fn integer_and_dense_ids_and_f32_weights_round_trip() {
    let e = exec();
    let w = [1.5f32, 2.0, 0.5];
    let g = ok(GraphBuilder::directed().build_u64(&[], &[10, 20, 30], &[20, 30, 10], Some(EdgeWeights::F32(&w)), &e));
    assert_eq!(ok(Snapshot::from_bytes(&encode(&g.compress(&e), &Meta::default()), &e)).graph().decompress(&e), g);
    let d = ok(GraphBuilder::undirected().build(5, &[0, 1], &[1, 2], None, &e));
    assert_eq!(ok(Snapshot::from_bytes(&encode(&d.compress(&e), &Meta::default()), &e)).graph().decompress(&e), d);
    let empty = ok(GraphBuilder::undirected().build(0, &[], &[], None, &e));
    assert_eq!(ok(Snapshot::from_bytes(&encode(&empty.compress(&e), &Meta::default()), &e)).graph().node_count(), 0);
}

#[test]
fn encoding_is_deterministic_across_thread_counts() {
    let g = sample(true);
    let one = Exec::with_threads(1).unwrap_or_else(|e| panic!("{e}"));
    let four = Exec::with_threads(4).unwrap_or_else(|e| panic!("{e}"));
    let a = one.install(|| encode(&g.compress(&one), &meta()));
    let b = four.install(|| encode(&g.compress(&four), &meta()));
    assert_eq!(a, b);
}

/// Every single-byte flip and every truncation opens to the same graph or
/// gives a typed error; nothing panics.
#[test]
fn corruption_sweep_flips_every_byte_and_truncates_to_every_length() {
    let e = Exec::sequential().unwrap_or_else(|e| panic!("{e}"));
    for directed in [false, true] {
        let g = sample(directed);
        let good = bytes_of(&g);
        let (mut rejected, mut accepted) = (0, 0);
        for i in 0..good.len() {
            let mut b = good.clone();
            b[i] ^= 0x5a;
            match Snapshot::from_bytes(&b, &e) {
                Err(Error::Corrupt { .. } | Error::UnsupportedVersion { .. }) => rejected += 1,
                Err(other) => panic!("byte {i}: untyped failure {other}"),
                Ok(s) => {
                    // Only bytes outside every checksum (alignment padding) may change.
                    assert_eq!(s.graph().decompress(&e), g, "byte {i} changed the graph undetected");
                    accepted += 1;
                }
            }
        }
        assert!(accepted < 64, "{accepted} flips accepted");
        assert!(rejected > 0);
        for len in 0..good.len() {
            match Snapshot::from_bytes(&good[..len], &e) {
                Err(Error::Corrupt { .. }) => {}
                other => panic!("truncation to {len}: {other:?}"),
            }
        }
    }
}

/// Rewrite header fields and fix up both checksums, as a hostile writer would.
fn forge(good: &[u8], edit: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut b = good.to_vec();
    edit(&mut b);
    let sections = u32::from_le_bytes([b[60], b[61], b[62], b[63]]) as usize;
    let table_end = (format::HEADER_LEN + sections.min(64) * format::ENTRY_LEN).min(b.len() - format::FOOTER_LEN);
    let crc = crc32c::crc32c_append(crc32c::crc32c(&b[..format::HEADER_LEN - 4]), &b[format::HEADER_LEN..table_end]);
    b[format::HEADER_LEN - 4..format::HEADER_LEN].copy_from_slice(&crc.to_le_bytes());
    let f = b.len() - format::FOOTER_LEN;
    b[f + 16..f + 20].copy_from_slice(&crc.to_le_bytes());
    let fc = crc32c::crc32c(&b[f..f + 20]);
    b[f + 20..f + 24].copy_from_slice(&fc.to_le_bytes());
    b
}

#[test]
fn hostile_headers_fail_typed_before_allocating() {
    let good = bytes_of(&sample(false));
    let e = exec();
    let nodes = forge(&good, |b| b[40..48].copy_from_slice(&(1u64 << 40).to_le_bytes()));
    assert!(matches!(Snapshot::from_bytes(&nodes, &e), Err(Error::Corrupt { section: "header", .. })));
    let edges = forge(&good, |b| b[48..56].copy_from_slice(&(1u64 << 60).to_le_bytes()));
    assert!(matches!(Snapshot::from_bytes(&edges, &e), Err(Error::Corrupt { section: "header", .. })));
    let sections = forge(&good, |b| b[60..64].copy_from_slice(&u32::MAX.to_le_bytes()));
    assert!(matches!(Snapshot::from_bytes(&sections, &e), Err(Error::Corrupt { .. })));
    // The first section claims 2^60 bytes.
    let long = forge(&good, |b| b[format::HEADER_LEN + 16..format::HEADER_LEN + 24].copy_from_slice(&(1u64 << 60).to_le_bytes()));
    assert!(matches!(Snapshot::from_bytes(&long, &e), Err(Error::Corrupt { section: "out.block_byte", .. })));
    let newer = forge(&good, |b| {
        b[8..12].copy_from_slice(&2u32.to_le_bytes());
        b[12..16].copy_from_slice(&2u32.to_le_bytes());
    });
    assert!(matches!(Snapshot::from_bytes(&newer, &e), Err(Error::UnsupportedVersion { found: 2, supported: 1 })));
    // A newer writer's header we cannot even checksum still reports its version.
    let mut newer_raw = good.clone();
    newer_raw[12..16].copy_from_slice(&3u32.to_le_bytes());
    assert!(matches!(Snapshot::from_bytes(&newer_raw, &e), Err(Error::UnsupportedVersion { found: 3, .. })));
}

#[test]
fn asymmetric_lists_with_valid_checksums_are_refused() {
    // Directed lists presented as undirected: checksums are right, symmetry is not.
    let e = exec();
    let d = ok(GraphBuilder::directed().build(3, &[0, 1], &[1, 2], None, &e));
    let bytes = encode(&d.compress(&e), &Meta::default());
    // Drop the directed flag and the in-adjacency sections from the table.
    let forged = forge(&bytes, |b| {
        b[56..60].copy_from_slice(&0u32.to_le_bytes());
        b[48..56].copy_from_slice(&1u64.to_le_bytes());
    });
    let err = Snapshot::from_bytes(&forged, &e).err().map(|x| x.to_string()).unwrap_or_default();
    assert!(err.contains("in-adjacency in an undirected snapshot"), "{err}");
}

#[test]
fn directory_publishes_versions_and_cleans_temporaries() {
    let tmp = ok(tempfile::tempdir());
    let e = exec();
    let g = sample(false).compress(&e);
    {
        let dir = ok(SnapshotDir::open(tmp.path()));
        assert!(SnapshotDir::open(tmp.path()).is_err(), "a second writer must be refused");
        let p1 = ok(dir.publish("email", &g, &Meta::default(), &e));
        let p2 = ok(dir.publish("email", &g, &Meta::default(), &e));
        assert_eq!((p1.version, p2.version), (1, 2));
        assert!(ok(std::fs::metadata(&p2.path)).permissions().readonly());
        assert!(matches!(dir.publish("email", &g, &Meta { version: 2, ..Meta::default() }, &e), Err(Error::Input { .. })));
        assert!(matches!(dir.publish("../x", &g, &Meta::default(), &e), Err(Error::Input { .. })));
        let s = ok(dir.open_latest("email", &e)).unwrap_or_else(|| panic!("no snapshot"));
        assert!(s.is_mapped());
        assert_eq!(s.version(), 2);
        assert_eq!(s.graph().decompress(&e), g.decompress(&e));
        // An interrupted publish: a temporary file left behind.
        ok(std::fs::write(tmp.path().join(".tmp.email.999.0"), b"partial"));
        let ro = ok(SnapshotDir::open_read_only(tmp.path()));
        assert!(ro.publish("email", &g, &Meta::default(), &e).is_err());
        assert_eq!(ok(ro.versions("email")), [1, 2]);
        assert_eq!(ok(dir.prune("email", 1)), 1);
    }
    let dir = ok(SnapshotDir::open(tmp.path()));
    let left: Vec<_> = ok(std::fs::read_dir(tmp.path())).filter_map(|x| x.ok()).map(|x| x.file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|f| !f.starts_with(".tmp.")), "{left:?}");
    assert_eq!(ok(dir.latest("email")), Some(2));
}

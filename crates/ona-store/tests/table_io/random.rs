//! Large seeded tables and random small ones against `GraphBuilder` fed
//! directly.

use std::fmt::Write as _;
use std::sync::Arc;

use arrow::array::{Float64Array, RecordBatch, StringArray, UInt64Array};
use ona_core::{EdgeWeights, GraphBuilder};
use ona_store::table::{EdgeOptions, read_graph, read_graph_batches};
use proptest::prelude::*;

use crate::common::{batch, exec, file, ipc_file, parquet};

/// SplitMix64: a seeded stream without dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).expect("fits")
    }
}

#[test]
fn large_integer_table_matches_the_builder() {
    let mut rng = Rng(0x5eed);
    let pool: Vec<u64> = (0..40_000).map(|_| rng.next() >> rng.below(40)).collect();
    let m = 200_000;
    let src: Vec<u64> = (0..m).map(|_| pool[rng.index(pool.len())]).collect();
    let dst: Vec<u64> = (0..m).map(|_| pool[rng.index(pool.len())]).collect();
    let w: Vec<f64> = (0..m).map(|_| (1 + rng.below(100)) as f64 / 4.0).collect();
    let b = batch(vec![
        ("src", Arc::new(UInt64Array::from(src.clone()))),
        ("dst", Arc::new(UInt64Array::from(dst.clone()))),
        ("weight", Arc::new(Float64Array::from(w.clone()))),
    ]);
    let dir = tempfile::tempdir().expect("tmp");
    let pq = parquet(dir.path(), "e.parquet", std::slice::from_ref(&b), 7_777);
    let ipc = ipc_file(
        dir.path(),
        "e.arrow",
        &[b.slice(0, 100_000), b.slice(100_000, 100_000)],
    );
    for directed in [false, true] {
        let want = GraphBuilder::with_direction(directed)
            .build_u64(&[], &src, &dst, Some(EdgeWeights::F64(&w)), &exec())
            .expect("b");
        let opts = EdgeOptions::default().directed(directed);
        assert_eq!(
            read_graph(&pq, None, &opts, &exec()).expect("parquet"),
            want
        );
        assert_eq!(read_graph(&ipc, None, &opts, &exec()).expect("ipc"), want);
    }
}

#[test]
fn large_text_table_matches_the_builder() {
    let mut rng = Rng(7);
    let name = |k: u64| {
        if k.is_multiple_of(3) {
            k.to_string()
        } else {
            format!("p{k}")
        }
    };
    let m = 100_000;
    let src: Vec<String> = (0..m).map(|_| name(rng.below(20_000))).collect();
    let dst: Vec<String> = (0..m).map(|_| name(rng.below(20_000))).collect();
    let w: Vec<f64> = (0..m).map(|_| (1 + rng.below(100)) as f64 / 8.0).collect();
    let mut csv = String::from("source,target,weight\n");
    for i in 0..m {
        writeln!(csv, "{},{},{}", src[i], dst[i], w[i]).expect("fmt");
    }
    let dir = tempfile::tempdir().expect("tmp");
    let p = file(dir.path(), "e.csv", csv);
    let want = GraphBuilder::undirected()
        .build_str(
            &[] as &[String],
            &src,
            &dst,
            Some(EdgeWeights::F64(&w)),
            &exec(),
        )
        .expect("b");
    assert_eq!(
        read_graph(&p, None, &EdgeOptions::default(), &exec()).expect("csv"),
        want
    );
}

/// Ids that are canonical integers and ids that are not.
const ALPHABET: [&str; 9] = [
    "0",
    "1",
    "17",
    "18446744073709551615",
    "007",
    "x",
    "18446744073709551616",
    "-3",
    "1.0",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any split into batches, any mix of ids: the graph `GraphBuilder`
    /// makes from the same rows under the one id rule.
    #[test]
    fn batches_follow_the_id_rule(
        rows in proptest::collection::vec((0usize..9, 0usize..9, 1u32..5), 0..60),
        cuts in proptest::collection::vec(0usize..60, 0..4),
        ints_only in any::<bool>(),
        directed in any::<bool>(),
    ) {
        let pick = |k: usize| if ints_only { ALPHABET[k % 4] } else { ALPHABET[k] };
        let src: Vec<&str> = rows.iter().map(|r| pick(r.0)).collect();
        let dst: Vec<&str> = rows.iter().map(|r| pick(r.1)).collect();
        let w: Vec<f64> = rows.iter().map(|r| f64::from(r.2)).collect();
        let whole = batch(vec![
            ("source", Arc::new(StringArray::from(src.clone()))),
            ("target", Arc::new(StringArray::from(dst.clone()))),
            ("weight", Arc::new(Float64Array::from(w.clone()))),
        ]);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows.len())).collect();
        cuts.push(0);
        cuts.push(rows.len());
        cuts.sort_unstable();
        let batches: Vec<RecordBatch> = cuts.windows(2).map(|c| whole.slice(c[0], c[1] - c[0])).collect();
        let builder = GraphBuilder::with_direction(directed);
        let ints: Option<Vec<(u64, u64)>> = src.iter().zip(&dst).map(|(s, d)| Some((s.parse().ok()?, d.parse().ok()?))).collect();
        let canonical = ints.is_some() && src.iter().chain(&dst).all(|s| s.len() == 1 || !s.starts_with('0'));
        let want = if canonical {
            let (s, d): (Vec<u64>, Vec<u64>) = ints.unwrap_or_default().into_iter().unzip();
            builder.build_u64(&[], &s, &d, Some(EdgeWeights::F64(&w)), &exec())
        } else {
            builder.build_str(&[] as &[&str], &src, &dst, Some(EdgeWeights::F64(&w)), &exec())
        }.expect("builder");
        let got = read_graph_batches("mem", batches, None, &EdgeOptions::default().directed(directed), &exec()).expect("read");
        prop_assert_eq!(got, want);
    }
}

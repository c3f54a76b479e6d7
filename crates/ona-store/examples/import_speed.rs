//! How fast `read_graph` imports a Parquet edge list.
//!
//! Generates a Graph500 R-MAT graph (default scale 20: 2^20 nodes, 16.8 M
//! edges), writes its edge list as Parquet (two `UInt64` columns, zstd by
//! default, as `write_table` writes) to a temporary directory, then times `read_graph` on
//! it (best of 3) next to `GraphBuilder::build_u64` fed the same arrays, so
//! the table layer's own cost shows.
//!
//! ```text
//! cargo run --release -p ona-store --example import_speed -- [scale] [threads] [zstd|snappy|none]
//! ```
//!
//! It also times decoding the Parquet file alone (row groups in parallel,
//! no checks, no graph), to split the table layer's time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow::array::{RecordBatch, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};
use ona_core::generate::{RmatConfig, rmat};
use ona_core::{Exec, GraphBuilder};
use ona_store::table::{EdgeOptions, read_graph};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

/// Decode every row group (in parallel on `exec`'s pool) and count rows.
fn decode_only(
    path: &std::path::Path,
    exec: &Exec,
) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let meta = ArrowReaderMetadata::load(&std::fs::File::open(path)?, ArrowReaderOptions::new())?;
    let groups = meta.metadata().num_row_groups();
    exec.install(|| {
        (0..groups)
            .into_par_iter()
            .map(
                |g| -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
                    let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(
                        std::fs::File::open(path)?,
                        meta.clone(),
                    )
                    .with_row_groups(vec![g])
                    .with_batch_size(1 << 16)
                    .build()?;
                    let mut rows = 0;
                    for b in reader {
                        rows += b?.num_rows() as u64;
                    }
                    Ok(rows)
                },
            )
            .sum()
    })
}

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let scale: u32 = args.next().map_or(Ok(20), |s| s.parse())?;
    let threads: usize = args.next().map_or(Ok(2), |s| s.parse())?;
    let compression = match args.next().as_deref() {
        None | Some("zstd") => Compression::ZSTD(ZstdLevel::default()),
        Some("snappy") => Compression::SNAPPY,
        Some("none") => Compression::UNCOMPRESSED,
        Some(other) => return Err(format!("unknown compression {other}").into()),
    };
    let exec = Exec::with_threads(threads)?.seed(1);

    let (n, src, dst) = rmat(&RmatConfig::new(scale), &exec)?;
    let src: Vec<u64> = src.into_iter().map(u64::from).collect();
    let dst: Vec<u64> = dst.into_iter().map(u64::from).collect();
    let m = src.len();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("edges.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("source", DataType::UInt64, false),
        Field::new("target", DataType::UInt64, false),
    ]));
    let batch = RecordBatch::try_new(
        schema,
        vec![
            Arc::new(UInt64Array::from(src.clone())),
            Arc::new(UInt64Array::from(dst.clone())),
        ],
    )?;
    let t = Instant::now();
    let props = WriterProperties::builder()
        .set_compression(compression)
        .build();
    let mut w = ArrowWriter::try_new(std::fs::File::create(&path)?, batch.schema(), Some(props))?;
    w.write(&batch)?;
    w.close()?;
    let written = t.elapsed();
    drop(batch);
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "R-MAT scale {scale}: {n} nodes, {m} edge rows; Parquet ({compression}) {:.1} MB written in {:.2} s",
        bytes as f64 / 1e6,
        written.as_secs_f64()
    );

    let (decode, rows) = best_of(3, || decode_only(&path, &exec));
    assert_eq!(rows?, m as u64);
    let opts = EdgeOptions::default();
    let (read, g) = best_of(3, || read_graph(&path, None, &opts, &exec));
    let g = g?;
    let (build, g2) = best_of(3, || {
        GraphBuilder::undirected().build_u64(&[], &src, &dst, None, &exec)
    });
    assert_eq!(g, g2?, "read_graph and build_u64 disagree");
    let rate = |d: Duration| m as f64 / d.as_secs_f64() / 1e6;
    println!("threads {threads}");
    println!(
        "read_graph (Parquet -> Graph): {:.3} s = {:.1} M edges/s",
        read.as_secs_f64(),
        rate(read)
    );
    println!(
        "build_u64 alone (same arrays): {:.3} s = {:.1} M edges/s",
        build.as_secs_f64(),
        rate(build)
    );
    println!(
        "Parquet decode alone:          {:.3} s = {:.1} M edges/s",
        decode.as_secs_f64(),
        rate(decode)
    );
    println!(
        "table layer (decode + checks + copies): {:.3} s; graph: {} nodes, {} edges",
        (read.saturating_sub(build)).as_secs_f64(),
        g.node_count(),
        g.edge_count()
    );
    Ok(())
}

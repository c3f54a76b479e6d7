//! Criterion benchmarks of ona-core on seeded graphs generated in-process
//! (Graph500 R-MAT); throughput in edges. Run: `cargo bench -p ona-benches`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ona_core::generate::{RmatConfig, rmat};
use ona_core::{Exec, GraphBuilder};

fn build(c: &mut Criterion) {
    let exec = Exec::with_threads(2).expect("thread pool");
    let (n, src, dst) = rmat(&RmatConfig::new(16), &exec).expect("rmat16");
    let mut group = c.benchmark_group("build");
    group.throughput(Throughput::Elements(src.len() as u64));
    group.bench_function("rmat16/undirected", |b| {
        b.iter(|| GraphBuilder::undirected().build(n, &src, &dst, None, &exec).expect("build"))
    });
    group.bench_function("rmat16/directed", |b| {
        b.iter(|| GraphBuilder::directed().build(n, &src, &dst, None, &exec).expect("build"))
    });
    let g = GraphBuilder::undirected().build(n, &src, &dst, None, &exec).expect("build");
    group.bench_function("rmat16/compress", |b| b.iter(|| g.compress(&exec)));
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);

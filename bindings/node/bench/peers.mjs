#!/usr/bin/env node
// ona from Node against ona from Rust (benches/src/bin/ona-timeit.rs) on the
// same inputs and settings: the overhead of the binding.
//
//   python3 ../shared/peers/gen.py --out /tmp/peers-data      # rmat20, lfr10k (see benches/peers/compare.py)
//   CARGO_TARGET_DIR=target cargo build --release -p ona-benches
//   (cd bindings/node && npm ci && npm run build)
//   ONA_NUM_THREADS=2 node --expose-gc bindings/node/bench/peers.mjs [--data /tmp/peers-data] [--reps 3]
//
// Cells: building rmat20 (15.7M edge rows, two Uint32Arrays) with
// Graph.fromEdges vs GraphBuilder::build; PageRank on rmat20 (tol 1e-10,
// maxIter 1000: ona-timeit's settings); exact betweenness on lfr10k. Each
// cell runs `reps` times per side, alternating, and reports the best wall
// time (least disturbed by other load) and the median CPU time (user + system of all the process's threads:
// on a shared, loaded machine it is the steadier of the two; for ona-timeit,
// the CPU of a build-only run is subtracted). While betweenness runs from
// Node, a 10 ms timer measures event-loop lag.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import * as ona from '../dist/index.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.ONA_PEERS_DATA ?? '/tmp/peers-data' },
    reps: { type: 'string', default: '3' },
    timeit: { type: 'string' },
  },
});
const reps = Number(values.reps);
const threads = ona.numThreads();

const root = new URL('../../../', import.meta.url).pathname;
const timeit = [values.timeit, process.env.ONA_TIMEIT, `${root}target/release/ona-timeit`, `${root}target/node/release/ona-timeit`]
  .find((p) => p && existsSync(p));
if (!timeit) throw new Error('ona-timeit not found: cargo build --release -p ona-benches (or pass --timeit PATH)');

/** An (m, 2) little-endian int32 .npy edge array as two Uint32Arrays. */
function readEdges(graph) {
  const meta = JSON.parse(readFileSync(`${values.data}/${graph}.json`, 'utf8'));
  const buf = readFileSync(`${values.data}/${graph}.npy`);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLen);
  if (!header.includes("'<i4'") || !header.includes("'fortran_order': False")) throw new Error(`unexpected npy header ${header}`);
  const data = new Int32Array(buf.buffer.slice(buf.byteOffset + 10 + headerLen, buf.byteOffset + buf.length));
  const m = data.length / 2;
  const src = new Uint32Array(m);
  const dst = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    src[i] = data[2 * i];
    dst[i] = data[2 * i + 1];
  }
  return { n: meta.n, src, dst, npy: `${values.data}/${graph}.npy` };
}

/** One ona-timeit cell: { build_s, algo_s, cpu_s } (cpu_s: the whole process). */
function rust(e, algo) {
  const args = ['--npy', e.npy, '--nodes', String(e.n), '--algo', algo, '--threads', String(threads)];
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="@@cpu %U %S"; time "$0" "$@"', timeit, ...args], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@'));
  const cpu = r.stderr.match(/@@cpu ([\d.]+) ([\d.]+)/);
  if (r.status !== 0 || !line || !cpu) throw new Error(`ona-timeit ${algo}: ${r.stderr}`);
  return { ...JSON.parse(line.slice(2)), cpu_s: Number(cpu[1]) + Number(cpu[2]) };
}

/**
 * Wall and CPU seconds of `f()` in this process. With --expose-gc, garbage
 * left by earlier cells is collected first, so it is not charged here.
 */
async function measure(f) {
  globalThis.gc?.();
  const [t, c] = [performance.now(), process.cpuUsage()];
  const out = await f();
  const dc = process.cpuUsage(c);
  return { out, wall: (performance.now() - t) / 1000, cpu: (dc.user + dc.system) / 1e6 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);

async function timerLag(work) {
  const gaps = [];
  let prev = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    gaps.push(t - prev - 10);
    prev = t;
  }, 10);
  const out = await work;
  clearInterval(timer);
  gaps.sort((a, b) => a - b);
  return { out, p50: gaps[Math.floor(gaps.length / 2)] ?? 0, max: gaps.at(-1) ?? 0, ticks: gaps.length };
}

const rows = [];
function report(cell, node, rustSide, extra = '') {
  const row = {
    cell,
    node: best(node.wall), rust: best(rustSide.wall),
    nodeCpu: median(node.cpu), rustCpu: median(rustSide.cpu),
    extra,
  };
  rows.push(row);
  console.log(`${cell.padEnd(34)} wall node ${row.node.toFixed(3)} s / rust ${row.rust.toFixed(3)} s = ${(row.node / row.rust).toFixed(3)};` +
    ` cpu node ${row.nodeCpu.toFixed(3)} s / rust ${row.rustCpu.toFixed(3)} s = ${(row.nodeCpu / row.rustCpu).toFixed(3)} ${extra}`);
}
const side = () => ({ wall: [], cpu: [] });
const push = (s, m) => (s.wall.push(m.wall), s.cpu.push(m.cpu));

console.log(`ona ${threads} threads; ona-timeit: ${timeit}; data: ${values.data}; ${reps} runs per side: best wall, median CPU`);

{
  const e = readEdges('rmat20');
  const build = { node: side(), nodeSync: side(), rust: side() };
  const pr = { node: side(), rust: side() };
  const g = await ona.Graph.fromEdges(e.src, e.dst, { numNodes: e.n });
  for (let r = 0; r < reps; r++) {
    const rp = rust(e, 'pagerank');
    const rb = rust(e, 'build');
    push(build.rust, { wall: rb.build_s, cpu: NaN });
    push(pr.rust, { wall: rp.algo_s, cpu: rp.cpu_s - rb.cpu_s });
    push(pr.node, await measure(() => ona.pagerank(g, { tol: 1e-10, maxIter: 1000 })));
    push(build.node, await measure(() => ona.Graph.fromEdges(e.src, e.dst, { numNodes: e.n })));
    push(build.nodeSync, await measure(async () => ona.Graph.fromEdgesSync(e.src, e.dst, { numNodes: e.n })));
  }
  console.log(`rmat20: ${g.numberOfNodes()} nodes, ${g.numberOfEdges()} edges from ${e.src.length} rows`);
  report('build rmat20 (Graph.fromEdges)', build.node, build.rust);
  report('build rmat20 (Graph.fromEdgesSync)', build.nodeSync, build.rust);
  report('pagerank rmat20', pr.node, pr.rust);
}

{
  const e = readEdges('lfr10k');
  const g = await ona.Graph.fromEdges(e.src, e.dst, { numNodes: e.n });
  const bc = { node: side(), rust: side() };
  let lag;
  for (let r = 0; r < reps; r++) {
    const rb = rust(e, 'betweenness');
    push(bc.rust, { wall: rb.algo_s, cpu: rb.cpu_s });
    const m = await measure(() => timerLag(ona.betweennessCentrality(g)));
    lag = m.out;
    push(bc.node, m);
  }
  report('betweenness lfr10k (exact)', bc.node, bc.rust,
    `(10 ms timer meanwhile: lag median ${lag.p50.toFixed(2)} ms, max ${lag.max.toFixed(2)} ms over ${lag.ticks} ticks)`);
}

// What the binding itself adds, measured directly: the fixed cost of one
// asynchronous call (a tiny graph), and the copy of the input arrays that
// Graph.fromEdges makes on the JS thread (the rest of a build is the Rust
// builder itself).
{
  const tiny = ona.Graph.fromEdgesSync([0], [1]);
  for (let i = 0; i < 200; i++) await ona.degree(tiny);
  const calls = 2000;
  const t = performance.now();
  for (let i = 0; i < calls; i++) await ona.degree(tiny);
  const perCall = ((performance.now() - t) / calls) * 1000;
  const e = readEdges('rmat20');
  const copies = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    e.src.slice();
    e.dst.slice();
    copies.push(performance.now() - t0);
  }
  console.log(`binding overhead: ${perCall.toFixed(1)} µs per async call (round trip, tiny graph); ` +
    `copying rmat20's two Uint32Arrays (${e.src.length} rows): ${median(copies).toFixed(1)} ms`);
}

console.log('\n| cell | Node best wall (s) | Rust best wall (s) | Node / Rust wall | Node / Rust CPU (medians) |\n|---|---|---|---|---|');
for (const r of rows) {
  const cpu = Number.isNaN(r.rustCpu) ? '–' : (r.nodeCpu / r.rustCpu).toFixed(3);
  console.log(`| ${r.cell} | ${r.node.toFixed(3)} | ${r.rust.toFixed(3)} | ${(r.node / r.rust).toFixed(3)} | ${cpu} |`);
}

#!/usr/bin/env node
// ona from Node against ona from Rust (benches/src/bin/ona-timeit.rs) on the
// same inputs and settings: the overhead of the binding.
//
//   python3 ../shared/peers/gen.py --out /tmp/peers-data      # rmat20, lfr10k (see benches/peers/compare.py)
//   CARGO_TARGET_DIR=target cargo build --release -p ona-benches
//   (cd bindings/node && npm ci && npm run build)
//   ONA_NUM_THREADS=2 node bindings/node/bench/peers.mjs [--data /tmp/peers-data] [--reps 3]
//
// Cells: building rmat20 (15.7M edge rows, two Uint32Arrays) with
// Graph.fromEdges vs GraphBuilder::build; PageRank on rmat20 (tol 1e-10,
// maxIter 1000: ona-timeit's settings); exact betweenness on lfr10k. Each
// cell runs `reps` times per side, alternating, and reports the median. While
// betweenness runs from Node, a 10 ms timer measures event-loop lag.
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

/** One ona-timeit cell: { build_s, algo_s }. */
function rust(e, algo) {
  const r = spawnSync(timeit, ['--npy', e.npy, '--nodes', String(e.n), '--algo', algo, '--threads', String(threads)], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (r.status !== 0 || !line) throw new Error(`ona-timeit ${algo}: ${r.stderr}`);
  return JSON.parse(line.slice(2));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => performance.now() / 1000;

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
function report(cell, node, rustS, extra = '') {
  const ratio = median(node) / median(rustS);
  rows.push({ cell, node: median(node), rust: median(rustS), ratio, extra });
  console.log(`${cell.padEnd(34)} node ${median(node).toFixed(3)} s  rust ${median(rustS).toFixed(3)} s  node/rust ${ratio.toFixed(3)} ${extra}`);
}

console.log(`ona ${threads} threads; ona-timeit: ${timeit}; data: ${values.data}; ${reps} runs per side, medians`);

{
  const e = readEdges('rmat20');
  const build = { node: [], nodeSync: [], rust: [] };
  const pr = { node: [], rust: [] };
  let g;
  for (let r = 0; r < reps; r++) {
    const rs = rust(e, 'pagerank');
    build.rust.push(rs.build_s);
    pr.rust.push(rs.algo_s);
    let t = now();
    g = await ona.Graph.fromEdges(e.src, e.dst, { numNodes: e.n });
    build.node.push(now() - t);
    t = now();
    ona.Graph.fromEdgesSync(e.src, e.dst, { numNodes: e.n });
    build.nodeSync.push(now() - t);
    t = now();
    await ona.pagerank(g, { tol: 1e-10, maxIter: 1000 });
    pr.node.push(now() - t);
  }
  console.log(`rmat20: ${g.numberOfNodes()} nodes, ${g.numberOfEdges()} edges from ${e.src.length} rows`);
  report('build rmat20 (Graph.fromEdges)', build.node, build.rust);
  report('build rmat20 (Graph.fromEdgesSync)', build.nodeSync, build.rust);
  report('pagerank rmat20', pr.node, pr.rust);
}

{
  const e = readEdges('lfr10k');
  const g = await ona.Graph.fromEdges(e.src, e.dst, { numNodes: e.n });
  const bc = { node: [], rust: [] };
  let lag;
  for (let r = 0; r < reps; r++) {
    bc.rust.push(rust(e, 'betweenness').algo_s);
    const t = now();
    lag = await timerLag(ona.betweennessCentrality(g));
    bc.node.push(now() - t);
  }
  report('betweenness lfr10k (exact)', bc.node, bc.rust,
    `(10 ms timer meanwhile: lag median ${lag.p50.toFixed(2)} ms, max ${lag.max.toFixed(2)} ms over ${lag.ticks} ticks)`);
}

console.log('\n| cell | Node (s) | Rust (s) | Node / Rust |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.cell} | ${r.node.toFixed(3)} | ${r.rust.toFixed(3)} | ${r.ratio.toFixed(3)} |`);

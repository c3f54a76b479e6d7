#!/usr/bin/env node
// ona from Node against ona from Rust (benches/src/bin/ona-timeit.rs) on the
// same inputs and settings: the overhead of the binding.
//
//   python3 ../shared/peers/gen.py --out /tmp/peers-data      # rmat20, lfr10k (see benches/peers/compare.py)
//   cargo build --release -p ona-benches
//   (cd bindings/node && npm ci && npm run build)
//   ONA_NUM_THREADS=2 node bindings/node/bench/peers.mjs [--data /tmp/peers-data] [--reps 5]
//
// As benches/peers/compare.py does, every cell runs in a fresh process on
// each side: load the .npy edge array, build the graph (timed: build), run
// the algorithm (timed: algo, with the process's CPU time). Node builds with
// Graph.fromEdges (async: copies the inputs, then builds on the pool) or
// Graph.fromEdgesSync (reads them in place); PageRank uses ona-timeit's
// settings (tol 1e-10, maxIter 1000). Sides alternate; the report gives
// medians over `reps` and the Node / Rust ratio. During Node's betweenness a
// 10 ms timer measures event-loop lag. Finally, the binding's own costs:
// one async round trip, and the input copy of fromEdges.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as ona from '../dist/index.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.ONA_PEERS_DATA ?? '/tmp/peers-data' },
    reps: { type: 'string', default: '5' },
    timeit: { type: 'string' },
    cell: { type: 'string' }, // worker mode: one Node cell, printed as @@{json}
    graph: { type: 'string' },
    sync: { type: 'boolean', default: false },
  },
});

/** An (m, 2) little-endian int32 .npy edge array as two Uint32Arrays. */
function readEdges(graph) {
  const meta = JSON.parse(readFileSync(`${values.data}/${graph}.json`, 'utf8'));
  const npy = `${values.data}/${graph}.npy`;
  const buf = readFileSync(npy);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLen);
  if (!header.includes("'<i4'") || !header.includes("'fortran_order': False")) throw new Error(`unexpected npy header ${header}`);
  const data = new Int32Array(buf.buffer, buf.byteOffset + 10 + headerLen, (buf.length - 10 - headerLen) / 4);
  const m = data.length / 2;
  const src = new Uint32Array(m);
  const dst = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    src[i] = data[2 * i];
    dst[i] = data[2 * i + 1];
  }
  return { n: meta.n, src, dst, npy };
}

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
  return { out, p50: gaps[Math.floor(gaps.length / 2)] ?? 0, max: gaps.at(-1) ?? 0 };
}

// ------------------------------------------------------------------ worker: one Node cell

if (values.cell) {
  const e = readEdges(values.graph);
  let t = performance.now();
  const opts = { numNodes: e.n };
  const g = values.sync ? ona.Graph.fromEdgesSync(e.src, e.dst, opts) : await ona.Graph.fromEdges(e.src, e.dst, opts);
  const build_s = (performance.now() - t) / 1000;
  const run = {
    build: async () => null,
    pagerank: () => ona.pagerank(g, { tol: 1e-10, maxIter: 1000 }),
    betweenness: () => timerLag(ona.betweennessCentrality(g)),
  }[values.cell];
  // Let V8 finish collecting what loading left behind (the .npy buffer), so
  // its GC threads do not share the cores with the measured call.
  globalThis.gc?.();
  const c = process.cpuUsage();
  t = performance.now();
  const out = await run();
  const dc = process.cpuUsage(c);
  const result = { build_s, algo_s: (performance.now() - t) / 1000, cpu_s: (dc.user + dc.system) / 1e6 };
  if (out?.max !== undefined) Object.assign(result, { lag_p50_ms: out.p50, lag_max_ms: out.max });
  console.log('@@' + JSON.stringify(result));
  process.exit(0);
}

// ------------------------------------------------------------------ driver

const reps = Number(values.reps);
const threads = ona.numThreads();
const root = new URL('../../../', import.meta.url).pathname;
const timeit = [values.timeit, process.env.ONA_TIMEIT, `${root}target/release/ona-timeit`, `${root}target/node/release/ona-timeit`]
  .find((p) => p && existsSync(p));
if (!timeit) throw new Error('ona-timeit not found: cargo build --release -p ona-benches (or pass --timeit PATH)');
const meta = (graph) => JSON.parse(readFileSync(`${values.data}/${graph}.json`, 'utf8'));

/** The @@{json} line of a process. */
function cell(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(line.slice(2));
}

function rust(graph, algo) {
  // `bash -c time` gives ona-timeit's CPU time (the whole process).
  const args = ['--npy', `${values.data}/${graph}.npy`, '--nodes', String(meta(graph).n), '--algo', algo, '--threads', String(threads)];
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="@@cpu %U %S"; time "$0" "$@"', timeit, ...args], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@'));
  const cpu = r.stderr.match(/@@cpu ([\d.]+) ([\d.]+)/);
  if (r.status !== 0 || !line || !cpu) throw new Error(`ona-timeit ${algo}: ${r.stderr}`);
  return { ...JSON.parse(line.slice(2)), cpu_s: Number(cpu[1]) + Number(cpu[2]) };
}

function node(graph, algo, sync = false) {
  const self = fileURLToPath(import.meta.url);
  return cell(process.execPath, [self, '--cell', algo, '--graph', graph, '--data', values.data, ...(sync ? ['--sync'] : [])]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
function report(name, nodeS, rustS, extra = '') {
  const [a, b] = [median(nodeS), median(rustS)];
  rows.push({ name, node: a, rust: b, extra });
  console.log(`${name.padEnd(40)} node ${a.toFixed(3)} s  rust ${b.toFixed(3)} s  node/rust ${(a / b).toFixed(3)} ${extra}`);
}

console.log(`ona ${threads} threads; ona-timeit ${timeit}; data ${values.data}; ${reps} fresh processes per side and cell, medians`);

const s = { build: [], buildSync: [], rustBuild: [], pr: [], rustPr: [], bc: [], rustBc: [], lag50: [], lagMax: [] };
for (let r = 0; r < reps; r++) {
  const rp = rust('rmat20', 'pagerank');
  const np = node('rmat20', 'pagerank');
  const ns = node('rmat20', 'build', true);
  s.rustBuild.push(rp.build_s);
  s.rustPr.push(rp.algo_s);
  s.build.push(np.build_s);
  s.pr.push(np.algo_s);
  s.buildSync.push(ns.build_s);
  const rb = rust('lfr10k', 'betweenness');
  const nb = node('lfr10k', 'betweenness');
  s.rustBc.push(rb.algo_s);
  s.bc.push(nb.algo_s);
  s.lag50.push(nb.lag_p50_ms);
  s.lagMax.push(nb.lag_max_ms);
}
report('build rmat20, Graph.fromEdges (async)', s.build, s.rustBuild);
report('build rmat20, Graph.fromEdgesSync', s.buildSync, s.rustBuild);
report('pagerank rmat20', s.pr, s.rustPr);
report('betweenness lfr10k (exact)', s.bc, s.rustBc,
  `(10 ms timer meanwhile: lag median ${median(s.lag50).toFixed(2)} ms, max ${Math.max(...s.lagMax).toFixed(2)} ms)`);

// The binding's own costs, measured directly.
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
    `copying rmat20's two Uint32Arrays (${e.src.length} rows) as fromEdges does: ${median(copies).toFixed(1)} ms`);
}

console.log('\n| cell | Node (s) | Rust (s) | Node / Rust |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.node.toFixed(3)} | ${r.rust.toFixed(3)} | ${(r.node / r.rust).toFixed(3)} |`);

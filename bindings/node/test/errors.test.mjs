// Every error code the engine can produce, produced through the public API
// and checked: an OnaError (so `instanceof` works), the stable `code`, a
// message naming the culprit, and a `cause`. Also: panics never take Node down.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const native = createRequire(import.meta.url)('../native.js');

/** `f()` (sync or async) must fail with `code`; returns the error. */
async function fails(code, f, message) {
  let err;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, but it succeeded`);
  assert.ok(err instanceof ona.OnaError, `an OnaError, got ${err?.stack ?? err}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'OnaError');
  assert.equal(err.code, code, err.message);
  if (message) assert.match(err.message, message);
  return err;
}

const path = ona.Graph.fromEdgesSync(['a', 'b', 'c'], ['b', 'c', 'd']);
const directed = ona.Graph.fromEdgesSync([0, 1, 2], [1, 2, 0], { directed: true });
const empty = ona.Graph.fromEdgesSync([], [], { numNodes: 0 });

/** Which test below produces which code; the last two cannot be provoked from JS. */
const produced = new Set();
const check = async (code, f, message) => {
  produced.add(code);
  return fails(code, f, message);
};

describe('error codes', () => {
  test('ONA_NODE_OUT_OF_RANGE: an index at or past numNodes', async () => {
    await check('ONA_NODE_OUT_OF_RANGE', () => ona.Graph.fromEdges(new Uint32Array([0, 5]), new Uint32Array([1, 1]), { numNodes: 3 }), /node 5/);
  });

  test('ONA_UNKNOWN_NODE: ids the graph does not have', async () => {
    await check('ONA_UNKNOWN_NODE', () => path.indexOf('zed'), /zed/);
    await check('ONA_UNKNOWN_NODE', () => ona.shortestPath(path, 'a', 'zed'));
    await check('ONA_UNKNOWN_NODE', () => directed.indexOf('0'));
    await check('ONA_UNKNOWN_NODE', () => directed.indexOf(1.5));
    await check('ONA_UNKNOWN_NODE', () => ona.egoGraph(directed, 7));
    assert.equal(path.has('zed'), false);
  });

  test('ONA_INVALID_WEIGHT: NaN, infinite or negative weights', async () => {
    await check('ONA_INVALID_WEIGHT', () => ona.Graph.fromEdges([0, 1], [1, 2], { weight: [1, NaN] }), /edge 1/);
    await check('ONA_INVALID_WEIGHT', () => ona.Graph.fromEdgesSync([0], [1], { weight: new Float32Array([Infinity]) }));
    const negative = ona.Graph.fromEdgesSync([0, 1], [1, 2], { weight: [1, -2] });
    await check('ONA_INVALID_WEIGHT', () => ona.betweennessCentrality(negative, { weight: 'weight' }));
  });

  test('ONA_TOO_LARGE: more nodes than u32 indices allow', async () => {
    await check('ONA_TOO_LARGE', () => ona.Graph.fromEdges(new Uint32Array(0), new Uint32Array(0), { numNodes: 2 ** 32 }));
  });

  test('ONA_LENGTH_MISMATCH: src, dst and weight of different lengths', async () => {
    await check('ONA_LENGTH_MISMATCH', () => ona.Graph.fromEdges([0, 1], [1], {}), /dst/);
    await check('ONA_LENGTH_MISMATCH', () => ona.Graph.fromEdgesSync(['a'], ['b'], { weight: [1, 2] }), /weights/);
    await check('ONA_LENGTH_MISMATCH', () => path.topK([1, 2], 1));
    await check('ONA_LENGTH_MISMATCH', () => ona.pagerank(path, { personalization: [1, 1] }));
  });

  test('ONA_DUPLICATE_EDGE and ONA_SELF_LOOP: refused by policy', async () => {
    await check('ONA_DUPLICATE_EDGE', () => ona.Graph.fromEdges(['a', 'b'], ['b', 'a'], { duplicates: 'error' }), /row 1/);
    await check('ONA_SELF_LOOP', () => ona.Graph.fromEdges(['a', 'b'], ['b', 'b'], { selfLoops: 'error' }), /row 1/);
  });

  test('ONA_INVALID_PARAMETER: values out of range, unknown options, wrong types', async () => {
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { alpha: 2 }), /alpha/);
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { alhpa: 0.9 }), /unknown option "alhpa"/);
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { maxIter: 1.5 }), /maxIter/);
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { weight: 'w' }), /weight/);
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { alpha: 'high' }));
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { solver: 'magic' }), /solver/);
    await check('ONA_INVALID_PARAMETER', () => ona.betweennessCentrality(path, { k: 0 }), /\bk\b/);
    await check('ONA_INVALID_PARAMETER', () => ona.approximateBetweennessCentrality(path, { epsilon: 1.5 }), /epsilon/);
    await check('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { timeout: -1 }), /timeout/);
    await check('ONA_INVALID_PARAMETER', () => ona.Graph.fromEdges([0], [1], { duplicates: 'avg' }), /duplicates/);
    await check('ONA_INVALID_PARAMETER', () => ona.Graph.fromEdges([0, -1], [1, 2]), /src/);
    await check('ONA_INVALID_PARAMETER', () => ona.Graph.fromEdges([0, 1], ['a', 'b']), /dst/);
    await check('ONA_INVALID_PARAMETER', () => ona.Graph.fromEdges([{}], [{}]));
    await check('ONA_INVALID_PARAMETER', () => ona.generateOrg({ people: 0 }), /people/);
    await check('ONA_INVALID_PARAMETER', () => ona.egoGraph(path, 'a', { radius: -1 }), /radius/);
  });

  test('ONA_EMPTY_GRAPH: a mean over no nodes', async () => {
    await check('ONA_EMPTY_GRAPH', () => ona.averageClustering(empty), /average_clustering/);
    await check('ONA_EMPTY_GRAPH', () => ona.eigenvectorCentrality(empty));
  });

  test('ONA_NOT_CONVERGED: too few iterations', async () => {
    await check('ONA_NOT_CONVERGED', () => ona.pagerank(directed, { maxIter: 1, tol: 1e-15, solver: 'power', personalization: [1, 0, 0] }), /pagerank/);
    await check('ONA_NOT_CONVERGED', () => ona.hits(path, { maxIter: 1 }), /hits/);
  });

  test('ONA_UNSUPPORTED: operations NetworkX refuses for this kind of graph', async () => {
    await check('ONA_UNSUPPORTED', () => ona.triangles(directed), /directed/);
    await check('ONA_UNSUPPORTED', () => ona.inDegree(path), /undirected/);
    await check('ONA_UNSUPPORTED', () => ona.pagerank(directed, { solver: 'conjugate-gradient' }));
    const loop = ona.Graph.fromEdgesSync([0, 1], [1, 1]);
    await check('ONA_UNSUPPORTED', () => ona.coreNumber(loop), /self-loop/);
  });

  test('ONA_CANCELLED and ONA_DEADLINE_EXCEEDED', async () => {
    const org = await ona.generateOrg({ people: 3000 });
    const ac = new AbortController();
    const run = ona.betweennessCentrality(org, { signal: ac.signal });
    ac.abort();
    const err = await check('ONA_CANCELLED', () => run);
    assert.equal(err.cause.name, 'AbortError');
    await check('ONA_DEADLINE_EXCEEDED', () => ona.betweennessCentrality(org, { timeout: 1 }), /deadline/);
  });

  test('ONA_INTERNAL: a Rust panic (sync, in a job, converting a result) is an error, not a crash', async () => {
    for (const place of ['sync', 'async', 'convert']) {
      // Through the native module directly: the facade has no panicking call.
      let raw;
      try {
        await native.debugPanic(place, new native.RunContext());
      } catch (e) {
        raw = e;
      }
      assert.equal(raw?.code, 'ONA_INTERNAL', place);
      assert.match(raw.message, new RegExp(`debug_panic\\("${place}"\\)`));
    }
    produced.add('ONA_INTERNAL');
    // Node is still alive and the pool still works.
    assert.equal((await ona.degree(path)).length, 4);
  });

  test('ONA_IO, ONA_CORRUPT_SNAPSHOT, ONA_UNSUPPORTED_VERSION, ONA_INVALID_TABLE, ONA_TABLE_FORMAT: files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ona-errors-'));
    try {
      await check('ONA_IO', () => ona.readSnapshot(join(dir, 'missing.ona')), /missing\.ona/);
      const file = join(dir, 'g.ona');
      await path.writeSnapshot(file);
      const bytes = readFileSync(file);
      bytes[bytes.length >> 1] ^= 1;
      writeFileSync(file, bytes);
      await check('ONA_CORRUPT_SNAPSHOT', () => ona.readSnapshot(file), /section/);
      bytes.writeUInt32LE(9, 12);
      writeFileSync(file, bytes);
      await check('ONA_UNSUPPORTED_VERSION', () => ona.readSnapshot(file), /version 9/);
      const csv = join(dir, 'e.csv');
      writeFileSync(csv, 'source,target\na,\n');
      await check('ONA_INVALID_TABLE', () => ona.readEdges(csv), /row 0/);
      const pq = join(dir, 'e.parquet');
      writeFileSync(pq, 'PAR1 but not parquet');
      await check('ONA_TABLE_FORMAT', () => ona.readEdges(pq), /e\.parquet/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ONA_LIMIT_EXCEEDED, ONA_INVALID_NAME, ONA_NOT_FOUND, ONA_INVALID_EVENT, ONA_CONFLICT, ONA_CORRUPT_ENGINE, ONA_ENGINE_CLOSED: the engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ona-errors-'));
    const eng = ona.Engine.open(join(dir, 'engine'), { threads: 1 });
    try {
      const t = eng.tenant('trial', 'demo');
      const err = await check('ONA_LIMIT_EXCEEDED', () => t.applyEvents('g', { src: [0], dst: [1] }), /events_per_second/);
      assert.deepEqual([err.tenant, err.limit, err.requested, err.allowed], ['trial', 'events_per_second', 1, 0]);
      await check('ONA_INVALID_NAME', () => eng.tenant('../b', 'demo'), /\.\.\/b/);
      await check('ONA_NOT_FOUND', () => eng.getTenant('nobody'), /nobody/);
      await check('ONA_INVALID_EVENT', () => t.importEdges('g', { src: [0], dst: [1], weight: [NaN] }), /row 0/);
      await t.importEdges('g', { src: [0], dst: [1] });
      await check('ONA_CONFLICT', () => t.importEdges('g', { src: ['a'], dst: ['b'] }), /u64/);
      writeFileSync(join(dir, 'ona-engine.txt'), 'not an engine');
      await check('ONA_CORRUPT_ENGINE', () => ona.Engine.open(dir), /ona-engine\.txt/);
      await eng.close();
      await check('ONA_ENGINE_CLOSED', () => t.graphs(), /closed/);
    } finally {
      await eng.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ONA_QUERY: Cypher the Neo4j server rejects (ONA_NEO4J_URI, started by scripts/test-node.sh)', async () => {
    const neo = await ona.Neo4j.connect();
    await check('ONA_QUERY', () => neo.run('RETURN 1 +'), /RETURN 1 \+/);
  });

  test('ONA_THREAD_POOL and ONA_RESOURCE_EXHAUSTED are known codes (not provokable here)', () => {
    // The OS refusing threads, and a failed reservation (the core does not
    // return this one yet), cannot be provoked from a test.
    for (const code of ['ONA_THREAD_POOL', 'ONA_RESOURCE_EXHAUSTED']) assert.ok(ona.ERROR_CODES.includes(code));
  });

  test('every code is produced above, and the facade lists exactly what the addon produces', () => {
    assert.deepEqual([...ona.ERROR_CODES].sort(), [...native.errorCodes()].sort());
    const missing = ona.ERROR_CODES.filter((c) => !produced.has(c) && c !== 'ONA_THREAD_POOL' && c !== 'ONA_RESOURCE_EXHAUSTED');
    assert.deepEqual(missing, []);
  });
});

describe('error objects', () => {
  test('OnaError keeps the native error as its cause and has a stack', async () => {
    const err = await fails('ONA_INVALID_PARAMETER', () => ona.pagerank(path, { alpha: -1 }));
    assert.ok(err.cause instanceof Error);
    assert.equal(err.cause.code, 'ONA_INVALID_PARAMETER');
    assert.ok(err.stack.includes('OnaError'));
  });

  test('users can construct and match OnaError', () => {
    const e = new ona.OnaError('ONA_UNKNOWN_NODE', 'no such person', { cause: 'lookup' });
    assert.ok(e instanceof ona.OnaError);
    assert.equal(e.cause, 'lookup');
  });
});

describe('ONA_NUM_THREADS', () => {
  const runWith = (value, code) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      env: { ...process.env, ONA_NUM_THREADS: value },
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });

  test('sets the pool size', () => {
    const r = runWith('3', "import * as ona from './dist/index.js'; console.log(ona.numThreads());");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '3');
  });

  test('a bad value fails every call with ONA_INVALID_PARAMETER, loudly', () => {
    const code = `import * as ona from './dist/index.js';
      ona.Graph.fromEdges([0], [1]).then(() => console.log('ok'), (e) => console.log(e.code, e.message));`;
    const r = runWith('lots', code);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ONA_INVALID_PARAMETER .*ONA_NUM_THREADS/);
  });
});

describe('panic safety lint', () => {
  test('every #[napi] function is catch_unwind', () => {
    const dir = new URL('../src/', import.meta.url);
    const offenders = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.rs'))) {
      const lines = readFileSync(new URL(f, dir), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!/^\s*#\[napi\b/.test(line)) return;
        let j = i + 1;
        while (j < lines.length && /^\s*(#\[|\/\/\/)/.test(lines[j])) j++;
        if (/\bfn\b/.test(lines[j] ?? '') && !line.includes('catch_unwind')) offenders.push(`${f}:${i + 1}: ${lines[j].trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });
});

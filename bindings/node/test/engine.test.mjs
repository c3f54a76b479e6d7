// The multi-tenant engine: tenants and tiers, streaming ingest into
// versioned graphs (read back as the Graph every ona function takes),
// idempotency by event id and by source offset, windows, tier limits,
// snapshots with offsets across a reopen, metrics.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const root = mkdtempSync(join(tmpdir(), 'ona-engine-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const fresh = () => join(root, `e${dirs++}`);
/** Two threads, compaction inside the ingest call: deterministic. */
const open = (dir = fresh()) => ona.Engine.open(dir, { threads: 2, backgroundCompaction: false });

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
  assert.equal(err.code, code, err.message);
  if (message) assert.match(err.message, message);
  return err;
}

/** Scores keyed by node id. */
const byId = (g, scores) => new Map(Array.from(g.nodeIds(), (id, i) => [id, scores[i]]));

describe('Engine', () => {
  test('apply -> graph -> every ona function; results stamped with the version', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'professional');
      assert.equal(t.id, 'acme');
      assert.equal(t.tier, 'professional');
      const src = [10, 20, 30, 40];
      const dst = [20, 30, 10, 10];
      const weight = [1, 2, 3, 0.5];
      const a = await t.applyEvents('email', { src, dst, weight, ts: [1000, 2000, 3000, 4000] });
      assert.deepEqual(a, { version: 1, applied: 4, skipped: 0, newNodes: 4 });
      assert.deepEqual(t.graphs(), ['email']);

      const g = await t.graph('email');
      assert.ok(g instanceof ona.Graph);
      assert.equal(g.version, 1);
      assert.equal(g.isDirected(), true);
      assert.equal(g.numberOfNodes(), 4);
      assert.equal(g.numberOfEdges(), 4);
      assert.deepEqual(new Set(g.nodeIds()), new Set(src));

      // The existing functions take it, and agree with a graph built directly.
      const direct = await ona.Graph.fromEdges(src, dst, { weight, directed: true });
      assert.equal(direct.version, null);
      const [pr, want] = [byId(g, await ona.pagerank(g)), byId(direct, await ona.pagerank(direct))];
      for (const [id, x] of want) assert.ok(Math.abs(pr.get(id) - x) < 1e-12, id);
      assert.ok(g.nodeIds() instanceof Float64Array);
      assert.equal(g.indexOf(40), g.nodeIds().indexOf(40));

      // The tenant's own PageRank: stamped, with the graph its scores index.
      const s = await t.pagerank('email', { alpha: 0.85, tol: 1e-10, maxIter: 500 });
      assert.equal(s.version, 1);
      assert.equal(s.graph.version, 1);
      assert.equal(s.exact, false);
      assert.ok(s.errorBound >= 0 && s.errorBound < 1e-6, String(s.errorBound));
      assert.ok(s.scores instanceof Float64Array);
      // Within its error bound of the fixed point (a tightly converged reference).
      const exact = byId(direct, await ona.pagerank(direct, { tol: 1e-14, maxIter: 1000, solver: 'power' }));
      let l1 = 0;
      for (const [id, x] of byId(s.graph, s.scores)) l1 += Math.abs(x - exact.get(id));
      assert.ok(l1 <= s.errorBound + 1e-12, `${l1} > ${s.errorBound}`);

      const b = await t.betweenness('email', { mode: 'exact' });
      assert.equal(b.exact, true);
      assert.equal(b.errorBound, null);
      const nb = byId(direct, await ona.betweennessCentrality(direct));
      for (const [id, x] of byId(b.graph, b.scores)) assert.ok(Math.abs(x - nb.get(id)) < 1e-12, id);
      const approx = await t.betweenness('email', { mode: 'approximate', epsilon: 0.2, delta: 0.2 });
      assert.equal(approx.exact, false);
      assert.equal(approx.errorBound, 0.2);
      assert.equal((await t.betweenness('email')).scores.length, 4);
    } finally {
      await eng.close();
    }
  });

  test('every batch is a new version; older graphs stay as they were', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'enterprise');
      await t.applyEvents('g', { src: [1, 2], dst: [2, 3] });
      const v1 = await t.graph('g');
      const a = await t.applyEvents('g', { src: [3, 4], dst: [4, 1], op: ['add', 'add'] });
      assert.equal(a.version, 2);
      assert.equal(t.version('g'), 2);
      const v2 = await t.graph('g');
      assert.deepEqual([v1.version, v1.numberOfEdges()], [1, 2]);
      assert.deepEqual([v2.version, v2.numberOfEdges()], [2, 4]);
      assert.ok(v2.nodeIds() instanceof Float64Array);
      const r = await t.applyEvents('g', { src: [1, 2], dst: [2, 3], weight: [5, 7], op: ['remove', 'set'] });
      assert.equal(r.version, 3);
      const st = await t.stats('g');
      assert.deepEqual(
        { version: st.version, nodes: st.nodes, edges: st.edges, totalWeight: st.totalWeight, components: st.components },
        { version: 3, nodes: 4, edges: 3, totalWeight: 9, components: 1 },
      );
      assert.equal(typeof st.mutualPairs, 'number');
      assert.equal(typeof st.incrementalComponents, 'boolean');
      await t.compact('g');
      assert.equal(t.version('g'), 3);
      assert.equal((await t.graph('g')).numberOfEdges(), 3);
      // BigInt keys are integer keys too.
      await t.applyEvents('big', { src: [2n ** 63n], dst: [1n] });
      assert.deepEqual([...(await t.graph('big')).nodeIds()].sort(), [1n, 2n ** 63n]);
    } finally {
      await eng.close();
    }
  });

  test('idempotent by event id and by source offset', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'professional');
      const batch = { src: [1, 2], dst: [2, 3], eventId: [10, 11] };
      assert.deepEqual(await t.applyEvents('ids', batch), { version: 1, applied: 2, skipped: 0, newNodes: 3 });
      assert.deepEqual(await t.applyEvents('ids', batch), { version: 1, applied: 0, skipped: 2, newNodes: 0 });
      const mixed = await t.applyEvents('ids', { src: [2, 3], dst: [3, 1], eventId: new BigUint64Array([11n, 12n]) });
      assert.deepEqual(mixed, { version: 2, applied: 1, skipped: 1, newNodes: 0 });
      assert.equal((await t.graph('ids')).numberOfEdges(), 3);

      const at = (offset, n) => ({
        src: Array.from({ length: n }, (_, i) => offset + i),
        dst: Array.from({ length: n }, (_, i) => offset + i + 1),
        source: 'kafka:mail',
        partition: 3,
        offset,
      });
      assert.equal((await t.applyEvents('kafka', at(0, 3))).applied, 3);
      assert.deepEqual(await t.applyEvents('kafka', at(0, 3)), { version: 1, applied: 0, skipped: 3, newNodes: 0 });
      const overlap = await t.applyEvents('kafka', at(2, 3));
      assert.deepEqual([overlap.applied, overlap.skipped], [2, 1]);
      assert.deepEqual(t.offsets('kafka'), [{ source: 'kafka:mail', partition: 3, next: 5 }]);
      assert.equal((await t.graph('kafka')).numberOfEdges(), 5);
      // A BigInt offset works the same.
      assert.equal((await t.applyEvents('kafka', { ...at(4, 1), offset: 4n })).skipped, 1);
    } finally {
      await eng.close();
    }
  });

  test('time windows and rolling windows', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'professional');
      await t.applyEvents('email', { src: [1, 2, 3], dst: [2, 3, 4], ts: [100, 200, 300] });
      await t.applyEvents('email', { src: [4], dst: [1], ts: new BigInt64Array([400n]) });
      const w = await t.graph('email', { window: [150, 301] });
      assert.equal(w.version, 2);
      assert.equal(w.numberOfEdges(), 2);
      assert.deepEqual([...w.nodeIds()], [2, 3, 4]);
      assert.equal((await t.graph('email', { window: [0n, 1000n] })).numberOfEdges(), 4);
      const r = await t.rolling('email', { end: 401, width: 200, step: 100, count: 3 });
      assert.deepEqual(r.map((g) => g.numberOfEdges()), [2, 2, 2]);
      assert.ok(r.every((g) => g instanceof ona.Graph && g.version === 2));
      await fails('ONA_INVALID_PARAMETER', () => t.rolling('email', { end: 0, width: 0, step: 1, count: 1 }));
      await fails('ONA_INVALID_PARAMETER', () => t.graph('email', { window: [2, 1] }));
      await fails('ONA_INVALID_PARAMETER', () => t.graph('email', { window: [0.5, 1] }), /window/);
    } finally {
      await eng.close();
    }
  });

  test('Demo tier: 100 people per graph; the 101st is refused and nothing changes', async () => {
    const eng = open();
    try {
      const t = eng.tenant('trial', 'demo');
      assert.equal(t.limits().maxNodes, 100);
      const chain = { src: Array.from({ length: 99 }, (_, i) => i), dst: Array.from({ length: 99 }, (_, i) => i + 1) };
      assert.deepEqual(await t.importEdges('g', chain), { version: 1, applied: 99, skipped: 0, newNodes: 100 });
      const err = await fails('ONA_LIMIT_EXCEEDED', () => t.importEdges('g', { src: [99, 5], dst: [100, 6] }), /nodes_per_graph/);
      assert.deepEqual(
        { tenant: err.tenant, limit: err.limit, requested: err.requested, allowed: err.allowed },
        { tenant: 'trial', limit: 'nodes_per_graph', requested: 101, allowed: 100 },
      );
      assert.equal(t.version('g'), 1);
      const st = await t.stats('g');
      assert.deepEqual([st.nodes, st.edges], [100, 99]);
      // Edges between people already there still fit.
      assert.equal((await t.importEdges('g', { src: [99], dst: [0] })).applied, 1);
    } finally {
      await eng.close();
    }
  });

  test('Demo tier: no streaming (applyEvents refused), importEdges loads; graph count limit (sync error)', async () => {
    const eng = open();
    try {
      const t = eng.tenant('trial', 'demo');
      const err = await fails('ONA_LIMIT_EXCEEDED', () => t.applyEvents('g', { src: [1], dst: [2] }), /events_per_second/);
      assert.deepEqual([err.tenant, err.limit, err.requested, err.allowed], ['trial', 'events_per_second', 1, 0]);
      assert.equal(t.limits().maxEventsPerSecond, 0);
      // Nothing applied (the refused call may have created the graph, empty).
      assert.equal(t.graphs().includes('g') ? t.version('g') : 0, 0);
      assert.equal((await t.importEdges('g', { src: [1], dst: [2] })).version, 1);
      t.createGraph('g2', { directed: false });
      t.createGraph('g3');
      const limit = await fails('ONA_LIMIT_EXCEEDED', () => t.createGraph('g4'), /graphs_per_tenant/);
      assert.deepEqual([limit.tenant, limit.limit, limit.requested, limit.allowed], ['trial', 'graphs_per_tenant', 4, 3]);
      assert.deepEqual(t.graphs(), ['g', 'g2', 'g3']);
      // Upgrading applies to the next request.
      assert.equal(eng.tenant('trial', 'professional').tier, 'professional');
      assert.equal(t.tier, 'professional');
      assert.equal((await t.applyEvents('g', { src: [2], dst: [3] })).version, 2);
      t.createGraph('g4');
    } finally {
      await eng.close();
    }
  });

  // String keys (e-mail addresses, HR ids): the first batch of a new graph
  // fixes the key kind (ona-engine before d82e15e dropped them silently).
  test('string keys: applied, counted, limited', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'professional');
      const a = await t.applyEvents('email', { src: ['ann', 'bob', 'cy'], dst: ['bob', 'cy', 'ann'], eventId: [1, 2, 3] });
      assert.deepEqual(a, { version: 1, applied: 3, skipped: 0, newNodes: 3 });
      const g = await t.graph('email');
      assert.deepEqual(new Set(g.nodeIds()), new Set(['ann', 'bob', 'cy']));
      assert.equal(g.numberOfEdges(), 3);
      assert.equal((await ona.pagerank(g)).length, 3);
      const demo = eng.tenant('trial', 'demo');
      const many = Array.from({ length: 101 }, (_, i) => `p${i}`);
      await fails('ONA_LIMIT_EXCEEDED', () => demo.importEdges('g', { src: many, dst: many }), /nodes_per_graph/);
    } finally {
      await eng.close();
    }
  });

  test('tenant and graph names are checked: ONA_INVALID_NAME', async () => {
    const eng = open();
    try {
      for (const bad of ['../b', '', 'a/b', '.hidden', 'a\0b']) {
        await fails('ONA_INVALID_NAME', () => eng.tenant(bad, 'basic'), /tenant id/);
        await fails('ONA_INVALID_NAME', () => eng.getTenant(bad));
      }
      await fails('ONA_INVALID_NAME', () => eng.tenant('acme', 'gold'), /tier/);
      const t = eng.tenant('acme', 'basic');
      await fails('ONA_INVALID_NAME', () => t.importEdges('../g', { src: [0], dst: [1] }), /graph name/);
      await fails('ONA_INVALID_NAME', () => t.createGraph('a/b'));
      assert.deepEqual(eng.tenants(), [{ id: 'acme', tier: 'basic' }]);
      assert.deepEqual(t.graphs(), []);
    } finally {
      await eng.close();
    }
  });

  test('refusals: ONA_NOT_FOUND, ONA_INVALID_EVENT, ONA_CONFLICT, ONA_INVALID_PARAMETER', async () => {
    const eng = open();
    try {
      await fails('ONA_NOT_FOUND', () => eng.getTenant('nobody'), /nobody/);
      const t = eng.tenant('acme', 'enterprise');
      await fails('ONA_NOT_FOUND', () => t.graph('missing'), /missing/);
      await fails('ONA_NOT_FOUND', () => t.offsets('missing'));
      await t.applyEvents('ints', { src: [1], dst: [2] });
      await fails('ONA_INVALID_EVENT', () => t.applyEvents('ints', { src: [1, 2], dst: [2, 3], weight: [1, NaN] }), /row 1/);
      await fails('ONA_INVALID_EVENT', () => t.applyEvents('ints', { src: [1], dst: [2, 3] }), /dst/);
      await fails('ONA_INVALID_EVENT', () => t.applyEvents('ints', { src: [1], dst: [2], op: ['multiply'] }), /multiply/);
      await fails('ONA_CONFLICT', () => t.applyEvents('ints', { src: ['a'], dst: ['b'] }), /u64/);
      t.createGraph('undirected', { directed: false });
      await fails('ONA_CONFLICT', () => t.createGraph('undirected', { directed: true }));
      await fails('ONA_INVALID_PARAMETER', () => t.applyEvents('ints', { src: [-1], dst: [2] }), /src/);
      await fails('ONA_INVALID_PARAMETER', () => t.applyEvents('ints', { src: [1.5], dst: [2] }), /src/);
      await fails('ONA_INVALID_PARAMETER', () => t.applyEvents('ints', { src: [1], dst: [2], colour: [1] }), /colour/);
      await fails('ONA_INVALID_PARAMETER', () => t.applyEvents('ints', { src: [1], dst: [2], source: 'k' }), /offset/);
      await fails('ONA_INVALID_PARAMETER', () => t.pagerank('ints', { alpha: 2 }), /alpha/);
      await fails('ONA_INVALID_PARAMETER', () => t.betweenness('ints', { mode: 'exact', epsilon: 0.1 }), /epsilon/);
      await fails('ONA_INVALID_PARAMETER', () => t.estimate('ints', 'magic'), /algorithm/);
      // Nothing above changed the graph.
      assert.equal(t.version('ints'), 1);
      // An aborted signal cancels.
      const ac = new AbortController();
      ac.abort();
      await fails('ONA_CANCELLED', () => t.betweenness('ints', { signal: ac.signal }));
    } finally {
      await eng.close();
    }
  });

  test('an AbortSignal cancels a running algorithm', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'enterprise');
      const { src, dst } = await ona.generateRmat({ scale: 12, seed: 3 });
      await t.importEdges('big', { src, dst });
      const ac = new AbortController();
      const started = Date.now();
      const run = t.betweenness('big', { mode: 'exact', signal: ac.signal });
      setTimeout(() => ac.abort(), 20);
      const err = await fails('ONA_CANCELLED', () => run);
      assert.equal(err.cause.name, 'AbortError');
      assert.ok(Date.now() - started < 5000);
      // The tenant is still usable.
      assert.equal((await t.pagerank('big')).version, 1);
    } finally {
      await eng.close();
    }
  });

  test('estimate, memory, metrics', async () => {
    const eng = open();
    try {
      const t = eng.tenant('acme', 'professional');
      await t.applyEvents('email', { src: [1, 2, 3], dst: [2, 3, 1] });
      const e = t.estimate('email', 'betweenness');
      assert.equal(e.algorithm, 'betweenness');
      assert.ok(e.seconds > 0 && e.memoryBytes > 0 && e.threads === 2, JSON.stringify(e));
      assert.equal(t.estimate('email', 'k_hop', { k: 2 }).algorithm, 'k_hop');
      assert.equal(t.estimate('email', 'approx_betweenness', { samples: 100 }).algorithm, 'approx_betweenness');
      assert.ok(t.memoryBytes() > 0);
      const report = eng.memoryReport();
      assert.deepEqual(report.map((r) => [r.tenant, r.tier, r.graphs]), [['acme', 'professional', 1]]);
      assert.ok(report[0].bytes > 0);
      await t.pagerank('email');
      const text = eng.metricsText();
      assert.match(text, /^ona_ingest_events_total 3$/m);
      assert.match(text, /ona_algorithm_seconds_count\{algorithm="pagerank"\} 1/);
      await eng.waitForCompactions();
      assert.equal(eng.path.length > 0, true);
    } finally {
      await eng.close();
    }
  });

  test('snapshot, close, reopen in a new Engine: graph and offsets restored', async () => {
    const dir = fresh();
    const eng = open(dir);
    const t = eng.tenant('acme', 'professional');
    await t.applyEvents('email', { src: [1, 2, 3], dst: [2, 3, 1], weight: [1, 2, 3], source: 'kafka:mail', offset: 0 });
    await t.applyEvents('email', { src: [3], dst: [4], source: 'kafka:mail', offset: 3 });
    t.createGraph('empty', { directed: false });
    // Only graphs whose version moved are written ('empty' is at version 0).
    assert.equal(await eng.snapshot(), 1);
    assert.equal(await eng.snapshot(), 0);
    assert.equal(await t.snapshot(), 0);
    const before = await t.graph('email');
    // One engine per directory.
    await fails('ONA_IO', () => ona.Engine.open(dir), /lock/);

    await eng.close();
    assert.equal(eng.closed, true);
    await eng.close();
    await fails('ONA_ENGINE_CLOSED', () => t.version('email'), /closed/);
    await fails('ONA_ENGINE_CLOSED', () => eng.tenants());
    await fails('ONA_ENGINE_CLOSED', () => t.applyEvents('email', { src: [8], dst: [9] }));
    // Graphs read before closing stay usable.
    assert.equal((await ona.pagerank(before)).length, 4);

    const again = open(dir);
    try {
      assert.deepEqual(again.tenants(), [{ id: 'acme', tier: 'professional' }]);
      const u = again.getTenant('acme');
      assert.deepEqual(u.graphs(), ['email', 'empty']);
      assert.equal(u.version('email'), 2);
      assert.deepEqual(u.offsets('email'), [{ source: 'kafka:mail', partition: 0, next: 4 }]);
      const g = await u.graph('email');
      assert.equal(g.version, 2);
      assert.deepEqual(new Set(g.nodeIds()), new Set(before.nodeIds()));
      assert.equal(g.numberOfEdges(), before.numberOfEdges());
      assert.deepEqual(byId(g, await ona.pagerank(g)), byId(before, await ona.pagerank(before)));
      assert.equal((await u.graph('empty')).isDirected(), false);
      // A restarted consumer replaying from an old offset changes nothing.
      const replay = await u.applyEvents('email', { src: [3], dst: [4], source: 'kafka:mail', offset: 3 });
      assert.deepEqual([replay.applied, replay.skipped, replay.version], [0, 1, 2]);
    } finally {
      await again.close();
    }
  });

  test('a directory that is not an engine: ONA_CORRUPT_ENGINE', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'ona-engine.txt'), 'something else\n');
    await fails('ONA_CORRUPT_ENGINE', () => ona.Engine.open(dir), /ona-engine\.txt/);
    await fails('ONA_INVALID_PARAMETER', () => ona.Engine.open(fresh(), { threads: -1 }), /threads/);
    await fails('ONA_INVALID_PARAMETER', () => ona.Engine.open(fresh(), { thread: 1 }), /thread/);
  });
});

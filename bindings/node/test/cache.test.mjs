// ona.ResultCache against a real Redis (ONA_REDIS_URL; scripts/test-node.sh
// starts one through scripts/servers.sh unless it is set): engine metrics
// computed then served from the cache by version, warm then hit, graphs
// the caller holds at a version it names, published versions for readers
// without an engine, purge, counters, Redis unreachable (still answered by
// computing), typed errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const url = process.env.ONA_REDIS_URL;
const root = mkdtempSync(join(tmpdir(), 'ona-cache-'));
const eng = ona.Engine.open(join(root, 'engine'), { threads: 2, backgroundCompaction: false });
/** Tenants of this run alone (the Redis server is shared). */
const tenantId = `node-cache-${process.pid}-${Date.now()}`;
let tenant;
let cache;

before(async () => {
  assert.ok(url, 'ONA_REDIS_URL is not set: run scripts/servers.sh start redis && . target/servers/env.sh');
  cache = new ona.ResultCache(url, { ttlS: 600 });
  tenant = eng.tenant(tenantId, 'enterprise');
  await tenant.importEdges('email', { src: ['ann', 'bob', 'cy', 'dan'], dst: ['bob', 'cy', 'ann', 'ann'], weight: [1, 2, 3, 0.5] });
});

after(async () => {
  if (cache) await cache.purgeTenant(tenantId);
  await eng.close();
  rmSync(root, { recursive: true, force: true });
});

/** `f()` must fail with `code`; returns the error. */
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

/** A port nothing listens on. */
async function deadPort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** Equal within `tol`. */
function close(a, b, tol = 1e-9) {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < tol, `[${i}]: ${x} vs ${b[i]}`));
}

const byId = (m) => new Map(Array.from(m.ids, (id, i) => [id, m.scores[i]]));

describe('ResultCache: engine graphs', () => {
  test('computed on the first call, then served from Redis with the same values', async () => {
    const before = cache.stats();
    const first = await cache.metric(tenant, 'email', 'pagerank');
    assert.equal(first.source, 'computed');
    assert.equal(first.version, tenant.version('email'));
    assert.equal(typeof first.version, 'number');
    assert.ok(first.scores instanceof Float64Array);
    assert.deepEqual([...first.ids].sort(), ['ann', 'bob', 'cy', 'dan']);
    const stamped = await tenant.pagerank('email');
    const expected = new Map(Array.from(stamped.graph.nodeIds(), (id, i) => [id, stamped.scores[i]]));
    // The engine warm-starts PageRank from its previous result: equal to the tolerance (1e-6, L1).
    for (const [id, v] of byId(first)) assert.ok(Math.abs(v - expected.get(id)) < 1e-5, `${id}: ${v} vs ${expected.get(id)}`);

    const second = await cache.metric(tenant, 'email', 'pagerank');
    assert.equal(second.source, 'cache');
    assert.equal(second.version, first.version);
    assert.deepEqual(second.ids, first.ids);
    assert.deepEqual(second.scores, first.scores);
    const after = cache.stats();
    assert.equal(after.hits - before.hits, 1);
    assert.equal(after.computed - before.computed, 1);
    assert.ok(after.stored - before.stored >= 1);
  });

  test('a new version is a new key: computed again, then cached', async () => {
    const v0 = tenant.version('email');
    await tenant.importEdges('email', { src: ['eve'], dst: ['ann'] });
    const m = await cache.metric(tenant, 'email', 'degree');
    assert.equal(m.source, 'computed');
    assert.equal(m.version, v0 + 1);
    assert.equal(byId(m).get('ann'), 1 + 3 + 0.5 + 1); // weighted degree, both directions
    assert.equal((await cache.metric(tenant, 'email', 'degree')).source, 'cache');
  });

  test('warm stores and publishes: the next reader hits; published() reads without an engine', async () => {
    await tenant.importEdges('email', { src: ['fay'], dst: ['bob'], weight: [2] });
    const w = await cache.warm(tenant, 'email', ['degree', 'pagerank', 'betweenness']);
    assert.deepEqual(w, { version: tenant.version('email'), stored: 3 });
    for (const name of ['degree', 'pagerank', 'betweenness']) {
      const m = await cache.metric(tenant, 'email', name);
      assert.equal(m.source, 'cache', name);
      assert.equal(m.version, w.version);
    }
    assert.equal(await cache.current(tenantId, 'email'), w.version);
    const p = await cache.published(tenantId, 'email', 'degree');
    assert.equal(p.source, 'cache');
    assert.equal(p.version, w.version);
    assert.equal(byId(p).get('bob'), 1 + 2 + 2);
    assert.equal(await cache.current(tenantId, 'nothing-here'), null);
    assert.equal(await cache.published(tenantId, 'nothing-here', 'degree'), null);
  });

  test('purgeTenant removes every key of the tenant; the next call computes', async () => {
    await cache.metric(tenant, 'email', 'degree');
    const removed = await cache.purgeTenant(tenantId);
    assert.ok(removed >= 4, `removed ${removed}`); // three warmed results, older ones and the published version
    assert.equal(await cache.current(tenantId, 'email'), null);
    assert.equal((await cache.metric(tenant, 'email', 'degree')).source, 'computed');
    assert.equal(await cache.purgeTenant(`${tenantId}-nobody`), 0);
  });
});

describe('ResultCache: graphs the caller holds', () => {
  test('graphMetric by the version the caller names; warmGraph publishes it; BigInt versions', async () => {
    const g = await ona.Graph.fromEdges([1, 2, 3], [2, 3, 1], { directed: true, weight: [1, 1, 2] });
    const version = 2n ** 63n + 5n; // a Neo4j-style hash: above 2^53
    const first = await cache.graphMetric(tenantId, 'held', version, g, 'pagerank');
    assert.equal(first.source, 'computed');
    assert.equal(first.version, version);
    assert.ok(first.ids instanceof Float64Array);
    assert.deepEqual([...first.ids], [...g.nodeIds()]);
    close(first.scores, await ona.pagerank(g));
    const again = await cache.graphMetric(tenantId, 'held', version, g, 'pagerank');
    assert.equal(again.source, 'cache');
    assert.deepEqual(again.scores, first.scores);

    const stored = await cache.warmGraph(tenantId, 'held', 7, g, ['degree', 'betweenness']);
    assert.equal(stored, 2);
    assert.equal(await cache.current(tenantId, 'held'), 7);
    const p = await cache.published(tenantId, 'held', 'betweenness');
    assert.equal(p.version, 7);
    close(p.scores, await ona.betweennessCentrality(g));
    assert.equal(await cache.published(tenantId, 'held', 'pagerank'), null); // not warmed for version 7
    await cache.warmGraph(tenantId, 'held', version, g, ['pagerank']);
    assert.equal(await cache.current(tenantId, 'held'), version);
    assert.equal(typeof (await cache.current(tenantId, 'held')), 'bigint');
  });

  test('an aborted graphMetric rejects with ONA_CANCELLED', async () => {
    const g = await ona.generateOrg({ people: 2000, seed: 3 });
    const ac = new AbortController();
    ac.abort('stop');
    await fails('ONA_CANCELLED', () => cache.graphMetric(tenantId, 'org', 1, g, 'betweenness', { signal: ac.signal }));
  });
});

describe('ResultCache: Redis unreachable', () => {
  test('metric and graphMetric still answer (computed), counted as unavailable; admin calls fail with ONA_IO', async () => {
    const down = new ona.ResultCache(`redis://127.0.0.1:${await deadPort()}`);
    const t0 = performance.now();
    const m = await down.metric(tenant, 'email', 'pagerank');
    assert.equal(m.source, 'computed');
    assert.equal(m.version, tenant.version('email'));
    const again = await down.metric(tenant, 'email', 'pagerank');
    assert.equal(again.source, 'computed');
    close(again.scores, m.scores, 1e-5); // computed again, warm-started from the first
    const g = await ona.Graph.fromEdges(['a', 'b'], ['b', 'c']);
    const gm = await down.graphMetric(tenantId, 'x', 1, g, 'degree');
    assert.equal(gm.source, 'computed');
    assert.deepEqual(gm.ids, ['a', 'b', 'c']);
    assert.deepEqual([...gm.scores], [1, 2, 1]);
    assert.ok(performance.now() - t0 < 5000, 'no long waits with Redis down');
    const s = down.stats();
    assert.ok(s.redisUnavailable >= 3, JSON.stringify(s));
    assert.equal(s.hits, 0);
    assert.equal((await down.warm(tenant, 'email', ['degree'])).stored, 0);
    await fails('ONA_IO', () => down.purgeTenant(tenantId), /redis/i);
    await fails('ONA_IO', () => down.current(tenantId, 'email'));
    await fails('ONA_IO', () => down.published(tenantId, 'email', 'degree'));
  });
});

describe('ResultCache: typed errors', () => {
  test('bad arguments, unknown metric, bad names, engine refusals', async () => {
    await fails('ONA_INVALID_PARAMETER', () => cache.metric(tenant, 'email', 'closeness'), /closeness/);
    await fails('ONA_INVALID_PARAMETER', () => cache.warm(tenant, 'email', ['degree', 'nope']), /nope/);
    await fails('ONA_NOT_FOUND', () => cache.metric(tenant, 'no-such-graph', 'degree'), /no-such-graph/);
    await fails('ONA_INVALID_PARAMETER', () => cache.current('bad tenant:*', 'email'), /tenant/);
    await fails('ONA_INVALID_PARAMETER', () => cache.purgeTenant('a*b'), /tenant/);
    const g = await ona.Graph.fromEdges([0], [1]);
    await fails('ONA_INVALID_PARAMETER', () => cache.graphMetric(tenantId, 'g', -1, g, 'degree'), /version/);
    await fails('ONA_INVALID_PARAMETER', () => cache.graphMetric(tenantId, 'g', 1.5, g, 'degree'), /version/);
    await fails('ONA_INVALID_PARAMETER', () => cache.graphMetric(tenantId, 'g', 1, {}, 'degree'), /Graph/);
    await fails('ONA_INVALID_PARAMETER', () => cache.graphMetric(tenantId, 'g', 1, g, 'degree', { sigal: 1 }), /sigal/);
    await fails('ONA_INVALID_PARAMETER', () => new ona.ResultCache(url, { ttlS: 0 }), /ttlS/);
    await fails('ONA_INVALID_PARAMETER', () => new ona.ResultCache(url, { ttl: 5 }), /ttl/);
    await fails('ONA_IO', () => new ona.ResultCache('not a url'));
  });

  test('a poisoned value is detected by its checksum and recomputed', async () => {
    const g = await ona.Graph.fromEdges([0, 1], [1, 2]);
    const first = await cache.graphMetric(tenantId, 'poison', 3, g, 'degree');
    assert.equal(first.source, 'computed');
    // Overwrite the stored payload through Redis itself (RESP over a socket).
    const key = await redisKeys(`ona:{${tenantId}}:poison:v3:degree:*`);
    assert.equal(key.length, 1, `keys: ${key}`);
    await redis(['SET', key[0], 'garbage, not an Arrow table']);
    const before = cache.stats();
    const back = await cache.graphMetric(tenantId, 'poison', 3, g, 'degree');
    assert.equal(back.source, 'computed');
    assert.deepEqual(back.scores, first.scores);
    assert.equal(cache.stats().corrupt - before.corrupt, 1);
    assert.equal((await cache.graphMetric(tenantId, 'poison', 3, g, 'degree')).source, 'cache');
  });
});

// ---------------------------------------------------------------- a tiny RESP client for the poisoning test

function redis(args) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const r = parse(buf);
      if (r !== undefined) {
        s.end();
        resolve(r[0]);
      }
    });
    s.on('error', reject);
    s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

/** One RESP value from the start of `b`: [value, rest], or undefined if incomplete. */
function parse(b) {
  const nl = b.indexOf('\r\n');
  if (nl < 0) return undefined;
  const head = b.slice(1, nl);
  const rest = b.slice(nl + 2);
  switch (b[0]) {
    case '+': return [head, rest];
    case '-': throw new Error(head);
    case ':': return [Number(head), rest];
    case '$': {
      const n = Number(head);
      if (n < 0) return [null, rest];
      return rest.length < n + 2 ? undefined : [rest.slice(0, n), rest.slice(n + 2)];
    }
    case '*': {
      const out = [];
      let r = rest;
      for (let i = 0; i < Number(head); i++) {
        const x = parse(r);
        if (x === undefined) return undefined;
        out.push(x[0]);
        r = x[1];
      }
      return [out, r];
    }
    default: throw new Error(`RESP: ${b.slice(0, 20)}`);
  }
}

async function redisKeys(pattern) {
  return redis(['KEYS', pattern]);
}

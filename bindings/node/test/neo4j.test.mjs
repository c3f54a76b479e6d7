// ona.Neo4j against a real Neo4j (ONA_NEO4J_URI; scripts/test-node.sh starts
// one through scripts/servers.sh unless it is set): load a small
// organisation with Cypher, project it, compare with the same graph built
// in memory, compute PageRank and Louvain, write back, read back exactly,
// cache by the projection's version, typed errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import * as ona from '../dist/index.js';

// 12 people in 3 departments, weighted e-mail ties; 111 is isolated.
const PEOPLE = Array.from({ length: 12 }, (_, i) => ({ id: 100 + i, department: ['sales', 'eng', 'ops'][i % 3] }));
const LINKS = [
  [100, 101, 3.0, 1_700_000_000], [101, 100, 1.5, 1_700_000_100], [101, 102, 2.0, 1_700_000_200],
  [102, 103, 0.25, 1_700_000_300], [103, 100, 1.0, 1_700_000_400], [104, 105, 4.0, 1_700_000_500],
  [105, 106, 2.5, 1_700_000_600], [106, 104, 1.0, 1_700_000_700], [107, 108, 0.5, 1_700_000_800],
  [108, 109, 1.25, 1_700_000_900], [109, 110, 2.0, 1_700_001_000], [110, 107, 3.5, 1_700_001_100],
  [103, 107, 0.75, 1_700_001_200], [106, 110, 1.0, 1_700_001_300],
];

/** A label of this run alone (the server is shared). */
const label = `NodeOrg_${process.pid}_${Date.now()}`;
let neo;

const query = () => ({
  nodes: `MATCH (p:${label}) RETURN p.id AS id, p.department AS department ORDER BY p.id`,
  relationships: `MATCH (a:${label})-[r:EMAILED]->(b:${label}) WHERE r.ts >= $since RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp ORDER BY src, dst`,
  params: { since: 0 },
});

before(async () => {
  assert.ok(process.env.ONA_NEO4J_URI, 'ONA_NEO4J_URI is not set: run scripts/servers.sh start neo4j && . target/servers/env.sh');
  neo = await ona.Neo4j.connect(); // uri, user and password from the environment
  await neo.run(`UNWIND $people AS p CREATE (:${label} {id: p.id, department: p.department})`, { people: PEOPLE });
  await neo.run(
    `UNWIND $links AS l MATCH (a:${label} {id: l.src}), (b:${label} {id: l.dst}) CREATE (a)-[:EMAILED {weight: l.w, ts: l.ts}]->(b)`,
    { links: LINKS.map(([src, dst, w, ts]) => ({ src, dst, w, ts })) },
  );
});

after(async () => {
  if (neo) await neo.run(`MATCH (n:${label}) DETACH DELETE n`);
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

describe('Neo4j', () => {
  test('connect from the environment; rows come back as plain objects', async () => {
    assert.equal(neo.uri, process.env.ONA_NEO4J_URI);
    const rows = await neo.rows(
      `MATCH (p:${label}) WHERE p.id IN $ids RETURN p.id AS id, p.department AS d, 2.5 AS f, null AS n, [1, 'x'] AS l, {k: true} AS m, 9007199254740993 AS big ORDER BY id`,
      { ids: [100, 101] },
    );
    assert.deepEqual(rows, [
      { id: 100, d: 'sales', f: 2.5, n: null, l: [1, 'x'], m: { k: true }, big: 9007199254740993n },
      { id: 101, d: 'eng', f: 2.5, n: null, l: [1, 'x'], m: { k: true }, big: 9007199254740993n },
    ]);
    const [{ echo }] = await neo.rows('RETURN $p AS echo', { p: { a: [1, 2.5, 'x', null, true, -3n] } });
    assert.deepEqual(echo, { a: [1, 2.5, 'x', null, true, -3] });
  });

  test('project: the graph equals the same edges built in memory; its version follows the data', async () => {
    const p = await neo.project(query());
    assert.ok(p.graph instanceof ona.Graph);
    assert.deepEqual(p.counts, { nodes: 12, relationships: LINKS.length, maxTimestamp: 1_700_001_300 });
    assert.match(p.versionKey, /^[0-9a-f]{16}$/);
    assert.ok(typeof p.version === 'bigint' || Number.isSafeInteger(p.version));
    assert.equal(BigInt(p.version), Buffer.from(p.versionKey, 'hex').readBigUInt64LE());
    assert.equal(p.graph.isDirected(), true);
    assert.equal(p.graph.numberOfNodes(), 12);
    assert.equal(p.graph.numberOfEdges(), LINKS.length);
    assert.deepEqual([...p.graph.nodeIds()].sort(), PEOPLE.map((x) => x.id));
    const dept = p.graph.attribute('department');
    assert.equal(dept.values[dept.codes[p.graph.indexOf(104)]], 'eng');
    assert.equal(dept.values[dept.codes[p.graph.indexOf(105)]], 'ops');

    const mem = await ona.Graph.fromEdges(LINKS.map((l) => l[0]), LINKS.map((l) => l[1]), {
      weight: LINKS.map((l) => l[2]), directed: true, nodes: PEOPLE.map((x) => x.id),
    });
    const [a, b] = [await ona.pagerank(p.graph), await ona.pagerank(mem)];
    for (const id of mem.nodeIds()) assert.ok(Math.abs(a[p.graph.indexOf(id)] - b[mem.indexOf(id)]) < 1e-12, `pagerank of ${id}`);

    const same = await neo.project(query());
    assert.equal(same.version, p.version);
    const undirected = await neo.project({ ...query(), directed: false });
    assert.equal(undirected.graph.isDirected(), false);
    const later = await neo.project({ ...query(), params: { since: 1_700_000_500 } });
    assert.notEqual(later.versionKey, p.versionKey);
    assert.equal(later.counts.relationships, 9);
  });

  test('PageRank and Louvain written back, read back exactly', async () => {
    const { graph } = await neo.project(query());
    const pr = await ona.pagerank(graph);
    const communities = await ona.louvainCommunities(graph, { seed: 1 });
    const w = await neo.write(graph, 'pagerank', pr, { label, batchSize: 5 });
    assert.equal(w.rows, 12);
    assert.equal(w.batches, 3);
    assert.ok(w.seconds > 0);
    await neo.write(graph, 'community', communities, { label });
    const rows = await neo.rows(`MATCH (p:${label}) RETURN p.id AS id, p.pagerank AS pr, p.community AS c`);
    assert.equal(rows.length, 12);
    for (const r of rows) {
      const i = graph.indexOf(r.id);
      assert.equal(r.pr, pr[i], `pagerank of ${r.id} read back bit for bit`);
      assert.equal(r.c, communities[i]);
    }
  });

  test('the projection version keys the result cache', async () => {
    assert.ok(process.env.ONA_REDIS_URL, 'ONA_REDIS_URL is not set');
    const cache = new ona.ResultCache(process.env.ONA_REDIS_URL);
    const tenant = `node-neo4j-${process.pid}-${Date.now()}`;
    try {
      const p = await neo.project(query());
      const first = await cache.graphMetric(tenant, 'org', p.version, p.graph, 'pagerank');
      assert.equal(first.source, 'computed');
      assert.equal(first.version, p.version);
      const again = await cache.graphMetric(tenant, 'org', (await neo.project(query())).version, p.graph, 'pagerank');
      assert.equal(again.source, 'cache');
      assert.deepEqual(again.scores, await ona.pagerank(p.graph));
    } finally {
      await cache.purgeTenant(tenant);
    }
  });

  test('typed errors: rejected Cypher, unusable rows, missing nodes, bad names, unreachable server', async () => {
    const err = await fails('ONA_QUERY', () => neo.run('MATCH (n RETURN n'), /MATCH \(n RETURN n/);
    assert.ok(err.message.length > 'Neo4j query failed: MATCH (n RETURN n'.length, 'carries the server reason');
    await fails('ONA_QUERY', () => neo.rows('RETURN $missing + 1 AS x', {}), /missing/);
    await fails('ONA_QUERY', () => neo.project({ ...query(), nodes: 'RETURN nope' }));
    await fails('ONA_INVALID_TABLE', () => neo.project({ ...query(), nodes: `MATCH (p:${label}) RETURN p.id AS ident` }), /`id`/);
    await fails('ONA_INVALID_TABLE', () => neo.project({ ...query(), nodes: `MATCH (p:${label}) RETURN 1.5 AS id` }), /row 0/);
    const stranger = await ona.Graph.fromEdges([100, 999_999], [101, 100]);
    await fails('ONA_NOT_FOUND', () => neo.write(stranger, 'x', new Float64Array(3), { label }), /match no/);
    const { graph } = await neo.project(query());
    await fails('ONA_LENGTH_MISMATCH', () => neo.write(graph, 'x', new Float64Array(2), { label }), /2 values/);
    await fails('ONA_INVALID_PARAMETER', () => neo.write(graph, 'bad-name', new Float64Array(12), { label }), /bad-name/);
    await fails('ONA_INVALID_PARAMETER', () => neo.write(graph, 'x', [1, 2], { label }), /Float64Array/);
    await fails('ONA_INVALID_PARAMETER', () => neo.write(graph, 'x', new Float64Array(12), { lable: label }), /lable/);
    await fails('ONA_INVALID_PARAMETER', () => neo.write(graph, 'x', new Float64Array(12), { label, batchSize: 0 }), /batchSize/);
    await fails('ONA_INVALID_PARAMETER', () => neo.run('RETURN $f', { f: () => 1 }), /params\.f/);
    await fails('ONA_INVALID_PARAMETER', () => neo.run('RETURN $b', { b: 2n ** 70n }), /i64/);
    await fails('ONA_INVALID_PARAMETER', () => neo.rows('RETURN 1', [1]), /params/);
    await fails('ONA_INVALID_PARAMETER', () => neo.project({ ...query(), directed: 'yes' }), /directed/);
    await fails('ONA_INVALID_PARAMETER', () => ona.Neo4j.connect({ url: 'bolt://x' }), /url/);
    await fails('ONA_IO', () => ona.Neo4j.connect({ uri: 'bolt://127.0.0.1:1' }), /127\.0\.0\.1:1/);
  });
});

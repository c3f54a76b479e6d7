// Temporal diffs, the view simplification and the privacy helpers from
// Node: the same cases as bindings/python/tests/test_ona_diff.py. Formed
// and lost ties on hand-made graphs (people matched by id whatever their
// node order), degree deltas against plain-JS degree counts, NMI = 1 when
// communities do not change; the backbone against a sort of the scores and
// the induced subgraph computed here from the edge list; suppressed groups
// with a two-person group; error codes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as ona from '../dist/index.js';

// Two triangles {1,2,3}, {4,5,6} joined by the tie 3-4.
const TRI_SRC = [1, 1, 2, 4, 4, 5, 3];
const TRI_DST = [2, 3, 3, 5, 6, 6, 4];

const pairSet = (t) => new Set(t.u.map((u, i) => [u, t.v[i]].sort().join('|')));
const key = (a, b) => [a, b].sort().join('|');

async function rejects(p, code) {
  await assert.rejects(p, (e) => e instanceof ona.OnaError && e.code === code);
}

/** A seeded pseudo-random simple undirected graph on `n` nodes with `m` edges. */
function randomEdges(n, m, seed) {
  let x = seed >>> 0; // mulberry32
  const rnd = () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const seen = new Set();
  const edges = [];
  while (edges.length < m) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a === b || seen.has(key(a, b))) continue;
    seen.add(key(a, b));
    edges.push([a, b]);
  }
  return edges;
}

function degrees(edges) {
  const d = new Map();
  for (const [a, b] of edges) {
    d.set(a, (d.get(a) ?? 0) + 1);
    d.set(b, (d.get(b) ?? 0) + 1);
  }
  return d;
}

describe('temporalDiff', () => {
  test('formed and lost ties, joiners and leavers, matched by id', async () => {
    const before = await ona.Graph.fromEdges(['ann', 'bob', 'cy'], ['bob', 'cy', 'dee']);
    const after = await ona.Graph.fromEdges(['eve', 'bob', 'dee'], ['ann', 'ann', 'bob'], { nodes: ['eve', 'dee', 'bob', 'ann'] });
    const d = await ona.temporalDiff(before, after);
    assert.deepEqual(pairSet(d.formed), new Set([key('ann', 'eve'), key('bob', 'dee')]));
    assert.deepEqual(pairSet(d.lost), new Set([key('bob', 'cy'), key('cy', 'dee')]));
    assert.deepEqual(d.joined, ['eve']);
    assert.deepEqual(d.left, ['cy']);
    const s = d.summary;
    assert.deepEqual([s.kept, s.formed, s.lost, s.joined, s.left, s.stayed], [1, 2, 2, 1, 1, 3]);
    assert.equal(s.kept + s.lost, s.tiesBefore);
    assert.equal(d.directed, false);
    assert.equal(d.roles, null);
  });

  test('directed arcs and reweighting', async () => {
    const before = await ona.Graph.fromEdges([1, 2], [2, 3], { directed: true, weight: [1, 2] });
    const after = await ona.Graph.fromEdges([2, 2], [1, 3], { directed: true, weight: [1, 5] });
    const d = await ona.temporalDiff(before, after);
    assert.deepEqual([d.formed.u, d.formed.v], [[2], [1]]);
    assert.deepEqual([d.lost.u, d.lost.v], [[1], [2]]);
    assert.deepEqual([d.reweighted.u, d.reweighted.v, [...d.reweighted.before], [...d.reweighted.after]], [[2], [3], [2], [5]]);
    assert.equal((await ona.temporalDiff(before, after, { weight: null })).summary.reweighted, 0);
    assert.equal((await ona.temporalDiff(before, after, { weightTolerance: 3.5 })).summary.reweighted, 0);
  });

  test('degree deltas and top changes against plain counts', async () => {
    const e1 = randomEdges(40, 90, 1);
    const e2 = randomEdges(40, 110, 2).filter(([a, b]) => a < 35 && b < 35);
    e2.push([40, 1], [41, 2], [40, 41]);
    const n1 = Array.from({ length: 40 }, (_, i) => i);
    const n2 = [...Array.from({ length: 35 }, (_, i) => i), 40, 41];
    const g1 = await ona.Graph.fromEdges(e1.map((e) => e[0]), e1.map((e) => e[1]), { nodes: n1 });
    const g2 = await ona.Graph.fromEdges(e2.map((e) => e[0]), e2.map((e) => e[1]), { nodes: n2 });
    const d = await ona.temporalDiff(g1, g2, { topK: 3, seed: 11 });
    const [d1, d2] = [degrees(e1), degrees(e2)];
    assert.deepEqual(d.stayed, n1.slice(0, 35));
    const want = d.stayed.map((v) => (d2.get(v) ?? 0) - (d1.get(v) ?? 0));
    assert.deepEqual([...d.metrics.degree.delta], want);
    assert.deepEqual([...d.metrics.degree.before], d.stayed.map((v) => d1.get(v) ?? 0));
    const s1 = new Set(e1.map(([a, b]) => key(a, b)));
    const s2 = new Set(e2.map(([a, b]) => key(a, b)));
    assert.deepEqual(pairSet(d.formed), new Set([...s2].filter((x) => !s1.has(x))));
    assert.deepEqual(pairSet(d.lost), new Set([...s1].filter((x) => !s2.has(x))));
    assert.deepEqual(d.joined, [40, 41]);
    assert.deepEqual(d.left, [35, 36, 37, 38, 39]);
    const inc = d.stayed.map((v, i) => [want[i], v]).filter(([w]) => w > 0).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 3);
    assert.deepEqual(d.topChanges.degree.increases.map((c) => [c.delta, c.id]), inc);
    const dec = want.filter((w) => w < 0).sort((a, b) => a - b).slice(0, 3);
    assert.deepEqual(d.topChanges.degree.decreases.map((c) => c.delta), dec);
  });

  test('unchanged communities: NMI 1', async () => {
    const g = await ona.Graph.fromEdges(TRI_SRC, TRI_DST);
    const h = await ona.Graph.fromEdges(TRI_SRC.slice(0, -1), TRI_DST.slice(0, -1));
    const d = await ona.temporalDiff(g, h, { seed: 3 });
    assert.ok(Math.abs(d.drift.nmi - 1) < 1e-12);
    assert.ok(Math.abs(d.drift.ari - 1) < 1e-12);
    assert.equal(d.drift.common, 6);
    assert.deepEqual(d.drift.matches.map((m) => [m.jaccard, m.sizeBefore, m.sizeAfter]), [[1, 3, 3], [1, 3, 3]]);
    assert.deepEqual([d.drift.splits, d.drift.merges, d.drift.new, d.drift.vanished], [[], [], [], []]);
    assert.deepEqual(pairSet(d.lost), new Set([key(3, 4)]));
    assert.deepEqual(d.topChanges.degree.decreases.map((c) => c.id).sort(), [3, 4]);
    assert.equal(d.communitiesBefore.length, 6);
    const clique = [];
    for (let a = 1; a <= 6; a++) for (let b = a + 1; b <= 6; b++) clique.push([a, b]);
    const k = await ona.Graph.fromEdges(clique.map((e) => e[0]), clique.map((e) => e[1]));
    assert.ok((await ona.temporalDiff(g, k, { seed: 3 })).drift.nmi < 1);
  });

  test('pack: role changes with groups', async () => {
    const pairs = [];
    for (let i = 0; i < 50; i++) pairs.push([i, (i * 7 + 3) % 50], [i, (i * 11 + 5) % 50]);
    const ok = pairs.filter(([a, b]) => a !== b);
    const g = await ona.Graph.fromEdges(ok.map((e) => e[0]), ok.map((e) => e[1]));
    const a = ona.withNodeAttribute(g, 'dept', Array.from({ length: g.numberOfNodes() }, (_, i) => `d${i % 3}`));
    const d = await ona.temporalDiff(a, a, { pack: true, groupBy: 'dept' });
    assert.ok(d.roles !== null && 'broker' in d.roles);
    for (const r of Object.values(d.roles)) {
      assert.deepEqual([r.became, r.stopped], [[], []]);
      assert.equal(r.kept.length, r.countBefore);
    }
    assert.ok('betweenness' in d.metrics && 'cross_group_share' in d.metrics);
  });

  test('error codes', async () => {
    const g = await ona.Graph.fromEdges([1, 2], [2, 3]);
    const dg = await ona.Graph.fromEdges([1], [2], { directed: true });
    await rejects(ona.temporalDiff(g, dg), 'ONA_INVALID_PARAMETER');
    await rejects(ona.temporalDiff(g, g, { weightTolerance: -1 }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.temporalDiff(g, g, { minShare: 0 }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.temporalDiff(g, g, { topK: 0 }), 'ONA_INVALID_PARAMETER');
    const a = ona.withNodeAttribute(g, 'dept', ['x', 'y', 'x']);
    await rejects(ona.temporalDiff(a, g, { pack: true, groupBy: 'dept' }), 'ONA_NOT_FOUND');
    await rejects(ona.temporalDiff(a, a, { groupBy: 'dept' }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.temporalDiff(g, g, { nope: 1 }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.temporalDiff(g, g, { signal: AbortSignal.abort() }), 'ONA_CANCELLED');
  });
});

describe('simplifyForView', () => {
  const edges = randomEdges(80, 300, 4);
  const weights = edges.map((_, i) => 0.5 + ((i * 37) % 11) / 4);
  const build = (directed) =>
    ona.Graph.fromEdges(edges.map((e) => 1000 + e[0]), edges.map((e) => 1000 + e[1]), {
      weight: weights, directed, nodes: Array.from({ length: 80 }, (_, i) => 1000 + i),
    });
  // A permutation of 0..79: distinct scores.
  const scores = Float64Array.from({ length: 80 }, (_, i) => (i * 37) % 80);
  const topIds = (s, k) => [...s.keys()].sort((a, b) => s[b] - s[a] || a - b).slice(0, k).sort((a, b) => a - b).map((i) => 1000 + i);

  for (const directed of [false, true]) {
    test(`backbone is the top k and its induced subgraph (${directed ? 'directed' : 'undirected'})`, async () => {
      const g = await build(directed);
      const v = await ona.simplifyForView(g, { scores, maxNodes: 20, seed: 1 });
      const want = topIds(scores, 20);
      assert.deepEqual(v.ids, want);
      const kept = new Set(want);
      const induced = new Map();
      edges.forEach(([a, b], i) => {
        if (kept.has(1000 + a) && kept.has(1000 + b)) induced.set(directed ? `${1000 + a}>${1000 + b}` : key(1000 + a, 1000 + b), weights[i]);
      });
      const got = new Map(v.edges.u.map((u, i) => [directed ? `${u}>${v.edges.v[i]}` : key(u, v.edges.v[i]), v.edges.weight[i]]));
      assert.deepEqual(got, induced);
      assert.equal(v.layout.length, 40);
      assert.ok(v.layout.every((c) => Math.abs(c) <= 1));
      assert.equal(v.community, null);
      assert.equal(v.quotient, null);
    });
  }

  test('named scores, seed determinism', async () => {
    const g = await build(false);
    const pr = await ona.pagerank(g);
    const a = await ona.simplifyForView(g, { maxNodes: 10, seed: 5 });
    assert.deepEqual(a.ids, topIds(pr, 10));
    const b = await ona.simplifyForView(g, { scores: 'pagerank', maxNodes: 10, seed: 5 });
    assert.deepEqual(a.layout, b.layout);
    const c = await ona.simplifyForView(g, { maxNodes: 10, seed: 6 });
    assert.notDeepEqual(a.layout, c.layout);
    const deg = ona.degreeSync(g);
    assert.deepEqual((await ona.simplifyForView(g, { scores: 'degree', maxNodes: 10 })).ids, topIds(deg, 10));
    const bc = await ona.betweennessCentrality(g);
    assert.deepEqual((await ona.simplifyForView(g, { scores: 'betweenness', maxNodes: 10 })).ids, topIds(bc, 10));
    const all = await ona.simplifyForView(g, { maxNodes: 1000 });
    assert.equal(all.ids.length, 80);
    assert.equal(all.edges.u.length, 300);
  });

  test('community quotient', async () => {
    const g = await ona.Graph.fromEdges(TRI_SRC, TRI_DST);
    const v = await ona.simplifyForView(g, { scores: [1, 1, 3, 3, 1, 2], communities: [7, 7, 7, 4, 4, 4], maxNodes: 3, seed: 2 });
    assert.deepEqual(v.ids, [3, 4, 6]);
    assert.deepEqual([...v.community], [0, 1, 1]);
    const q = v.quotient;
    assert.deepEqual([[...q.labels], [...q.sizes], [...q.intraWeight], [...q.interWeight]], [[7, 4], [3, 3], [3, 3], [1, 1]]);
    const qe = q.edges.u.map((u, i) => [u, q.edges.v[i], q.edges.weight[i]]);
    assert.deepEqual(qe, [[0, 0, 3], [0, 1, 1], [1, 1, 3]]);
    assert.equal(q.layout.length, 4);
    const w = await ona.simplifyForView(g, { scores: [1, 1, 3, 3, 1, 2], communities: [[1, 2, 3], [4, 5, 6]], maxNodes: 3, seed: 2 });
    assert.deepEqual(w.layout, v.layout);
  });

  test('error codes', async () => {
    const g = await ona.Graph.fromEdges(TRI_SRC, TRI_DST);
    await rejects(ona.simplifyForView(g, { scores: [1, 2] }), 'ONA_LENGTH_MISMATCH');
    await rejects(ona.simplifyForView(g, { communities: [0, 1] }), 'ONA_LENGTH_MISMATCH');
    await rejects(ona.simplifyForView(g, { maxNodes: 0 }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.simplifyForView(g, { scores: 'closeness' }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.simplifyForView(g, { theta: -1 }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.simplifyForView(g, { scores: {} }), 'ONA_INVALID_PARAMETER');
  });
});

describe('privacy helpers', () => {
  test('suppressedGroups and groupSizes with a two-person group', async () => {
    const g = await ona.Graph.fromEdges([0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const labels = ['big', 'big', 'big', 'big', 'big', 'big', 'pair', 'pair', 'mid', null];
    assert.deepEqual(ona.suppressedGroups(g, labels).sort(), ['mid', 'pair']);
    assert.deepEqual(ona.suppressedGroups(g, labels, { minGroupSize: 2 }), ['mid']);
    assert.deepEqual(ona.suppressedGroups(g, labels, { minGroupSize: 1 }), []);
    assert.deepEqual(ona.groupSizes(g, labels), new Map([['big', 6], ['pair', 2], ['mid', 1]]));
    const a = ona.withNodeAttribute(g, 'team', labels);
    assert.deepEqual(ona.suppressedGroups(a, 'team').sort(), ['mid', 'pair']);
    assert.throws(() => ona.suppressedGroups(a, 'office'), { code: 'ONA_NOT_FOUND' });
    assert.throws(() => ona.groupSizes(g, ['x', 'y']), { code: 'ONA_LENGTH_MISMATCH' });
    assert.throws(() => ona.suppressedGroups(g, labels, { minGroupSize: -1 }), { code: 'ONA_INVALID_PARAMETER' });
  });
});

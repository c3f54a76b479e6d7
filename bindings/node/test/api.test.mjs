// The public surface: building graphs from every id kind, id mapping,
// result shapes, options, sync variants, determinism and concurrency.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const sum = (a) => a.reduce((x, y) => x + y, 0);

describe('Graph.fromEdges', () => {
  test('Uint32Array + numNodes: indices, isolated nodes included', async () => {
    const g = await ona.Graph.fromEdges(new Uint32Array([0, 1]), new Uint32Array([1, 2]), { numNodes: 5 });
    assert.equal(g.numberOfNodes(), 5);
    assert.equal(g.numberOfEdges(), 2);
    assert.deepEqual([...g.nodeIds()], [0, 1, 2, 3, 4]);
    assert.equal(g.indexOf(4), 4);
    assert.equal(g.indexOf(4n), 4);
  });

  test('numbers without numNodes: the distinct ids, ascending', async () => {
    for (const [src, dst] of [
      [[30, 10], [10, 20]],
      [new Float64Array([30, 10]), new Float64Array([10, 20])],
      [new Uint32Array([30, 10]), new Uint32Array([10, 20])],
    ]) {
      const g = await ona.Graph.fromEdges(src, dst, { nodes: [99] });
      assert.ok(g.nodeIds() instanceof Float64Array);
      assert.deepEqual([...g.nodeIds()], [10, 20, 30, 99]);
      assert.equal(g.indexOf(30), 2);
      assert.equal(g.has(99), true);
      assert.equal(g.has(31), false);
    }
    const big = ona.Graph.fromEdgesSync([2 ** 53 - 1], [0]);
    assert.deepEqual([...big.nodeIds()], [0, 2 ** 53 - 1]);
  });

  test('BigInts: the full u64 range', async () => {
    const g = await ona.Graph.fromEdges([2n ** 64n - 1n, 5n], [5n, 7n]);
    assert.ok(g.nodeIds() instanceof BigUint64Array);
    assert.deepEqual([...g.nodeIds()], [5n, 7n, 2n ** 64n - 1n]);
    assert.equal(g.indexOf(2n ** 64n - 1n), 2);
    assert.equal(g.indexOf(7), 1);
    const h = ona.Graph.fromEdgesSync(new BigUint64Array([1n]), new BigUint64Array([2n]), { nodes: [3n] });
    assert.equal(h.numberOfNodes(), 3);
  });

  test('strings: first-seen order, nodes first', async () => {
    const g = await ona.Graph.fromEdges(['bob', 'ann'], ['ann', 'cy'], { nodes: ['zoe'] });
    assert.deepEqual(g.nodeIds(), ['zoe', 'bob', 'ann', 'cy']);
    assert.equal(g.indexOf('cy'), 3);
  });

  test('weights: f64, f32, arrays; duplicate and self-loop policies', async () => {
    const src = [0, 1, 0, 2];
    const dst = [1, 0, 1, 2];
    const w = [1, 2, 4, 8];
    const strength = async (opts) => [...(await ona.degree(await ona.Graph.fromEdges(src, dst, { weight: w, ...opts }), { weight: 'weight' }))];
    assert.deepEqual(await strength({}), [7, 7, 16]); // sum; the loop counts twice
    assert.deepEqual(await strength({ duplicates: 'max' }), [4, 4, 16]);
    assert.deepEqual(await strength({ duplicates: 'first' }), [1, 1, 16]);
    assert.deepEqual(await strength({ selfLoops: 'drop' }), [7, 7, 0]);
    const g32 = ona.Graph.fromEdgesSync([0], [1], { weight: new Float32Array([0.5]) });
    assert.ok(g32.isWeighted());
    assert.deepEqual([...ona.degreeSync(g32, { weight: true })], [0.5, 0.5]);
    assert.ok(ona.Graph.fromEdgesSync([0], [1], { weight: new Float64Array([0.25]) }).isWeighted());
  });

  test('directed graphs', async () => {
    const g = await ona.Graph.fromEdges(['a', 'b'], ['b', 'c'], { directed: true });
    assert.equal(g.isDirected(), true);
    assert.deepEqual([...(await ona.inDegree(g))], [0, 1, 1]);
    assert.deepEqual([...ona.outDegreeSync(g)], [1, 1, 0]);
    assert.deepEqual([...ona.inDegreeCentralitySync(g)], [0, 0.5, 0.5]);
  });

  test('inputs are copied: changing them later changes nothing', async () => {
    const src = new Uint32Array([0, 1]);
    const dst = new Uint32Array([1, 2]);
    const pending = ona.Graph.fromEdges(src, dst, { numNodes: 3 });
    src.fill(2);
    dst.fill(2);
    const g = await pending;
    assert.deepEqual([...(await ona.degree(g))], [1, 2, 1]);
  });

  test('nodeIds returns a fresh copy', () => {
    const g = ona.Graph.fromEdgesSync(['a'], ['b']);
    const ids = g.nodeIds();
    ids[0] = 'changed';
    assert.deepEqual(g.nodeIds(), ['a', 'b']);
  });

  test('sync variants take no call options', () => {
    const g = ona.Graph.fromEdgesSync([0], [1]);
    assert.throws(() => ona.degreeSync(g, { signal: AbortSignal.abort() }), { code: 'ONA_INVALID_PARAMETER' });
  });

  test('memory and counts', () => {
    const g = ona.Graph.fromEdgesSync([0, 1, 1], [1, 1, 2]);
    assert.equal(g.numberOfSelfLoops(), 1);
    assert.equal(g.numberOfEdges(), 3);
    assert.ok(g.memoryBytes() > 0);
  });
});

describe('algorithms', () => {
  // ann - bob - cy - dee, bob - dee: bob brokers.
  const g = ona.Graph.fromEdgesSync(['ann', 'bob', 'bob', 'cy'], ['bob', 'cy', 'dee', 'dee']);

  test('results are typed arrays indexed by node', async () => {
    const pr = await ona.pagerank(g);
    assert.ok(pr instanceof Float64Array);
    assert.equal(pr.length, 4);
    assert.ok(Math.abs(sum(pr) - 1) < 1e-12);
    assert.equal(pr.buffer.byteLength, 4 * 8, 'the result owns exactly its values');
    assert.deepEqual(g.topK(pr, 1)[0].id, 'bob');
    assert.ok((await ona.connectedComponents(g)) instanceof Uint32Array);
    assert.ok((await ona.coreNumber(g)) instanceof Uint32Array);
    assert.deepEqual([...(await ona.triangles(g))], [0n, 1n, 1n, 1n]);
    assert.equal(await ona.transitivity(g), 0.6);
  });

  test('per-node options as arrays or Maps', async () => {
    const viaMap = await ona.pagerank(g, { personalization: new Map([['ann', 1]]) });
    const viaArray = await ona.pagerank(g, { personalization: [1, 0, 0, 0] });
    assert.deepEqual(viaMap, viaArray);
    const katz = await ona.katzCentrality(g, { beta: new Map([['ann', 1], ['bob', 1], ['cy', 1], ['dee', 1]]) });
    assert.deepEqual(katz, await ona.katzCentrality(g, { beta: 1 }));
    const h = await ona.harmonicCentrality(g, { sources: ['ann'] });
    assert.deepEqual([...h], [0, 1, 0.5, 0.5]);
  });

  test('paths take and give ids', async () => {
    assert.deepEqual(await ona.shortestPath(g, 'ann', 'dee'), ['ann', 'bob', 'dee']);
    assert.equal(await ona.shortestPathLength(g, 'ann', 'cy'), 2);
    const lonely = ona.Graph.fromEdgesSync(['a'], ['b'], { nodes: ['z'] });
    assert.equal(await ona.shortestPath(lonely, 'a', 'z'), null);
    assert.equal(await ona.shortestPathLength(lonely, 'a', 'z'), null);
    assert.deepEqual([...(await ona.singleSourceShortestPathLength(lonely, 'a'))], [Infinity, 0, 1]);
    const d = await ona.bfsDistances(lonely, 'a');
    assert.equal(d[lonely.indexOf('z')], ona.UNREACHABLE);
    const near = await ona.kHop(g, 'ann', 1);
    assert.deepEqual([...near.nodes].map((i) => g.nodeIds()[i]), ['ann', 'bob']);
    assert.deepEqual([...near.distances], [0, 1]);
  });

  test('weighted paths', async () => {
    const w = ona.Graph.fromEdgesSync([1, 2, 1], [2, 3, 3], { weight: [1, 1, 5] });
    assert.deepEqual(await ona.shortestPath(w, 1, 3, { weight: 'weight' }), [1, 2, 3]);
    assert.deepEqual(await ona.shortestPath(w, 1, 3), [1, 3]);
    assert.deepEqual([...(await ona.singleSourceDijkstraPathLength(w, 1))], [0, 1, 2]);
    assert.deepEqual([...(await ona.singleSourceDijkstraPathLength(w, 1, { cutoff: 1 }))], [0, 1, Infinity]);
  });

  test('egoGraph keeps ids and weights', async () => {
    const ego = await ona.egoGraph(g, 'ann');
    assert.deepEqual(ego.nodeIds(), ['ann', 'bob']);
    const ego2 = await ona.egoGraph(g, 'ann', { radius: 2, center: false });
    assert.deepEqual(ego2.nodeIds().sort(), ['bob', 'cy', 'dee']);
    const numeric = ona.Graph.fromEdgesSync([10, 20], [20, 30]);
    assert.deepEqual([...(await ona.egoGraph(numeric, 20)).nodeIds()], [10, 20, 30]);
  });

  test('edge betweenness as columns', async () => {
    const eb = await ona.edgeBetweennessCentrality(g, { normalized: false });
    assert.ok(eb.source instanceof Uint32Array && eb.target instanceof Uint32Array && eb.value instanceof Float64Array);
    assert.equal(eb.value.length, g.numberOfEdges());
    const ids = g.nodeIds();
    const annBob = [...eb.value.keys()].find((r) => ids[eb.source[r]] === 'ann' && ids[eb.target[r]] === 'bob');
    assert.equal(eb.value[annBob], 3);
  });

  test('hits, eigenvector, closeness, clustering', async () => {
    const { hubs, authorities } = await ona.hits(g);
    assert.ok(Math.abs(sum(hubs) - 1) < 1e-9 && Math.abs(sum(authorities) - 1) < 1e-9);
    assert.equal((await ona.eigenvectorCentrality(g)).length, 4);
    assert.equal((await ona.closenessCentrality(g, { wfImproved: false })).length, 4);
    assert.deepEqual([...(await ona.clustering(g))], [0, 1 / 3, 1, 1]);
    assert.ok(Math.abs((await ona.averageClustering(g, { countZeros: false })) - (1 / 3 + 2) / 3) < 1e-15);
  });

  test('sampled betweenness is seeded; the (ε, δ) approximation keeps its bound', async () => {
    const org = await ona.generateOrg({ people: 600, seed: 3 });
    const a = await ona.betweennessCentrality(org, { k: 50, seed: 7 });
    const b = await ona.betweennessCentrality(org, { k: 50, seed: 7 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, await ona.betweennessCentrality(org, { k: 50, seed: 8 }));
    const est = await ona.approximateBetweennessCentrality(org, { epsilon: 0.05, seed: 1 });
    assert.deepEqual(est, await ona.approximateBetweennessCentrality(org, { epsilon: 0.05, seed: 1 }));
    const exact = await ona.betweennessCentrality(org);
    const worst = Math.max(...exact.map((x, i) => Math.abs(x - est[i])));
    assert.ok(worst <= 0.05, `max error ${worst}`);
    assert.equal((await ona.approximateBetweennessCentrality(org, { maxSamples: 10 })).length, 600);
  });

  test('closeness of one node', async () => {
    const all = await ona.closenessCentrality(g);
    assert.equal(await ona.closenessCentrality(g, { u: 'bob' }), all[g.indexOf('bob')]);
  });

  test('strongly connected components and directed clustering', async () => {
    const d = ona.Graph.fromEdgesSync([0, 1, 2, 3], [1, 2, 1, 0], { directed: true });
    assert.deepEqual([...(await ona.stronglyConnectedComponents(d))], [0, 1, 1, 2]);
    assert.deepEqual([...(await ona.weaklyConnectedComponents(d))], [0, 0, 0, 0]);
    assert.equal(await ona.numberStronglyConnectedComponents(d), 3);
    assert.equal(await ona.numberWeaklyConnectedComponents(d), 1);
    assert.equal(await ona.numberConnectedComponents(ona.Graph.fromEdgesSync([0, 2], [1, 3])), 2);
  });
});

describe('communities', () => {
  // Two 4-cliques joined by one edge.
  const src = [];
  const dst = [];
  for (const base of [0, 4]) for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) src.push(base + i), dst.push(base + j);
  src.push(3);
  dst.push(4);
  const g = ona.Graph.fromEdgesSync(src, dst);
  const two = [0, 0, 0, 0, 1, 1, 1, 1];

  test('Louvain, Leiden and label propagation find the two cliques', async () => {
    for (const p of [
      await ona.louvainCommunities(g, { seed: 1 }),
      await ona.leidenCommunities(g, { seed: 1 }),
      await ona.asynLpaCommunities(g, { seed: 1 }),
      await ona.labelPropagationCommunities(g),
    ]) {
      assert.ok(p instanceof Uint32Array);
      assert.deepEqual([...p], two);
    }
    const levels = await ona.louvainPartitions(g, { seed: 1 });
    assert.ok(levels.length >= 1);
    assert.deepEqual([...levels.at(-1)], two);
    const cpm = await ona.leidenCommunities(g, { objective: 'cpm', resolution: 0.5, seed: 2, nIterations: -1 });
    assert.equal(cpm.length, 8);
    assert.deepEqual([...(await ona.leidenCommunities(g, { initialMembership: two, seed: 3 }))], two);
  });

  test('modularity and partition quality from labels or sets of ids', async () => {
    const q = await ona.modularity(g, two);
    assert.equal(await ona.modularity(g, [[0, 1, 2, 3], new Set([4, 5, 6, 7])]), q);
    assert.ok(q > 0.4 && q < 0.5);
    const [coverage, performance] = await ona.partitionQuality(g, new Uint32Array(two));
    assert.equal(coverage, 12 / 13);
    assert.ok(performance > 0.9);
    await assert.rejects(ona.modularity(g, [[0, 1], [1, 2, 3, 4, 5, 6, 7]]), { code: 'ONA_INVALID_PARAMETER' });
  });

  test('the community graph and partition comparisons', async () => {
    const q = await ona.communityGraph(g, two);
    assert.equal(q.numberOfNodes(), 2);
    assert.equal(q.numberOfEdges(), 3);
    assert.deepEqual([...q.nodeIds()], [0, 1]);
    assert.equal(await ona.normalizedMutualInformation(two, [7, 7, 7, 7, 3, 3, 3, 3]), 1);
    assert.equal(await ona.adjustedRandIndex(two, two), 1);
    assert.equal(await ona.variationOfInformation(new Uint32Array(two), two), 0);
    await assert.rejects(ona.adjustedRandIndex(two, [0]), { code: 'ONA_LENGTH_MISMATCH' });
  });
});

describe('generators, attributes, concurrency', () => {
  test('generateOrg is seeded and carries attributes', async () => {
    const a = await ona.generateOrg({ people: 500, seed: 42 });
    const b = await ona.generateOrg({ people: 500, seed: 42 });
    assert.equal(a.numberOfEdges(), b.numberOfEdges());
    assert.deepEqual(await ona.pagerank(a), await ona.pagerank(b));
    assert.equal(a.nodeIds()[0], 'p000000');
    assert.deepEqual(a.attributeNames(), ['department', 'team', 'role']);
    const role = a.attribute('role');
    assert.equal(role.codes.length, 500);
    assert.ok(role.values.includes('manager'));
    assert.equal(a.attribute('nope'), undefined);
  });

  test('generateRmat is seeded', async () => {
    const a = await ona.generateRmat({ scale: 8, seed: 1 });
    const b = await ona.generateRmat({ scale: 8, seed: 1 });
    assert.equal(a.numNodes, 256);
    assert.equal(a.src.length, 16 * 256);
    assert.deepEqual(a.src, b.src);
  });

  test('many concurrent calls all settle, in any order', async () => {
    const org = await ona.generateOrg({ people: 2000, seed: 1 });
    const want = await ona.pagerank(org);
    const runs = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      i % 2 ? ona.pagerank(org) : ona.coreNumber(org)));
    runs.forEach((r, i) => {
      if (i % 2) assert.deepEqual(r, want);
      else assert.equal(r.length, 2000);
    });
  });

  test('numThreads reports the pool size', () => {
    assert.ok(ona.numThreads() >= 1);
  });
});

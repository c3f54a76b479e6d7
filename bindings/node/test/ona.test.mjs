// The ONA layer from Node: values on a tiny hand-made organisation, pinned
// to NetworkX 3.6.1 (computed with /work/venv-golden: nx.constraint,
// nx.effective_size(G, nodes=[v]), nx.reciprocity(G, G.nodes),
// nx.overall_reciprocity, nx.attribute_assortativity_coefficient,
// nx.attribute_mixing_matrix(normalized=False)) and to hand-worked E-I
// indices, cut points and brokerage roles (the same cases as
// bindings/python/tests/test_ona.py); error codes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const PEOPLE = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];
const ARCS = [
  ['ann', 'bob'], ['bob', 'ann'], ['bob', 'cy'], ['cy', 'dee'], ['dee', 'cy'],
  ['dee', 'eve'], ['eve', 'ann'], ['fay', 'dee'], ['cy', 'fay'],
];
const DEPT = ['sales', 'sales', 'eng', 'eng', 'ops', 'eng'];

async function org(directed = true) {
  const g = await ona.Graph.fromEdges(ARCS.map((a) => a[0]), ARCS.map((a) => a[1]), { directed, nodes: PEOPLE });
  return ona.withNodeAttribute(g, 'department', DEPT);
}

function close(got, want, tol = 1e-12) {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) assert.ok(Number.isNaN(got[i]), `[${i}] = ${got[i]}, want NaN`);
    else assert.ok(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i])), `[${i}] = ${got[i]}, want ${want[i]}`);
  }
}

async function rejects(p, code) {
  await assert.rejects(p, (e) => e instanceof ona.OnaError && e.code === code);
}

describe('node attributes', () => {
  test('withNodeAttribute copies the graph and sets the labels', async () => {
    const g = await ona.Graph.fromEdges(['a'], ['b']);
    const h = ona.withNodeAttribute(g, 'team', new Map([['b', 'x']]));
    assert.deepEqual(g.attributeNames(), []);
    assert.deepEqual(h.attributeNames(), ['team']);
    assert.deepEqual(ona.nodeAttribute(h, 'team'), [null, 'x']);
    assert.deepEqual(h.nodeIds(), ['a', 'b']);
    assert.throws(() => ona.nodeAttribute(h, 'office'), (e) => e instanceof ona.OnaError && e.code === 'ONA_NOT_FOUND');
    assert.throws(() => ona.withNodeAttribute(g, 'team', ['x']), (e) => e.code === 'ONA_LENGTH_MISMATCH');
    assert.throws(() => ona.withNodeAttribute(g, 'team', new Map([['zed', 'x']])), (e) => e.code === 'ONA_UNKNOWN_NODE');
  });
});

describe('structural holes and reciprocity (NetworkX values)', () => {
  test('directed org', async () => {
    const g = await org();
    close(await ona.constraint(g), [0.5555555555555556, 0.5555555555555556, 0.59375, 0.59375, 0.5, 1.125]);
    close(await ona.effectiveSize(g), [2.0, 2.0, 2.375, 2.375, 2.0, 1.0]);
    close(await ona.reciprocity(g), [2 / 3, 2 / 3, 0.5, 0.5, 0, 0]);
    close([await ona.overallReciprocity(g)], [0.4444444444444444]);
    const h = await ona.structuralHoles(g);
    assert.deepEqual([...h.constraint], [...(await ona.constraint(g))]);
    assert.deepEqual([...h.hierarchy], [...(await ona.hierarchy(g))]);
    assert.deepEqual([...h.efficiency], [...(await ona.efficiency(g))]);
  });

  test('undirected org', async () => {
    const g = await org(false);
    close(await ona.constraint(g), [0.5, 0.5, 0.558641975308642, 0.558641975308642, 0.5, 0.8888888888888888]);
  });
});

describe('cuts (hand-worked)', () => {
  test('a path a-b-c-d-e: every edge a bridge, b c d cut points', async () => {
    const g = await ona.Graph.fromEdges(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'e'], { nodes: ['a', 'b', 'c', 'd', 'e'] });
    const b = await ona.bridges(g);
    assert.deepEqual([...b.source], [0, 1, 2, 3]);
    assert.deepEqual([...b.target], [1, 2, 3, 4]);
    const a = await ona.articulationPoints(g);
    assert.deepEqual([...a.points], [1, 2, 3]);
    assert.deepEqual([...a.cutOff], [0, 1, 2, 1, 0]);
  });

  test('the org has neither', async () => {
    const g = await org();
    assert.equal((await ona.bridges(g)).source.length, 0);
    assert.equal((await ona.articulationPoints(g)).points.length, 0);
  });
});

describe('groups', () => {
  test('mixing matrix and assortativity (NetworkX values)', async () => {
    const g = await org();
    const m = await ona.groupMixing(g, 'department');
    assert.deepEqual(m.groups, ['sales', 'eng', 'ops']);
    assert.deepEqual([...m.sizes], [2, 3, 1]);
    assert.deepEqual([...m.counts], [2, 1, 0, 0, 4, 1, 1, 0, 0]);
    close([m.density[0], m.density[4]], [2 / 2, 4 / 6]);
    close([await ona.attributeAssortativity(g, 'department')], [0.4130434782608695]);
    close([await ona.attributeAssortativity(g, DEPT)], [0.4130434782608695]);
  });

  test('E-I index by hand: two teams on a path', async () => {
    const g = await ona.Graph.fromEdges(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'e'], { nodes: ['a', 'b', 'c', 'd', 'e'] });
    const labels = ['red', 'red', 'red', 'blue', 'blue'];
    const e = await ona.eiIndex(g, labels);
    close(e.node, [-1, -1, 0, 0, -1]);
    assert.deepEqual(e.groups, ['red', 'blue']);
    close(e.group, [-1 / 3, 0]);
    close([e.network, e.networkExternal, e.networkInternal], [-0.5, 1, 3]);
    const byName = await ona.eiIndex(ona.withNodeAttribute(g, 'team', labels), 'team');
    assert.deepEqual([...byName.node], [...e.node]);
    const byMap = await ona.eiIndex(g, new Map([['a', 'red'], ['b', 'red'], ['d', 'blue'], ['e', 'blue']]));
    assert.ok(Number.isNaN(byMap.node[2]));
    close(await ona.crossGroupShare(g, labels), [0, 0, 0.5, 0.5, 0]);
  });

  test('E-I out-ties on the directed org', async () => {
    const g = await org();
    const e = await ona.eiIndex(g, 'department', { direction: 'out' });
    // Out-ties reaching another department: bob->cy, dee->eve, eve->ann.
    assert.deepEqual([...e.nodeExternal], [0, 1, 0, 1, 1, 0]);
    assert.deepEqual([...e.nodeInternal], [1, 1, 2, 1, 0, 1]);
  });

  test('brokerage roles by hand', async () => {
    const g = await ona.Graph.fromEdges([...'abcdc'], [...'bcdef'], { directed: true, nodes: [...'abcdef'] });
    const b = await ona.brokerage(g, ['A', 'A', 'B', 'C', 'D', 'B']);
    assert.deepEqual([...b.representative], [0, 1, 0, 0, 0, 0]);
    assert.deepEqual([...b.gatekeeper], [0, 0, 1, 0, 0, 0]);
    assert.deepEqual([...b.liaison], [0, 0, 1, 1, 0, 0]);
    assert.deepEqual([...b.total], [0, 1, 2, 1, 0, 0]);
  });
});

describe('layout', () => {
  test('seeded: same seed, same positions', async () => {
    const g = await org(false);
    const p = await ona.springLayout(g, { seed: 3 });
    assert.equal(p.length, 12);
    assert.ok(p.every(Number.isFinite));
    assert.deepEqual([...p], [...(await ona.springLayout(g, { seed: 3 }))]);
    assert.notDeepEqual([...p], [...(await ona.springLayout(g, { seed: 4 }))]);
  });
});

describe('errors', () => {
  test('unknown attribute: ONA_NOT_FOUND', async () => {
    const g = await org();
    await rejects(ona.eiIndex(g, 'office'), 'ONA_NOT_FOUND');
    await rejects(ona.groupMixing(g, 'office'), 'ONA_NOT_FOUND');
    await rejects(ona.brokerage(g, 'office'), 'ONA_NOT_FOUND');
    await rejects(ona.attributeAssortativity(g, 'office'), 'ONA_NOT_FOUND');
  });

  test('directed-only measures on undirected graphs: ONA_UNSUPPORTED', async () => {
    const g = await org(false);
    await rejects(ona.reciprocity(g), 'ONA_UNSUPPORTED');
    await rejects(ona.overallReciprocity(g), 'ONA_UNSUPPORTED');
    await rejects(ona.brokerage(g, 'department'), 'ONA_UNSUPPORTED');
    await rejects(ona.eiIndex(g, 'department', { direction: 'in' }), 'ONA_UNSUPPORTED');
  });

  test('bad arguments', async () => {
    const g = await org();
    await rejects(ona.eiIndex(g, ['x']), 'ONA_LENGTH_MISMATCH');
    await rejects(ona.eiIndex(g, 'department', { direction: 'up' }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.constraint(g, { weights: true }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.springLayout(g, { k: -1 }), 'ONA_INVALID_PARAMETER');
    await rejects(ona.eiIndex(g, 42), 'ONA_INVALID_PARAMETER');
    const signal = AbortSignal.abort();
    await rejects(ona.constraint(g, { signal }), 'ONA_CANCELLED');
  });
});

describe('ties, reach, overload, privacy', () => {
  const path = () => ona.Graph.fromEdges(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'e'], { nodes: ['a', 'b', 'c', 'd', 'e'] });

  test('ties and reach on a path (hand-worked)', async () => {
    const g = await path();
    const t = await ona.ties(g);
    assert.deepEqual([...t.source], [0, 1, 2, 3]);
    assert.deepEqual([...t.overlap], [0, 0, 0, 0]);
    assert.deepEqual(t.kind, ['diverse', 'diverse', 'diverse', 'diverse']);
    const p = await ona.tieProfile(g);
    assert.deepEqual([...p.diverse], [1, 2, 2, 2, 1]);
    assert.deepEqual([...p.strong], [0, 0, 0, 0, 0]);
    assert.deepEqual([...(await ona.twoStepReach(g))], [2, 3, 4, 3, 2]);
    close(await ona.reachShare(g), [0.5, 0.75, 1, 0.75, 0.5]);
    const d = await ona.Graph.fromEdges([0, 1, 2], [1, 2, 3], { directed: true });
    assert.deepEqual([...(await ona.twoStepReach(d))], [2, 2, 1, 0]);
    assert.deepEqual([...(await ona.twoStepReach(d, { direction: 'both' }))], [2, 3, 3, 2]);
    const e = await ona.egoSummaries(g, { groups: ['x', 'x', 'y', 'y', 'z'] });
    assert.deepEqual([...e.size], [1, 2, 2, 2, 1]);
    assert.deepEqual([...e.strength], [1, 2, 2, 2, 1]);
    assert.deepEqual([...e.groupsReached], [0, 1, 1, 1, 1]);
    assert.equal((await ona.egoSummaries(g)).groupsReached, undefined);
  });

  test('collaboration overload with suppression', async () => {
    const g = await org();
    const r = await ona.collaborationOverload(g, 'department', { minGroupSize: 3 });
    assert.deepEqual([...r.load], [2, 1, 2, 2, 1, 1]);
    assert.deepEqual([...r.network.top], [0, 2, 3]);
    assert.equal(r.network.group, null);
    assert.deepEqual(r.groups.map((x) => [x.group, x.size, x.suppressed]), [['sales', 2, true], ['eng', 3, false], ['ops', 1, true]]);
    assert.ok(Number.isNaN(r.groups[0].gini) && r.groups[0].suppressedReason.includes('suppressed'));
    close([r.network.gini], [ona.gini(r.load)]);
    assert.equal(ona.gini([0, 0, 0, 4]), 0.75);
  });

  test('pseudonyms: stable per key', async () => {
    const g = await org();
    const key = new Uint8Array(32).fill(7);
    const p = ona.pseudonymize(g, key);
    assert.equal(p.length, 6);
    assert.ok(p.every((s) => s.startsWith('p_') && s.length === 18));
    assert.deepEqual(p, ona.pseudonymize(g, Buffer.alloc(32, 7)));
    assert.notDeepEqual(p, ona.pseudonymize(g, new Uint8Array(32)));
    assert.throws(() => ona.pseudonymize(g, new Uint8Array(3)), (e) => e.code === 'ONA_INVALID_PARAMETER');
  });
});

describe('metricPack', () => {
  test('columns equal the stand-alone measures; small groups suppressed', async () => {
    const g = await org();
    const p = await ona.metricPack(g, { groups: 'department', minGroupSize: 3 });
    assert.deepEqual([...p.people.constraint], [...(await ona.constraint(g))]);
    assert.deepEqual([...p.people.reciprocity], [...(await ona.reciprocity(g))]);
    assert.deepEqual([...p.people.two_step_reach], [...(await ona.twoStepReach(g))]);
    assert.deepEqual(p.people.group, DEPT);
    assert.equal(p.people.role.length, 6);
    assert.deepEqual(p.groups.group, ['eng']);
    assert.deepEqual(p.suppressedGroups, ['sales', 'ops']);
    assert.ok(p.betweennessExact);
    close([p.networkEiIndex], [(await ona.eiIndex(g, 'department')).network]);
    const bare = await ona.metricPack(g);
    assert.equal(bare.groups, undefined);
    assert.equal(bare.people.group, undefined);
    await rejects(ona.metricPack(g, { groups: 'office' }), 'ONA_NOT_FOUND');
  });
});

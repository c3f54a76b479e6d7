// Replays every testdata/golden/*.json case (NetworkX's answers) through the
// public API, as the Rust runner (crates/ona-core/tests/it/golden.rs) does:
// same tolerance rule, partitions up to relabelling, edge rows in either
// orientation. An algorithm this runner does not know fails; a parameter is
// passed on as its camelCase option and the API rejects names it does not
// know, so an unmapped parameter fails too. Nothing is skipped.
//
// Each file's graph is built three ways: from its (integer) ids, from the
// same ids as strings, and from node indices (Uint32Array + numNodes), so
// every id path meets every algorithm. The integer-id build numbers nodes by
// ascending id; algorithms whose answer depends on node order (NetworkX's
// label propagation breaks ties by it) are checked on the builds that keep
// the file's order (at least two of the three).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const DIR = new URL('../../../testdata/golden/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** The public calls answering each NetworkX algorithm, labelled. */
const ALGORITHMS = {
  degree: { degree: (g, p) => ona.degree(g, p), degreeSync: async (g, p) => ona.degreeSync(g, p) },
  in_degree: { inDegree: (g, p) => ona.inDegree(g, p), inDegreeSync: async (g, p) => ona.inDegreeSync(g, p) },
  out_degree: { outDegree: (g, p) => ona.outDegree(g, p), outDegreeSync: async (g, p) => ona.outDegreeSync(g, p) },
  degree_centrality: {
    degreeCentrality: (g, p) => ona.degreeCentrality(g, p),
    degreeCentralitySync: async (g, p) => (assert.deepEqual(p, {}), ona.degreeCentralitySync(g)),
  },
  in_degree_centrality: {
    inDegreeCentrality: (g, p) => ona.inDegreeCentrality(g, p),
    inDegreeCentralitySync: async (g, p) => (assert.deepEqual(p, {}), ona.inDegreeCentralitySync(g)),
  },
  out_degree_centrality: {
    outDegreeCentrality: (g, p) => ona.outDegreeCentrality(g, p),
    outDegreeCentralitySync: async (g, p) => (assert.deepEqual(p, {}), ona.outDegreeCentralitySync(g)),
  },
  pagerank: {
    pagerank: (g, p) => ona.pagerank(g, p),
    'pagerank(power)': (g, p) => ona.pagerank(g, { ...p, solver: 'power' }),
  },
  eigenvector_centrality: { eigenvectorCentrality: (g, p) => ona.eigenvectorCentrality(g, p) },
  katz_centrality: { katzCentrality: (g, p) => ona.katzCentrality(g, p) },
  hits_hubs: { 'hits().hubs': async (g, p) => (await ona.hits(g, p)).hubs },
  hits_authorities: { 'hits().authorities': async (g, p) => (await ona.hits(g, p)).authorities },
  betweenness_centrality: { betweennessCentrality: (g, p) => ona.betweennessCentrality(g, p) },
  edge_betweenness_centrality: { edgeBetweennessCentrality: (g, p) => ona.edgeBetweennessCentrality(g, p) },
  closeness_centrality: { closenessCentrality: (g, p) => ona.closenessCentrality(g, p) },
  harmonic_centrality: { harmonicCentrality: (g, p) => ona.harmonicCentrality(g, p) },
  connected_components: { connectedComponents: (g, p) => ona.connectedComponents(g, p) },
  weakly_connected_components: { weaklyConnectedComponents: (g, p) => ona.weaklyConnectedComponents(g, p) },
  strongly_connected_components: { stronglyConnectedComponents: (g, p) => ona.stronglyConnectedComponents(g, p) },
  core_number: { coreNumber: (g, p) => ona.coreNumber(g, p) },
  triangles: { triangles: (g, p) => ona.triangles(g, p) },
  clustering: { clustering: (g, p) => ona.clustering(g, p) },
  average_clustering: { averageClustering: (g, p) => ona.averageClustering(g, p) },
  transitivity: { transitivity: (g, p) => ona.transitivity(g, p) },
  single_source_shortest_path_length: {
    singleSourceShortestPathLength: (g, { source, ...p }) => ona.singleSourceShortestPathLength(g, source, p),
    bfsDistances: async (g, { source, ...p }) =>
      Float64Array.from(await ona.bfsDistances(g, source, p), (d) => (d === ona.UNREACHABLE ? Infinity : d)),
  },
  modularity: { modularity: (g, { communities, ...p }) => ona.modularity(g, communities, p) },
  label_propagation_communities: { labelPropagationCommunities: (g, p) => ona.labelPropagationCommunities(g, p) },
  single_source_dijkstra_path_length: {
    singleSourceDijkstraPathLength: (g, { source, ...p }) => ona.singleSourceDijkstraPathLength(g, source, p),
  },
};

/** Algorithms whose result depends on the order of the nodes, not only on the graph. */
const ORDER_DEPENDENT = new Set(['label_propagation_communities']);

/** Communities as NetworkX gives them: collections of node ids (here Sets). */
function groups(ids, labels) {
  const by = new Map();
  labels.forEach((l, i) => by.set(l, (by.get(l) ?? new Set()).add(ids[i])));
  return [...by.values()];
}

/** The three builds of one file: each with its own node order and id of a file id. */
function builds(file) {
  const { nodes, edges, directed, weighted } = file;
  const weight = weighted ? Float64Array.from(edges, (e) => e[2]) : undefined;
  const position = new Map(nodes.map((id, i) => [id, i]));
  const asString = (id) => `n${id}`;
  return [
    {
      name: 'ids',
      graph: ona.Graph.fromEdgesSync(edges.map((e) => e[0]), edges.map((e) => e[1]), { directed, weight, nodes }),
      fileOrder: nodes.every((id, i) => i === 0 || nodes[i - 1] < id),
      id: (id) => id,
      perNode: (values) => new Map(nodes.map((id, i) => [id, values[i]])),
      communities: (labels) => groups(nodes, labels),
    },
    {
      name: 'string ids',
      graph: ona.Graph.fromEdgesSync(edges.map((e) => asString(e[0])), edges.map((e) => asString(e[1])), {
        directed,
        weight,
        nodes: nodes.map(asString),
      }),
      fileOrder: true,
      id: asString,
      perNode: (values) => new Map(nodes.map((id, i) => [asString(id), values[i]])),
      communities: (labels) => groups(nodes.map(asString), labels),
    },
    {
      name: 'indices',
      graph: ona.Graph.fromEdgesSync(
        Uint32Array.from(edges, (e) => position.get(e[0])),
        Uint32Array.from(edges, (e) => position.get(e[1])),
        { directed, weight, numNodes: nodes.length },
      ),
      fileOrder: true,
      id: (id) => position.get(id),
      perNode: (values) => Float64Array.from(values),
      communities: (labels) => Uint32Array.from(labels),
    },
  ];
}

const PER_NODE = new Set(['personalization', 'dangling', 'nstart']);

function options(params, build) {
  const out = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'source') out.source = build.id(value);
    else if (PER_NODE.has(key) && Array.isArray(value)) out[camel(key)] = build.perNode(value);
    else if (key === 'communities') out.communities = build.communities(value);
    else out[camel(key)] = value;
  }
  return out;
}

const close = (e, x, rtol, atol) => Math.abs(e - x) <= atol + rtol * Math.abs(e) || e === x;

/** Mismatches of `got` (indexed by node index of `g`) against the case. */
function compare(file, build, c, got) {
  const { nodes } = file;
  const g = build.graph;
  const index = nodes.map((id) => g.indexOf(build.id(id)));
  const bad = [];
  const num = (x) => (typeof x === 'bigint' ? Number(x) : x);
  switch (c.kind) {
    case 'node_scores': {
      assert.equal(got.length, nodes.length, 'one value per node');
      nodes.forEach((id, i) => {
        const x = num(got[index[i]]);
        if (!close(c.expected[i], x, c.rtol, c.atol)) bad.push(`node ${id}: expected ${c.expected[i]}, got ${x}`);
      });
      break;
    }
    case 'scalar':
      if (!close(c.expected, got, c.rtol, c.atol)) bad.push(`expected ${c.expected}, got ${got}`);
      break;
    case 'distances': {
      assert.equal(got.length, nodes.length, 'one distance per node');
      nodes.forEach((id, i) => {
        const x = got[index[i]];
        const e = c.expected[i];
        const ok = e === null ? x === Infinity : close(e, x, c.rtol, c.atol);
        if (!ok) bad.push(`node ${id}: expected ${e}, got ${x}`);
      });
      break;
    }
    case 'partition': {
      assert.equal(got.length, nodes.length, 'one label per node');
      const fwd = new Map();
      const back = new Map();
      nodes.forEach((id, i) => {
        const e = c.expected[i];
        const x = got[index[i]];
        if (!fwd.has(e)) fwd.set(e, x);
        if (!back.has(x)) back.set(x, e);
        if (fwd.get(e) !== x || back.get(x) !== e) bad.push(`node ${id}: NetworkX class ${e}, ona label ${x}`);
      });
      break;
    }
    case 'edge_scores': {
      const pos = new Map(nodes.map((id, i) => [id, i]));
      const key = (u, v) => (file.directed || u <= v ? `${u},${v}` : `${v},${u}`);
      const want = new Map(c.expected.map(([u, v, x]) => [key(pos.get(u), pos.get(v)), x]));
      const ids = g.nodeIds();
      const filePos = new Map(nodes.map((id, i) => [build.id(id), i]));
      const seen = new Map();
      for (let r = 0; r < got.value.length; r++) {
        const u = filePos.get(ids[got.source[r]]);
        const v = filePos.get(ids[got.target[r]]);
        const k = key(u, v);
        if (seen.has(k) && seen.get(k) !== got.value[r]) bad.push(`edge ${k}: arcs disagree`);
        seen.set(k, got.value[r]);
      }
      for (const [k, e] of want) {
        const [u, v] = k.split(',');
        if (!seen.has(k)) {
          if (!(u === v && e === 0)) bad.push(`edge ${k}: missing`);
        } else if (!close(e, seen.get(k), c.rtol, c.atol)) bad.push(`edge ${k}: expected ${e}, got ${seen.get(k)}`);
      }
      for (const k of seen.keys()) if (!want.has(k)) bad.push(`edge ${k}: not in NetworkX's result`);
      break;
    }
    default:
      bad.push(`unknown kind ${c.kind}`);
  }
  return bad;
}

assert.ok(files.length > 0, 'golden files exist');

for (const name of files) {
  const file = JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
  describe(name, () => {
    const graphs = builds(file);
    test('graphs have the file\'s nodes and edges', () => {
      for (const { name: how, graph, id } of graphs) {
        assert.equal(graph.numberOfNodes(), file.nodes.length, how);
        assert.equal(graph.isDirected(), file.directed, how);
        assert.deepEqual(file.nodes.map((n) => graph.nodeIds()[graph.indexOf(id(n))]), file.nodes.map(id), how);
      }
    });
    file.cases.forEach((c, ci) => {
      test(`#${ci} ${c.algorithm} ${JSON.stringify(c.params)}`, async () => {
        const calls = ALGORITHMS[c.algorithm];
        assert.ok(calls, `algorithm ${c.algorithm} is not wired into the Node golden runner`);
        const failures = [];
        const order = ORDER_DEPENDENT.has(c.algorithm);
        for (const build of graphs.filter((b) => !order || b.fileOrder)) {
          for (const [label, call] of Object.entries(calls)) {
            const got = await call(build.graph, options(c.params, build));
            const bad = compare(file, build, c, got);
            if (bad.length) failures.push(`${label} on ${build.name}: ${bad.length} mismatches\n    ${bad.slice(0, 5).join('\n    ')}`);
          }
        }
        assert.deepEqual(failures, []);
      });
    });
  });
}

/** Paths: shortest paths and distances, BFS, k-hop neighbourhoods, ego graphs. Nodes are given by id. */
import * as native from '../native.js';
import { type CallOptions, type WeightOption, checkKeys, run, weightFlag } from './call.js';
import { Graph, type NodeId, nodeIndex } from './graph.js';

/** Options of the shortest-path functions. */
export interface ShortestPathOptions extends CallOptions {
  /** Edge weights as lengths (default `null`: every edge has length 1). */
  weight?: WeightOption;
}

/** One shortest path from `source` to `target` as node ids, or `null` if there is none. */
export async function shortestPath<Id extends NodeId>(g: Graph<Id>, source: Id, target: Id, options?: ShortestPathOptions): Promise<Id[] | null> {
  checkKeys('shortestPath', options, ['weight']);
  const o = options ?? {};
  return run('shortestPath', o, async (ctx) => {
    const [s, t] = [nodeIndex(g, 'source', source), nodeIndex(g, 'target', target)];
    const p = await native.shortestPath(g._native, s, t, { weight: weightFlag('weight', o.weight) }, ctx);
    return p === null ? null : Array.from(p, (i) => g._idAt(i));
  });
}

/** Length of a shortest path, or `null` if there is none. */
export async function shortestPathLength<Id extends NodeId>(g: Graph<Id>, source: Id, target: Id, options?: ShortestPathOptions): Promise<number | null> {
  checkKeys('shortestPathLength', options, ['weight']);
  const o = options ?? {};
  return run('shortestPathLength', o, async (ctx) =>
    native.shortestPathLength(g._native, nodeIndex(g, 'source', source), nodeIndex(g, 'target', target), { weight: weightFlag('weight', o.weight) }, ctx));
}

/** Options of the single-source distance functions. */
export interface SingleSourceOptions extends CallOptions {
  /** Ignore nodes farther than this (hops, or total weight). */
  cutoff?: number;
}

/** Hop distance from `source` to every node (`Infinity` where unreachable). */
export async function singleSourceShortestPathLength<Id extends NodeId>(g: Graph<Id>, source: Id, options?: SingleSourceOptions): Promise<Float64Array> {
  checkKeys('singleSourceShortestPathLength', options, ['cutoff']);
  const o = options ?? {};
  return run('singleSourceShortestPathLength', o, async (ctx) =>
    native.singleSourceDistances(g._native, nodeIndex(g, 'source', source), false, { weight: false, cutoff: o.cutoff }, ctx));
}

/** Weighted (Dijkstra) distance from `source` to every node (`Infinity` where unreachable). */
export async function singleSourceDijkstraPathLength<Id extends NodeId>(
  g: Graph<Id>,
  source: Id,
  options?: SingleSourceOptions & { weight?: WeightOption },
): Promise<Float64Array> {
  checkKeys('singleSourceDijkstraPathLength', options, ['cutoff', 'weight']);
  const o = options ?? {};
  return run('singleSourceDijkstraPathLength', o, async (ctx) =>
    native.singleSourceDistances(g._native, nodeIndex(g, 'source', source), true, { weight: weightFlag('weight', o.weight), cutoff: o.cutoff }, ctx));
}

/** Which arcs a traversal follows. */
export type Direction = 'out' | 'in' | 'both';

/** Distance of a node a BFS did not reach. */
export const UNREACHABLE = 0xffffffff;

/** Hop distance from `source` along `direction` ({@link UNREACHABLE} where there is no path). */
export async function bfsDistances<Id extends NodeId>(
  g: Graph<Id>,
  source: Id,
  options?: CallOptions & { direction?: Direction; cutoff?: number },
): Promise<Uint32Array> {
  checkKeys('bfsDistances', options, ['direction', 'cutoff']);
  const o = options ?? {};
  return run('bfsDistances', o, async (ctx) =>
    native.bfsDistances(g._native, nodeIndex(g, 'source', source), { direction: o.direction, cutoff: o.cutoff }, ctx));
}

/** The nodes within `k` hops of `node` (node indices, BFS order) and their distances. */
export async function kHop<Id extends NodeId>(
  g: Graph<Id>,
  node: Id,
  k: number,
  options?: CallOptions & { direction?: Direction },
): Promise<{ nodes: Uint32Array; distances: Uint32Array }> {
  checkKeys('kHop', options, ['direction']);
  const o = options ?? {};
  return run('kHop', o, async (ctx) => native.kHop(g._native, nodeIndex(g, 'node', node), k, { direction: o.direction }, ctx));
}

/** Options of {@link egoGraph}; defaults are NetworkX's. */
export interface EgoGraphOptions extends CallOptions {
  /** Include nodes within this distance (1). */
  radius?: number;
  /** Keep the centre node (true). */
  center?: boolean;
  /** Ignore edge directions when measuring distance (false). */
  undirected?: boolean;
  /** Measure the radius in edge weights (default `null`: hops). */
  distance?: WeightOption;
}

/** The subgraph induced by the nodes within `radius` of `node`, with the same ids and weights. */
export async function egoGraph<Id extends NodeId>(g: Graph<Id>, node: Id, options?: EgoGraphOptions): Promise<Graph<Id>> {
  checkKeys('egoGraph', options, ['radius', 'center', 'undirected', 'distance']);
  const o = options ?? {};
  return run('egoGraph', o, async (ctx) => {
    const sub = await native.egoGraph(g._native, nodeIndex(g, 'node', node), {
      radius: o.radius, center: o.center, undirected: o.undirected, distance: weightFlag('distance', o.distance),
    }, ctx);
    return Graph._wrap<Id>(sub, g._idType);
  });
}

/** Centrality: degree, spectral (PageRank, eigenvector, Katz, HITS) and shortest-path based measures. */
import * as native from '../native.js';
import { type CallOptions, type SeedOptions, type WeightOption, checkKeys, run, seedOrRandom, weightFlag } from './call.js';
import { guard } from './errors.js';
import { type Graph, type NodeId, type PerNode, nodeIndex, perNode } from './graph.js';

/** Options of {@link degree} and friends. */
export interface DegreeOptions extends CallOptions {
  /** Sum the weights (NetworkX's `weight='weight'`); default `null`, counting edges. */
  weight?: WeightOption;
}

function degreeCall(fn: string, direction: string, o: DegreeOptions | undefined) {
  checkKeys(fn, o, ['weight'], fn.endsWith('Sync') ? [] : undefined);
  return { direction, weight: weightFlag('weight', o?.weight) };
}

/** Degree of every node (`G.degree`): in + out for directed graphs; a self loop counts twice undirected. */
export async function degree(g: Graph, options?: DegreeOptions): Promise<Float64Array> {
  return run('degree', options, async (ctx) => native.degree(g._native, degreeCall('degree', 'both', options), ctx));
}
/** In-degree of every node (directed graphs; `G.in_degree`). */
export async function inDegree(g: Graph, options?: DegreeOptions): Promise<Float64Array> {
  return run('inDegree', options, async (ctx) => native.degree(g._native, degreeCall('inDegree', 'in', options), ctx));
}
/** Out-degree of every node (directed graphs; `G.out_degree`). */
export async function outDegree(g: Graph, options?: DegreeOptions): Promise<Float64Array> {
  return run('outDegree', options, async (ctx) => native.degree(g._native, degreeCall('outDegree', 'out', options), ctx));
}
/** {@link degree} on the calling thread (O(n + m)). */
export function degreeSync(g: Graph, options?: { weight?: WeightOption }): Float64Array {
  return guard(() => native.degreeSync(g._native, degreeCall('degreeSync', 'both', options)));
}
/** {@link inDegree} on the calling thread. */
export function inDegreeSync(g: Graph, options?: { weight?: WeightOption }): Float64Array {
  return guard(() => native.degreeSync(g._native, degreeCall('inDegreeSync', 'in', options)));
}
/** {@link outDegree} on the calling thread. */
export function outDegreeSync(g: Graph, options?: { weight?: WeightOption }): Float64Array {
  return guard(() => native.degreeSync(g._native, degreeCall('outDegreeSync', 'out', options)));
}

function centralityCall(fn: string, direction: string, o: object | undefined) {
  checkKeys(fn, o, []);
  return { direction };
}

/** Degree centrality: degree / (n - 1). */
export async function degreeCentrality(g: Graph, options?: CallOptions): Promise<Float64Array> {
  return run('degreeCentrality', options, async (ctx) => native.degreeCentrality(g._native, centralityCall('degreeCentrality', 'both', options), ctx));
}
/** In-degree centrality (directed graphs). */
export async function inDegreeCentrality(g: Graph, options?: CallOptions): Promise<Float64Array> {
  return run('inDegreeCentrality', options, async (ctx) => native.degreeCentrality(g._native, centralityCall('inDegreeCentrality', 'in', options), ctx));
}
/** Out-degree centrality (directed graphs). */
export async function outDegreeCentrality(g: Graph, options?: CallOptions): Promise<Float64Array> {
  return run('outDegreeCentrality', options, async (ctx) => native.degreeCentrality(g._native, centralityCall('outDegreeCentrality', 'out', options), ctx));
}
/** {@link degreeCentrality} on the calling thread. */
export function degreeCentralitySync(g: Graph): Float64Array {
  return guard(() => native.degreeCentralitySync(g._native, { direction: 'both' }));
}
/** {@link inDegreeCentrality} on the calling thread. */
export function inDegreeCentralitySync(g: Graph): Float64Array {
  return guard(() => native.degreeCentralitySync(g._native, { direction: 'in' }));
}
/** {@link outDegreeCentrality} on the calling thread. */
export function outDegreeCentralitySync(g: Graph): Float64Array {
  return guard(() => native.degreeCentralitySync(g._native, { direction: 'out' }));
}

/** Options of {@link pagerank}; defaults are NetworkX's. */
export interface PageRankOptions<Id extends NodeId = NodeId> extends CallOptions {
  /** Damping factor (0.85). */
  alpha?: number;
  /** Teleport weights (default uniform). */
  personalization?: PerNode<Id>;
  /** Iteration limit (100); `ONA_NOT_CONVERGED` past it. */
  maxIter?: number;
  /** Tolerance (1e-6; power iteration: L1 change below `n * tol`). */
  tol?: number;
  /** Starting vector (power iteration). */
  nstart?: PerNode<Id>;
  /** Default `'weight'` (NetworkX's default). */
  weight?: WeightOption;
  /** Where dangling nodes send their rank (default: the personalization). */
  dangling?: PerNode<Id>;
  /**
   * `'auto'` (default: conjugate gradients on undirected graphs, else the
   * power iteration), `'power'` (NetworkX's iteration and stopping rule) or
   * `'conjugate-gradient'` (undirected only).
   */
  solver?: 'auto' | 'power' | 'conjugate-gradient';
}

/** PageRank; scores sum to 1. */
export async function pagerank<Id extends NodeId>(g: Graph<Id>, options?: PageRankOptions<Id>): Promise<Float64Array> {
  checkKeys('pagerank', options, ['alpha', 'personalization', 'maxIter', 'tol', 'nstart', 'weight', 'dangling', 'solver']);
  const o = options ?? {};
  return run('pagerank', o, async (ctx) =>
    native.pagerank(g._native, {
      alpha: o.alpha,
      personalization: perNode(g, 'personalization', o.personalization),
      maxIter: o.maxIter,
      tol: o.tol,
      nstart: perNode(g, 'nstart', o.nstart),
      weight: weightFlag('weight', o.weight),
      dangling: perNode(g, 'dangling', o.dangling),
      solver: o.solver,
    }, ctx));
}

/** Options of {@link eigenvectorCentrality}; defaults are NetworkX's. */
export interface EigenvectorOptions<Id extends NodeId = NodeId> extends CallOptions {
  /** Iteration limit (100). */
  maxIter?: number;
  /** Tolerance (1e-6). */
  tol?: number;
  /** Starting vector (default all ones). */
  nstart?: PerNode<Id>;
  /** Default `null`. */
  weight?: WeightOption;
}

/** Eigenvector centrality (power iteration on A + I, unit Euclidean norm). */
export async function eigenvectorCentrality<Id extends NodeId>(g: Graph<Id>, options?: EigenvectorOptions<Id>): Promise<Float64Array> {
  checkKeys('eigenvectorCentrality', options, ['maxIter', 'tol', 'nstart', 'weight']);
  const o = options ?? {};
  return run('eigenvectorCentrality', o, async (ctx) =>
    native.eigenvectorCentrality(g._native, {
      maxIter: o.maxIter, tol: o.tol, nstart: perNode(g, 'nstart', o.nstart), weight: weightFlag('weight', o.weight),
    }, ctx));
}

/** Options of {@link katzCentrality}; defaults are NetworkX's. */
export interface KatzOptions<Id extends NodeId = NodeId> extends CallOptions {
  /** Attenuation (0.1). */
  alpha?: number;
  /** Constant term: one number (1.0) or one value per node. */
  beta?: number | PerNode<Id>;
  /** Iteration limit (1000). */
  maxIter?: number;
  /** Tolerance (1e-6). */
  tol?: number;
  /** Starting vector (default zeros). */
  nstart?: PerNode<Id>;
  /** Unit Euclidean norm (true). */
  normalized?: boolean;
  /** Default `null`. */
  weight?: WeightOption;
}

/** Katz centrality. */
export async function katzCentrality<Id extends NodeId>(g: Graph<Id>, options?: KatzOptions<Id>): Promise<Float64Array> {
  checkKeys('katzCentrality', options, ['alpha', 'beta', 'maxIter', 'tol', 'nstart', 'normalized', 'weight']);
  const o = options ?? {};
  const beta = typeof o.beta === 'number' || o.beta === undefined ? o.beta : undefined;
  const betaPerNode = typeof o.beta === 'number' ? undefined : perNode(g, 'beta', o.beta);
  return run('katzCentrality', o, async (ctx) =>
    native.katzCentrality(g._native, {
      alpha: o.alpha, beta, betaPerNode, maxIter: o.maxIter, tol: o.tol, nstart: perNode(g, 'nstart', o.nstart),
      normalized: o.normalized, weight: weightFlag('weight', o.weight),
    }, ctx));
}

/** Options of {@link hits}; defaults are NetworkX's. */
export interface HitsOptions<Id extends NodeId = NodeId> extends CallOptions {
  /** Iteration limit (100). */
  maxIter?: number;
  /** Tolerance (1e-8). */
  tol?: number;
  /** Starting authority vector. */
  nstart?: PerNode<Id>;
  /** Scale each vector to sum 1 (true). */
  normalized?: boolean;
  /** Default `'weight'` (NetworkX always reads the weights). */
  weight?: WeightOption;
}

/** HITS hubs and authorities. */
export async function hits<Id extends NodeId>(g: Graph<Id>, options?: HitsOptions<Id>): Promise<{ hubs: Float64Array; authorities: Float64Array }> {
  checkKeys('hits', options, ['maxIter', 'tol', 'nstart', 'normalized', 'weight']);
  const o = options ?? {};
  return run('hits', o, async (ctx) =>
    native.hits(g._native, {
      maxIter: o.maxIter, tol: o.tol, nstart: perNode(g, 'nstart', o.nstart), normalized: o.normalized,
      weight: weightFlag('weight', o.weight),
    }, ctx));
}

/** Options of {@link closenessCentrality}. */
export interface ClosenessOptions extends CallOptions {
  /** Edge weights as distances (NetworkX `distance`; default `null`). */
  distance?: WeightOption;
  /** Wasserman–Faust scaling for disconnected graphs (true). */
  wfImproved?: boolean;
}

/** Closeness centrality of every node (incoming distances on directed graphs, as NetworkX). */
export async function closenessCentrality(g: Graph, options?: ClosenessOptions): Promise<Float64Array>;
/** Closeness centrality of node `u` only (NetworkX's `u=`): one search instead of `n`. */
export async function closenessCentrality<Id extends NodeId>(g: Graph<Id>, options: ClosenessOptions & { u: Id }): Promise<number>;
export async function closenessCentrality(g: Graph, options?: ClosenessOptions & { u?: NodeId }): Promise<Float64Array | number> {
  checkKeys('closenessCentrality', options, ['distance', 'wfImproved', 'u']);
  const o = options ?? {};
  const cfg = { distance: weightFlag('distance', o.distance), wfImproved: o.wfImproved };
  if (o.u !== undefined) {
    const u = o.u;
    return run('closenessCentrality', o, async (ctx) => native.closenessOf(g._native, nodeIndex(g, 'u', u), cfg, ctx));
  }
  return run('closenessCentrality', o, async (ctx) => native.closenessCentrality(g._native, cfg, ctx));
}

/** Options of {@link harmonicCentrality}. */
export interface HarmonicOptions<Id extends NodeId = NodeId> extends CallOptions {
  /** Edge weights as distances (default `null`). */
  distance?: WeightOption;
  /** Count distances from these nodes only (default all). */
  sources?: Iterable<Id>;
}

/** Harmonic centrality. */
export async function harmonicCentrality<Id extends NodeId>(g: Graph<Id>, options?: HarmonicOptions<Id>): Promise<Float64Array> {
  checkKeys('harmonicCentrality', options, ['distance', 'sources']);
  const o = options ?? {};
  const sources = o.sources === undefined ? undefined : Uint32Array.from(o.sources, (id) => g.indexOf(id));
  return run('harmonicCentrality', o, async (ctx) =>
    native.harmonicCentrality(g._native, { distance: weightFlag('distance', o.distance), sources }, ctx));
}

/** Options of {@link betweennessCentrality}; defaults are NetworkX's. */
export interface BetweennessOptions extends CallOptions, SeedOptions {
  /** Estimate from `k` sampled sources (Brandes–Pich); default exact. */
  k?: number;
  /** Divide by the number of pairs (true). */
  normalized?: boolean;
  /** Edge weights as distances (default `null`). */
  weight?: WeightOption;
  /** Count endpoints as on the path (false). */
  endpoints?: boolean;
}

/** Shortest-path betweenness: exact (Brandes, parallel), or sampled with `k`. */
export async function betweennessCentrality(g: Graph, options?: BetweennessOptions): Promise<Float64Array> {
  checkKeys('betweennessCentrality', options, ['k', 'normalized', 'weight', 'endpoints', 'seed']);
  const o = { ...options, seed: seedOrRandom(options?.seed) } as BetweennessOptions;
  return run('betweennessCentrality', o, async (ctx) =>
    native.betweennessCentrality(g._native, {
      k: o.k, normalized: o.normalized, endpoints: o.endpoints, weight: weightFlag('weight', o.weight),
    }, ctx));
}

/** Options of {@link edgeBetweennessCentrality}. */
export interface EdgeBetweennessOptions extends CallOptions {
  /** Divide by n(n - 1) (true). */
  normalized?: boolean;
  /** Edge weights as distances (default `null`). */
  weight?: WeightOption;
}

/** Values per edge, as columns of node indices. */
export interface EdgeValues {
  /** Tail of each edge (undirected: the endpoint with the smaller index). */
  source: Uint32Array;
  /** Head of each edge. */
  target: Uint32Array;
  /** The value. */
  value: Float64Array;
}

/** Edge betweenness, one row per edge (NetworkX's edges, self loops with 0). */
export async function edgeBetweennessCentrality(g: Graph, options?: EdgeBetweennessOptions): Promise<EdgeValues> {
  checkKeys('edgeBetweennessCentrality', options, ['normalized', 'weight']);
  const o = options ?? {};
  return run('edgeBetweennessCentrality', o, async (ctx) =>
    native.edgeBetweennessCentrality(g._native, { normalized: o.normalized, weight: weightFlag('weight', o.weight) }, ctx));
}

/** Options of {@link approximateBetweennessCentrality}. */
export interface ApproximateBetweennessOptions extends CallOptions, SeedOptions {
  /** Additive error bound on every value, in (0, 1) (0.01). */
  epsilon?: number;
  /** Failure probability, in (0, 1) (0.1). */
  delta?: number;
  /** Cap on the number of sampled paths (the error bound no longer holds when it bites). */
  maxSamples?: number;
  /** Edge weights as distances (default `null`). */
  weight?: WeightOption;
}

/**
 * Betweenness within `epsilon` of the exact normalized values for every node
 * at once, with probability `1 - delta`, by shortest-path sampling
 * (Riondato–Kornaropoulos): for graphs too big for the exact algorithm.
 */
export async function approximateBetweennessCentrality(g: Graph, options?: ApproximateBetweennessOptions): Promise<Float64Array> {
  checkKeys('approximateBetweennessCentrality', options, ['epsilon', 'delta', 'maxSamples', 'weight', 'seed']);
  const o = { ...options, seed: seedOrRandom(options?.seed) } as ApproximateBetweennessOptions;
  const est = await run('approximateBetweennessCentrality', o, async (ctx) =>
    native.approximateBetweenness(g._native, {
      epsilon: o.epsilon, delta: o.delta, maxSamples: o.maxSamples, weight: weightFlag('weight', o.weight),
    }, ctx));
  return est.scores;
}

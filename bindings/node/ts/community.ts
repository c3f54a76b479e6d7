/** Communities: Louvain, Leiden, label propagation, the quality and comparison of partitions. */
import * as native from '../native.js';
import { type CallOptions, type SeedOptions, type WeightOption, checkKeys, run, seedOrRandom, weightFlag } from './call.js';
import { partitionLabels as labels } from './args.js';
import { invalid } from './errors.js';
import { Graph, type NodeId } from './graph.js';

/**
 * A partition: one label per node in node order (what the community
 * functions return), or the communities as collections of node ids
 * (NetworkX's list of sets), which must cover every node once.
 */
export type Communities<Id extends NodeId> = Uint32Array | readonly number[] | Iterable<Iterable<Id>>;

/** Options of {@link louvainCommunities}; defaults are NetworkX's. */
export interface LouvainOptions extends CallOptions, SeedOptions {
  /** Default `'weight'`. */
  weight?: WeightOption;
  /** Resolution γ (1): above 1 favours smaller communities. */
  resolution?: number;
  /** Stop when a level gains no more modularity than this (1e-7). */
  threshold?: number;
  /** At most this many levels. */
  maxLevel?: number;
}

async function louvain(fn: string, g: Graph, options: LouvainOptions | undefined, keys: string[]) {
  checkKeys(fn, options, keys);
  const o = { ...options, seed: seedOrRandom(options?.seed) } as LouvainOptions;
  return run(fn, o, async (ctx) =>
    native.louvain(g._native, {
      weight: weightFlag('weight', o.weight), resolution: o.resolution, threshold: o.threshold, maxLevel: o.maxLevel,
    }, ctx));
}

/**
 * Louvain communities (NetworkX `louvain_communities`), one label per node,
 * labels numbered by each community's smallest node. The same seed gives
 * the same partition at any thread count (not NetworkX's random stream).
 */
export async function louvainCommunities(g: Graph, options?: LouvainOptions): Promise<Uint32Array> {
  return (await louvain('louvainCommunities', g, options, ['weight', 'resolution', 'threshold', 'maxLevel', 'seed'])).partition;
}

/** Every level of the Louvain hierarchy, finest first (NetworkX `louvain_partitions`). */
export async function louvainPartitions(g: Graph, options?: Omit<LouvainOptions, 'maxLevel'>): Promise<Uint32Array[]> {
  return (await louvain('louvainPartitions', g, options, ['weight', 'resolution', 'threshold', 'seed'])).levels;
}

/** Options of {@link leidenCommunities}; defaults are igraph's `community_leiden`. */
export interface LeidenOptions<Id extends NodeId = NodeId> extends CallOptions, SeedOptions {
  /** Default `'weight'`. */
  weight?: WeightOption;
  /** Resolution γ (1). */
  resolution?: number;
  /** Randomness of the refinement (0.01). */
  beta?: number;
  /** Iterations (2); a negative number runs until nothing changes. */
  nIterations?: number;
  /** `'modularity'` (default) or `'cpm'` (constant Potts model). */
  objective?: 'modularity' | 'cpm';
  /** Start from this partition instead of singletons. */
  initialMembership?: Communities<Id>;
}

/** Leiden communities: like Louvain, but every community is connected. */
export async function leidenCommunities<Id extends NodeId>(g: Graph<Id>, options?: LeidenOptions<Id>): Promise<Uint32Array> {
  checkKeys('leidenCommunities', options, ['weight', 'resolution', 'beta', 'nIterations', 'objective', 'initialMembership', 'seed']);
  const o = { ...options, seed: seedOrRandom(options?.seed) } as LeidenOptions<Id>;
  return run('leidenCommunities', o, async (ctx) =>
    native.leiden(g._native, {
      weight: weightFlag('weight', o.weight), resolution: o.resolution, beta: o.beta, nIterations: o.nIterations,
      objective: o.objective,
      initialMembership: o.initialMembership === undefined ? undefined : [...labels(g, 'initialMembership', o.initialMembership)],
    }, ctx));
}

/** Options of {@link asynLpaCommunities}. */
export interface AsynLpaOptions extends CallOptions, SeedOptions {
  /** Count neighbour labels by weight (default `null`). */
  weight?: WeightOption;
  /** Give up after this many sweeps (100; NetworkX has no limit). */
  maxSweeps?: number;
}

/** Asynchronous label propagation (NetworkX `asyn_lpa_communities`), one label per node. */
export async function asynLpaCommunities(g: Graph, options?: AsynLpaOptions): Promise<Uint32Array> {
  checkKeys('asynLpaCommunities', options, ['weight', 'maxSweeps', 'seed']);
  const o = { ...options, seed: seedOrRandom(options?.seed) } as AsynLpaOptions;
  return run('asynLpaCommunities', o, async (ctx) =>
    native.asynLpa(g._native, { weight: weightFlag('weight', o.weight), maxSweeps: o.maxSweeps }, ctx));
}

/** Semi-synchronous label propagation (NetworkX `label_propagation_communities`; undirected, deterministic). */
export async function labelPropagationCommunities(g: Graph, options?: CallOptions & { maxRounds?: number }): Promise<Uint32Array> {
  checkKeys('labelPropagationCommunities', options, ['maxRounds']);
  const o = options ?? {};
  return run('labelPropagationCommunities', o, async (ctx) => native.labelPropagation(g._native, { maxRounds: o.maxRounds }, ctx));
}

/** Modularity of a partition (NetworkX `community.modularity`). */
export async function modularity<Id extends NodeId>(
  g: Graph<Id>,
  communities: Communities<Id>,
  options?: CallOptions & { weight?: WeightOption; resolution?: number },
): Promise<number> {
  checkKeys('modularity', options, ['weight', 'resolution']);
  const o = options ?? {};
  return run('modularity', o, async (ctx) =>
    native.modularity(g._native, labels(g, 'communities', communities), {
      weight: weightFlag('weight', o.weight), resolution: o.resolution,
    }, ctx));
}

/** Coverage and performance of a partition (NetworkX `community.partition_quality`). */
export async function partitionQuality<Id extends NodeId>(g: Graph<Id>, partition: Communities<Id>, options?: CallOptions): Promise<[number, number]> {
  checkKeys('partitionQuality', options, []);
  return run('partitionQuality', options, async (ctx) => native.partitionQuality(g._native, labels(g, 'partition', partition), ctx));
}

/**
 * The graph of communities: node `c` (id `c`) is community `c` after
 * numbering communities by smallest node; edge weights sum the edges
 * between communities, a self loop the weight inside one (NetworkX
 * `quotient_graph(G, communities, relabel=True)`).
 */
export async function communityGraph<Id extends NodeId>(g: Graph<Id>, partition: Communities<Id>, options?: CallOptions): Promise<Graph<number>> {
  checkKeys('communityGraph', options, []);
  return run('communityGraph', options, async (ctx) =>
    Graph._wrap<number>(await native.communityGraph(g._native, labels(g, 'partition', partition), ctx), 'number'));
}

function labelArray(name: string, a: Uint32Array | readonly number[]): Uint32Array {
  if (a instanceof Uint32Array) return a;
  if (Array.isArray(a) && a.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)) return Uint32Array.from(a);
  throw invalid(`${name} must be a Uint32Array or an array of non-negative integer labels`);
}

async function compare(fn: string, a: Uint32Array | readonly number[], b: Uint32Array | readonly number[], measure: string): Promise<number> {
  return run(fn, undefined, async (ctx) => native.comparePartitions(labelArray('a', a), labelArray('b', b), measure, ctx));
}

/** Normalized mutual information of two labelings (scikit-learn's, arithmetic mean). */
export async function normalizedMutualInformation(a: Uint32Array | readonly number[], b: Uint32Array | readonly number[]): Promise<number> {
  return compare('normalizedMutualInformation', a, b, 'nmi');
}

/** Adjusted Rand index of two labelings. */
export async function adjustedRandIndex(a: Uint32Array | readonly number[], b: Uint32Array | readonly number[]): Promise<number> {
  return compare('adjustedRandIndex', a, b, 'ari');
}

/** Variation of information of two labelings, in nats. */
export async function variationOfInformation(a: Uint32Array | readonly number[], b: Uint32Array | readonly number[]): Promise<number> {
  return compare('variationOfInformation', a, b, 'vi');
}

/** Structure: triangles and clustering, connected components, k-cores. */
import * as native from '../native.js';
import { type CallOptions, type WeightOption, checkKeys, run, weightFlag } from './call.js';
import type { Graph } from './graph.js';

/** Triangles through each node (undirected graphs). */
export async function triangles(g: Graph, options?: CallOptions): Promise<BigUint64Array> {
  checkKeys('triangles', options, []);
  return run('triangles', options, async (ctx) => native.triangles(g._native, ctx));
}

/** Options of {@link clustering}. */
export interface ClusteringOptions extends CallOptions {
  /** Weighted (geometric-mean) clustering; default `null`. */
  weight?: WeightOption;
}

/** Local clustering coefficient of every node (directed graphs: Fagiolo's). */
export async function clustering(g: Graph, options?: ClusteringOptions): Promise<Float64Array> {
  checkKeys('clustering', options, ['weight']);
  const o = options ?? {};
  return run('clustering', o, async (ctx) => native.clustering(g._native, { weight: weightFlag('weight', o.weight) }, ctx));
}

/** Options of {@link averageClustering}. */
export interface AverageClusteringOptions extends ClusteringOptions {
  /** Include nodes with zero clustering (true). */
  countZeros?: boolean;
}

/** The mean clustering coefficient. */
export async function averageClustering(g: Graph, options?: AverageClusteringOptions): Promise<number> {
  checkKeys('averageClustering', options, ['weight', 'countZeros']);
  const o = options ?? {};
  return run('averageClustering', o, async (ctx) =>
    native.averageClustering(g._native, { weight: weightFlag('weight', o.weight), countZeros: o.countZeros }, ctx));
}

/** Transitivity: 3 × triangles / connected triples. */
export async function transitivity(g: Graph, options?: CallOptions): Promise<number> {
  checkKeys('transitivity', options, []);
  return run('transitivity', options, async (ctx) => native.transitivity(g._native, ctx));
}

/**
 * Connected components as one label per node, labels `0..k-1` numbered by
 * each component's smallest node index. Directed graphs: weak components.
 */
export async function connectedComponents(g: Graph, options?: CallOptions): Promise<Uint32Array> {
  checkKeys('connectedComponents', options, []);
  return run('connectedComponents', options, async (ctx) => native.connectedComponents(g._native, ctx));
}

/** Weakly connected components (labels, as {@link connectedComponents}). */
export async function weaklyConnectedComponents(g: Graph, options?: CallOptions): Promise<Uint32Array> {
  checkKeys('weaklyConnectedComponents', options, []);
  return run('weaklyConnectedComponents', options, async (ctx) => native.connectedComponents(g._native, ctx));
}

/** Strongly connected components (labels numbered by smallest node index). */
export async function stronglyConnectedComponents(g: Graph, options?: CallOptions): Promise<Uint32Array> {
  checkKeys('stronglyConnectedComponents', options, []);
  return run('stronglyConnectedComponents', options, async (ctx) => native.stronglyConnectedComponents(g._native, ctx));
}

const count = (labels: Uint32Array): number => labels.reduce((m, x) => Math.max(m, x + 1), 0);

/** Number of connected components (weak ones for directed graphs). */
export async function numberConnectedComponents(g: Graph, options?: CallOptions): Promise<number> {
  return count(await connectedComponents(g, options));
}

/** Number of weakly connected components. */
export async function numberWeaklyConnectedComponents(g: Graph, options?: CallOptions): Promise<number> {
  return count(await weaklyConnectedComponents(g, options));
}

/** Number of strongly connected components. */
export async function numberStronglyConnectedComponents(g: Graph, options?: CallOptions): Promise<number> {
  return count(await stronglyConnectedComponents(g, options));
}

/** Core number of every node (`ONA_UNSUPPORTED` on graphs with self loops, as NetworkX). */
export async function coreNumber(g: Graph, options?: CallOptions): Promise<Uint32Array> {
  checkKeys('coreNumber', options, []);
  return run('coreNumber', options, async (ctx) => native.coreNumber(g._native, ctx));
}

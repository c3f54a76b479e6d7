/** Seeded synthetic graphs, and the thread pool. */
import * as native from '../native.js';
import { type CallOptions, type SeedOptions, checkKeys, run, seedOrRandom } from './call.js';
import { guard } from './errors.js';
import { Graph } from './graph.js';

/** Options of {@link generateOrg}. */
export interface GenerateOrgOptions extends CallOptions, SeedOptions {
  /** People (1000). */
  people?: number;
  /** Mean ties per person to other departments (0.05). */
  crossTies?: number;
  /** Mean ties per person to other teams of the department (2). */
  departmentTies?: number;
  /** Probability that two team members work together (0.8). */
  teamDensity?: number;
}

/**
 * A seeded synthetic organisation: teams within departments, managers,
 * liaisons; undirected and weighted, people named `p000000`, ..., with
 * `department`, `team` and `role` attributes. Same seed, same graph.
 */
export async function generateOrg(options?: GenerateOrgOptions): Promise<Graph<string>> {
  checkKeys('generateOrg', options, ['people', 'crossTies', 'departmentTies', 'teamDensity', 'seed']);
  const o = { ...options, seed: seedOrRandom(options?.seed) } as GenerateOrgOptions;
  return run('generateOrg', o, async (ctx) => {
    const g = await native.generateOrg({ people: o.people, crossTies: o.crossTies, departmentTies: o.departmentTies, teamDensity: o.teamDensity }, ctx);
    return Graph._wrap<string>(g, 'string');
  });
}

/** A seeded Graph500 R-MAT edge list: `edgeFactor × 2^scale` rows, duplicates and self loops included. */
export async function generateRmat(options: CallOptions & SeedOptions & { scale: number; edgeFactor?: number }): Promise<{ numNodes: number; src: Uint32Array; dst: Uint32Array }> {
  checkKeys('generateRmat', options, ['scale', 'edgeFactor', 'seed']);
  return run('generateRmat', { ...options, seed: seedOrRandom(options.seed) as number }, async (ctx) => native.generateRmat({ scale: options.scale, edgeFactor: options.edgeFactor }, ctx));
}

/** Threads in ona's pool (`ONA_NUM_THREADS`, or one per core). */
export function numThreads(): number {
  return guard(() => native.numThreads());
}

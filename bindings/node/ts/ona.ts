/**
 * Organisational network analysis: structural holes (Burt), reciprocity,
 * bridges and articulation points, group measures over a node attribute
 * (E-I index, cross-group share, mixing matrix, assortativity), Gould–Fernandez
 * brokerage roles and a seeded spring layout.
 *
 * `groups` arguments take the name of a categorical node attribute of the
 * graph (e.g. `'department'`, see {@link withNodeAttribute}), or one label
 * per node (an array in node order, or a `Map` from node id; `null` / absent
 * = no group). An unknown attribute name rejects with `ONA_NOT_FOUND`;
 * directed-only measures on undirected graphs with `ONA_UNSUPPORTED`.
 */
import * as native from '../native.js';
import { type CallOptions, type SeedOptions, type WeightOption, checkKeys, checkNumber, run, weightFlag } from './call.js';
import { groupsIn, labels } from './args.js';
import { OnaError, guard, invalid } from './errors.js';
import { Graph, type NodeId } from './graph.js';

/** Group labels: an attribute name, labels in node order, or a `Map` from node id. */
export type Groups<Id extends NodeId = NodeId> = string | readonly (string | null)[] | ReadonlyMap<Id, string | null>;

/**
 * A copy of `g` with categorical node attribute `name` set (replacing one of
 * that name): labels in node order, or a `Map` from node id (absent nodes
 * have none). Synchronous, O(n + m): the graph is copied.
 */
export function withNodeAttribute<Id extends NodeId>(
  g: Graph<Id>, name: string, values: readonly (string | null)[] | ReadonlyMap<Id, string | null>,
): Graph<Id> {
  if (typeof name !== 'string') throw invalid('withNodeAttribute: name must be a string');
  const v = labels(g, 'values', values);
  return Graph._wrap<Id>(guard(() => native.withNodeAttribute(g._native, name, v)), g._idType);
}

/** Labels of node attribute `name` in node order (`null` where missing); `ONA_NOT_FOUND` if there is none. */
export function nodeAttribute(g: Graph, name: string): (string | null)[] {
  const a = g.attribute(name);
  if (a === undefined) {
    const known = JSON.stringify(g.attributeNames());
    throw new OnaError('ONA_NOT_FOUND', `the graph has no node attribute ${JSON.stringify(name)} (it has ${known})`);
  }
  return Array.from(a.codes, (c) => (c === 0xffffffff ? null : a.values[c]));
}

/** Options of the structural-hole measures. */
export interface HolesOptions extends CallOptions {
  /** Use edge weights (`'weight'` / `true`); default `null`, as NetworkX. */
  weight?: WeightOption;
}

function holes(fn: string, o: HolesOptions | undefined): native.HolesOptions {
  checkKeys(fn, o, ['weight']);
  return { weight: weightFlag('weight', o?.weight) };
}

/** Burt's constraint per node (NetworkX `constraint`; NaN for isolated nodes). */
export async function constraint(g: Graph, options?: HolesOptions): Promise<Float64Array> {
  const h = holes('constraint', options);
  return run('constraint', options, async (ctx) => native.constraint(g._native, h, ctx));
}
/** Burt's effective size per node (NetworkX `effective_size`). */
export async function effectiveSize(g: Graph, options?: HolesOptions): Promise<Float64Array> {
  const h = holes('effectiveSize', options);
  return run('effectiveSize', options, async (ctx) => native.effectiveSize(g._native, h, ctx));
}
/** Effective size over degree. */
export async function efficiency(g: Graph, options?: HolesOptions): Promise<Float64Array> {
  const h = holes('efficiency', options);
  return run('efficiency', options, async (ctx) => native.efficiency(g._native, h, ctx));
}
/** Burt's hierarchy: how much of a node's constraint comes from one contact. */
export async function hierarchy(g: Graph, options?: HolesOptions): Promise<Float64Array> {
  const h = holes('hierarchy', options);
  return run('hierarchy', options, async (ctx) => native.hierarchy(g._native, h, ctx));
}

/** All four structural-hole measures, per node. */
export interface StructuralHoles {
  constraint: Float64Array;
  effectiveSize: Float64Array;
  efficiency: Float64Array;
  hierarchy: Float64Array;
}

/** All four structural-hole measures in one pass. */
export async function structuralHoles(g: Graph, options?: HolesOptions): Promise<StructuralHoles> {
  const h = holes('structuralHoles', options);
  return run('structuralHoles', options, async (ctx) => native.structuralHoles(g._native, h, ctx));
}

/** Reciprocity per node of a directed graph (NaN when isolated; `ONA_UNSUPPORTED` if undirected). */
export async function reciprocity(g: Graph, options?: CallOptions): Promise<Float64Array> {
  checkKeys('reciprocity', options, []);
  return run('reciprocity', options, async (ctx) => native.reciprocity(g._native, ctx));
}

/** Share of a directed graph's arcs that are reciprocated. */
export async function overallReciprocity(g: Graph, options?: CallOptions): Promise<number> {
  checkKeys('overallReciprocity', options, []);
  return run('overallReciprocity', options, async (ctx) => native.overallReciprocity(g._native, ctx));
}

/** Edges as two aligned columns of node indices. */
export interface EdgeList {
  source: Uint32Array;
  target: Uint32Array;
}

/** The bridges (directed graphs: of their undirected graph), `source < target`, sorted. */
export async function bridges(g: Graph, options?: CallOptions): Promise<EdgeList> {
  checkKeys('bridges', options, []);
  return run('bridges', options, async (ctx) => native.bridges(g._native, ctx));
}

/** Articulation points and, per node, the people its departure cuts off. */
export interface ArticulationPoints {
  /** Node indices, ascending. */
  points: Uint32Array;
  /** Per node: people no longer in the largest remaining piece of its component (0 unless a point). */
  cutOff: Uint32Array;
}

/** Articulation points (directed graphs: of their undirected graph). */
export async function articulationPoints(g: Graph, options?: CallOptions): Promise<ArticulationPoints> {
  checkKeys('articulationPoints', options, []);
  return run('articulationPoints', options, async (ctx) => native.articulationPoints(g._native, ctx));
}

/** Options of {@link eiIndex} and {@link crossGroupShare}. */
export interface EiOptions extends CallOptions {
  /** Which ties of a person count: `'both'` (default), `'out'` or `'in'` (directed graphs only). */
  direction?: 'both' | 'out' | 'in';
  /** Sum tie weights instead of counting ties. */
  weight?: WeightOption;
}

function ei(fn: string, o: EiOptions | undefined): native.EiOptions {
  checkKeys(fn, o, ['direction', 'weight']);
  return { direction: o?.direction, weight: weightFlag('weight', o?.weight) };
}

/** Krackhardt & Stern's E-I index: (external - internal) / (external + internal) ties. */
export interface EiIndex {
  /** Per person (NaN without ties or group). */
  node: Float64Array;
  nodeExternal: Float64Array;
  nodeInternal: Float64Array;
  /** Group names, the order of `group*`. */
  groups: string[];
  group: Float64Array;
  groupExternal: Float64Array;
  groupInternal: Float64Array;
  network: number;
  networkExternal: number;
  networkInternal: number;
}

/** E-I index per person, per group and for the network. */
export async function eiIndex<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: EiOptions): Promise<EiIndex> {
  const [gr, o] = [groupsIn(g, groups), ei('eiIndex', options)];
  return run('eiIndex', options, async (ctx) => native.eiIndex(g._native, gr, o, ctx));
}

/** Each person's share of ties (or tie weight) reaching another group. */
export async function crossGroupShare<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: EiOptions): Promise<Float64Array> {
  const [gr, o] = [groupsIn(g, groups), ei('crossGroupShare', options)];
  return run('crossGroupShare', options, async (ctx) => native.crossGroupShare(g._native, gr, o, ctx));
}

/** Ties within and between groups, `k × k` row-major (rows: groups of tie sources). */
export interface GroupMixing {
  groups: string[];
  sizes: Float64Array;
  /** NetworkX's `attribute_mixing_matrix(normalized=False)`. */
  counts: Float64Array;
  weights: Float64Array;
  density: Float64Array;
}

/** The group mixing matrix with densities. */
export async function groupMixing<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: CallOptions): Promise<GroupMixing> {
  checkKeys('groupMixing', options, []);
  const gr = groupsIn(g, groups);
  return run('groupMixing', options, async (ctx) => native.groupMixing(g._native, gr, ctx));
}

/** Nominal assortativity (NetworkX `attribute_assortativity_coefficient`). */
export async function attributeAssortativity<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: CallOptions): Promise<number> {
  checkKeys('attributeAssortativity', options, []);
  const gr = groupsIn(g, groups);
  return run('attributeAssortativity', options, async (ctx) => native.attributeAssortativity(g._native, gr, ctx));
}

/** Gould–Fernandez role counts per person. */
export interface Brokerage {
  total: Float64Array;
  coordinator: Float64Array;
  itinerant: Float64Array;
  representative: Float64Array;
  gatekeeper: Float64Array;
  liaison: Float64Array;
}

/** Gould–Fernandez brokerage roles of a directed graph. */
export async function brokerage<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: CallOptions): Promise<Brokerage> {
  checkKeys('brokerage', options, []);
  const gr = groupsIn(g, groups);
  return run('brokerage', options, async (ctx) => native.brokerage(g._native, gr, ctx));
}

/** Options of {@link springLayout}: NetworkX's names and defaults. */
export interface LayoutOptions extends CallOptions, SeedOptions {
  /** Optimal distance (default `1 / sqrt(n)`). */
  k?: number;
  /** Default 50. */
  iterations?: number;
  /** Default 1e-4. */
  threshold?: number;
  /** Default `'weight'`. */
  weight?: WeightOption;
  /** Barnes–Hut opening angle (0.9; 0 = exact). */
  theta?: number;
}

/** Seeded spring layout: positions interleaved `[x0, y0, x1, y1, ...]`. Same seed, same layout (default seed 0). */
export async function springLayout(g: Graph, options?: LayoutOptions): Promise<Float64Array> {
  checkKeys('springLayout', options, ['k', 'iterations', 'threshold', 'weight', 'theta', 'seed']);
  const o = options ?? {};
  const opts: native.LayoutOptions = {
    k: checkNumber('k', o.k),
    iterations: checkNumber('iterations', o.iterations),
    threshold: checkNumber('threshold', o.threshold),
    weight: weightFlag('weight', o.weight),
    theta: checkNumber('theta', o.theta),
  };
  return run('springLayout', { ...o, seed: o.seed ?? 0 }, async (ctx) => native.springLayout(g._native, opts, ctx));
}

/** Options of {@link ties} and {@link tieProfile}. */
export interface TiesOptions extends CallOptions {
  /** Weight quantile at or above which a tie is heavy enough to be strong (0.5, the median). */
  strongWeightQuantile?: number;
  /** Neighbourhood overlap at or above which a tie is embedded; below, it is diverse (0.1). */
  embeddedOverlap?: number;
  /** Use edge weights (default `'weight'`). */
  weight?: WeightOption;
}

function tiesOpts(fn: string, o: TiesOptions | undefined): native.TiesOptions {
  checkKeys(fn, o, ['strongWeightQuantile', 'embeddedOverlap', 'weight']);
  return {
    strongWeightQuantile: checkNumber('strongWeightQuantile', o?.strongWeightQuantile),
    embeddedOverlap: checkNumber('embeddedOverlap', o?.embeddedOverlap),
    weight: weightFlag('weight', o?.weight),
  };
}

/** Every tie of the undirected simple view (`source < target`, node indices, sorted). */
export interface Ties {
  source: Uint32Array;
  target: Uint32Array;
  /** Both directions' weights added. */
  weight: Float64Array;
  /** Onnela's neighbourhood overlap. */
  overlap: Float64Array;
  /** `weight × overlap`. */
  score: Float64Array;
  kind: ('strong' | 'diverse' | 'other')[];
  /** The weight a strong tie reaches. */
  strongWeight: number;
}

/** Every tie with its overlap, score and kind (strong, diverse, other). */
export async function ties(g: Graph, options?: TiesOptions): Promise<Ties> {
  const o = tiesOpts('ties', options);
  return run('ties', options, async (ctx) => (await native.ties(g._native, o, ctx)) as Ties);
}

/** Strong and diverse ties per person. */
export interface TieProfile {
  strong: Uint32Array;
  diverse: Uint32Array;
  /** NaN without ties. */
  diverseShare: Float64Array;
}

/** Counts of strong and diverse ties per person, and the diverse share. */
export async function tieProfile(g: Graph, options?: TiesOptions): Promise<TieProfile> {
  const o = tiesOpts('tieProfile', options);
  return run('tieProfile', options, async (ctx) => native.tieProfile(g._native, o, ctx));
}

/** Options of {@link twoStepReach} and {@link reachShare}. */
export interface ReachOptions extends CallOptions {
  /** Directed graphs: follow arcs `'out'` (default), `'in'` or `'both'` ways. */
  direction?: 'out' | 'in' | 'both';
}

/** Distinct other people within two steps of each person. */
export async function twoStepReach(g: Graph, options?: ReachOptions): Promise<Uint32Array> {
  checkKeys('twoStepReach', options, ['direction']);
  return run('twoStepReach', options, async (ctx) => native.twoStepReach(g._native, options?.direction, ctx));
}

/** {@link twoStepReach} as a share of the other people. */
export async function reachShare(g: Graph, options?: ReachOptions): Promise<Float64Array> {
  checkKeys('reachShare', options, ['direction']);
  return run('reachShare', options, async (ctx) => native.reachShare(g._native, options?.direction, ctx));
}

/** Options of {@link egoSummaries}. */
export interface EgoOptions<Id extends NodeId = NodeId> extends CallOptions {
  /** Groups, to count the other groups each person's contacts belong to. */
  groups?: Groups<Id>;
  /** Sum weights into `strength` (default `'weight'`). */
  weight?: WeightOption;
}

/** Ego-network summaries per person. */
export interface EgoSummaries {
  size: Uint32Array;
  tiesAmongAlters: Float64Array;
  density: Float64Array;
  strength: Float64Array;
  /** With `groups` only. */
  groupsReached?: Uint32Array;
}

/** Ego-network size, ties among contacts, density, strength (and groups reached). */
export async function egoSummaries<Id extends NodeId>(g: Graph<Id>, options?: EgoOptions<Id>): Promise<EgoSummaries> {
  checkKeys('egoSummaries', options, ['groups', 'weight']);
  const gr = options?.groups === undefined ? undefined : groupsIn(g, options.groups);
  const w = weightFlag('weight', options?.weight);
  return run('egoSummaries', options, async (ctx) => {
    const e = await native.egoSummaries(g._native, gr, w, ctx);
    return e.groupsReached == null ? { size: e.size, tiesAmongAlters: e.tiesAmongAlters, density: e.density, strength: e.strength } : (e as EgoSummaries);
  });
}

/** Options of {@link collaborationOverload}. */
export interface OverloadOptions extends CallOptions {
  /** Share of a group counted as its top (0.1). */
  topFraction?: number;
  /** Most loaded people listed per group (3). */
  topPeople?: number;
  /** Sum weights (default `'weight'`). */
  weight?: WeightOption;
  /** Groups smaller than this are suppressed (5). */
  minGroupSize?: number;
}

/** Overload figures of one group or of the network. */
export interface GroupOverload {
  /** The group's name; `null` for the network. */
  group: string | null;
  size: number;
  total: number;
  topShare: number;
  gini: number;
  /** Node indices, heaviest first. */
  top: Uint32Array;
  suppressed: boolean;
  suppressedReason: string | null;
}

/** Collaboration overload per person, group and network. */
export interface Overload {
  load: Float64Array;
  network: GroupOverload;
  groups: GroupOverload[];
}

/** Who carries the collaboration load: per person, per group (small groups suppressed) and overall. */
export async function collaborationOverload<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: OverloadOptions): Promise<Overload> {
  checkKeys('collaborationOverload', options, ['topFraction', 'topPeople', 'weight', 'minGroupSize']);
  const o = options ?? {};
  const gr = groupsIn(g, groups);
  const opts: native.OverloadOptions = {
    topFraction: checkNumber('topFraction', o.topFraction),
    topPeople: checkNumber('topPeople', o.topPeople),
    weight: weightFlag('weight', o.weight),
    minGroupSize: checkNumber('minGroupSize', o.minGroupSize),
  };
  const row = (r: native.GroupOverloadOut): GroupOverload => ({
    group: r.group ?? null, size: r.size, total: r.total, topShare: r.topShare, gini: r.gini, top: r.top,
    suppressed: r.suppressed, suppressedReason: r.suppressedReason ?? null,
  });
  return run('collaborationOverload', o, async (ctx) => {
    const r = await native.collaborationOverload(g._native, gr, opts, ctx);
    return { load: r.load, network: row(r.network), groups: r.groups.map(row) };
  });
}

/** Gini coefficient of non-negative values (0: all equal; NaN with a negative value). */
export function gini(values: Float64Array | readonly number[]): number {
  return guard(() => native.gini(values instanceof Float64Array ? values : Float64Array.from(values)));
}

/** Stable keyed pseudonyms (`p_` + 16 hex digits) of the node ids; `key` is 32 secret bytes. */
export function pseudonymize(g: Graph, key: Uint8Array): string[] {
  if (!(key instanceof Uint8Array)) throw invalid('pseudonymize: key must be a Uint8Array (or Buffer) of 32 bytes');
  return guard(() => native.pseudonymize(g._native, Buffer.from(key.buffer, key.byteOffset, key.byteLength)));
}

/** Options of {@link metricPack}. */
export interface PackOptions<Id extends NodeId = NodeId> extends CallOptions, SeedOptions {
  /** Groups (an attribute name or labels): adds group columns and the per-group table. */
  groups?: Groups<Id>;
  /** Exact betweenness up to this many people; sampled (Riondato–Kornaropoulos) above. */
  exactBetweennessMaxNodes?: number;
  /** Sampled betweenness: additive error bound. */
  betweennessEpsilon?: number;
  /** Sampled betweenness: probability the bound fails. */
  betweennessDelta?: number;
  /** Groups with fewer members are left out of `groups` (5). */
  minGroupSize?: number;
}

/** A column of the pack: numbers, counts or names (`null`: no group). */
export type PackColumn = Float64Array | Uint32Array | (string | null)[];

/** Every ONA measure of every person (and group). */
export interface MetricPack {
  /** Columns by name, in a fixed order, one value per node (node order). */
  people: Record<string, PackColumn>;
  /** Per-group columns (`group` names first); `undefined` without groups. */
  groups?: Record<string, PackColumn>;
  /** Groups left out for being smaller than `minGroupSize`. */
  suppressedGroups: string[];
  betweennessExact: boolean;
  networkEiIndex: number | null;
}

function columns(cols: native.PackColumnOut[]): Record<string, PackColumn> {
  const out: Record<string, PackColumn> = {};
  for (const c of cols) out[c.name] = (c.numbers ?? c.counts ?? c.strings ?? []) as PackColumn;
  return out;
}

/**
 * Every per-person measure (degrees, strengths, betweenness, harmonic,
 * PageRank, eigenvector, constraint, effective size, clustering, core
 * number, reciprocity; with groups E-I index, cross-group share, external
 * ties, brokerage; two-step reach, strong/diverse ties, Cross & Parker
 * roles) and, with groups, a per-group table, in one call.
 */
export async function metricPack<Id extends NodeId>(g: Graph<Id>, options?: PackOptions<Id>): Promise<MetricPack> {
  checkKeys('metricPack', options, ['groups', 'exactBetweennessMaxNodes', 'betweennessEpsilon', 'betweennessDelta', 'minGroupSize', 'seed']);
  const o = options ?? {};
  const gr = o.groups === undefined ? undefined : groupsIn(g, o.groups);
  const opts: native.PackOptions = {
    exactBetweennessMaxNodes: checkNumber('exactBetweennessMaxNodes', o.exactBetweennessMaxNodes),
    betweennessEpsilon: checkNumber('betweennessEpsilon', o.betweennessEpsilon),
    betweennessDelta: checkNumber('betweennessDelta', o.betweennessDelta),
    minGroupSize: checkNumber('minGroupSize', o.minGroupSize),
  };
  return run('metricPack', { ...o, seed: o.seed ?? 0 }, async (ctx) => {
    const p = await native.metricPack(g._native, gr, opts, ctx);
    const out: MetricPack = {
      people: columns(p.people), suppressedGroups: p.suppressedGroups, betweennessExact: p.betweennessExact,
      networkEiIndex: p.networkEiIndex ?? null,
    };
    if (p.groups != null) out.groups = columns(p.groups);
    return out;
  });
}

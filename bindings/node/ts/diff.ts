/**
 * What changed between two versions of a network ({@link temporalDiff}),
 * a drawable summary of a large one ({@link simplifyForView}), and the
 * privacy guardrail's group helpers ({@link suppressedGroups},
 * {@link groupSizes}). People in results are your ids.
 */
import * as native from '../native.js';
import { type CallOptions, type SeedOptions, type WeightOption, checkKeys, checkNumber, run, weightFlag } from './call.js';
import { groupsIn, partitionLabels } from './args.js';
import type { Communities } from './community.js';
import { guard, invalid } from './errors.js';
import type { Graph, NodeId } from './graph.js';
import type { Groups } from './ona.js';

/** Options of {@link temporalDiff}. */
export interface TemporalDiffOptions extends CallOptions, SeedOptions {
  /** Compute the whole metric pack of both graphs: every per-person measure and the Cross & Parker role changes (default `false`). */
  pack?: boolean;
  /** With `pack`: the categorical attribute, present on both graphs, whose values are the groups. */
  groupBy?: string;
  /** Compare weights (default `'weight'`); `null` / `false`: every tie weighs 1. */
  weight?: WeightOption;
  /** Weight changes up to this do not count (0). */
  weightTolerance?: number;
  /** Share of a community's people that makes a piece of a split or merge (0.25). */
  minShare?: number;
  /** Community pairs with a smaller Jaccard overlap are never matched (0). */
  minJaccard?: number;
  /** With `pack`: groups smaller than this are suppressed (5). */
  minGroupSize?: number;
  /** Changes listed per metric in `topChanges` (10). */
  topK?: number;
}

/** Counts of a {@link TemporalDiff}. */
export interface DiffSummary {
  peopleBefore: number;
  peopleAfter: number;
  stayed: number;
  joined: number;
  left: number;
  tiesBefore: number;
  tiesAfter: number;
  kept: number;
  formed: number;
  lost: number;
  reweighted: number;
  weightBefore: number;
  weightAfter: number;
}

/** Ties in one graph only: `u[i] - v[i]` (undirected: the earlier person first). */
export interface TieChanges<Id extends NodeId> {
  u: Id[];
  v: Id[];
  weight: Float64Array;
}

/** Ties in both graphs whose weight changed. */
export interface Reweighted<Id extends NodeId> {
  u: Id[];
  v: Id[];
  before: Float64Array;
  after: Float64Array;
}

/** One metric of the people in both graphs, aligned with {@link TemporalDiff.stayed}. */
export interface MetricDelta {
  before: Float64Array;
  after: Float64Array;
  /** `after - before`. */
  delta: Float64Array;
}

/** One person's change in one metric. */
export interface Change<Id extends NodeId> {
  id: Id;
  before: number;
  after: number;
  delta: number;
}

/** The largest increases (largest first) and decreases (most negative first); zero and NaN changes left out. */
export interface TopChanges<Id extends NodeId> {
  increases: Change<Id>[];
  decreases: Change<Id>[];
}

/** Who became or stopped being one Cross & Parker role. */
export interface RoleChange<Id extends NodeId> {
  countBefore: number;
  countAfter: number;
  became: Id[];
  stopped: Id[];
  kept: Id[];
  /** Joined the network holding the role. */
  joinedAs: Id[];
  /** Left the network holding the role. */
  leftAs: Id[];
}

/** A community of the earlier graph matched to one of the later graph. */
export interface CommunityMatch {
  before: number;
  after: number;
  overlap: number;
  jaccard: number;
  sizeBefore: number;
  sizeAfter: number;
}

/** How the communities changed. */
export interface CommunityDrift {
  /** People in both graphs: NMI, ARI and VI are computed on them (NaN without any). */
  common: number;
  nmi: number;
  ari: number;
  vi: number;
  /** One-to-one, greedy by Jaccard overlap; by `before`. */
  matches: CommunityMatch[];
  splits: { before: number; into: number[] }[];
  merges: { after: number; from: number[] }[];
  new: number[];
  vanished: number[];
}

/** Everything {@link temporalDiff} found. */
export interface TemporalDiff<Id extends NodeId> {
  directed: boolean;
  summary: DiffSummary;
  joined: Id[];
  left: Id[];
  formed: TieChanges<Id>;
  lost: TieChanges<Id>;
  reweighted: Reweighted<Id>;
  /** People in both graphs (the earlier graph's node order): the order of every metric column. */
  stayed: Id[];
  /** Per metric (`degree`, `strength`; with `pack` every numeric column of the metric pack). */
  metrics: Record<string, MetricDelta>;
  /** Per metric, its `topK` largest changes. */
  topChanges: Record<string, TopChanges<Id>>;
  /** With `pack`: per role (`'broker'`, ...); otherwise `null`. */
  roles: Record<string, RoleChange<Id>> | null;
  /** Louvain community of each node of the earlier graph (node order). */
  communitiesBefore: Uint32Array;
  communitiesAfter: Uint32Array;
  drift: CommunityDrift;
}

/**
 * What changed between two graphs of (partly) the same people, matched by
 * id: people who joined or left, ties formed, lost and reweighted,
 * per-person metric deltas with the largest changes, role changes (with
 * `pack`), and community drift (seeded Louvain on both; greedy Jaccard
 * matching, splits, merges, NMI / ARI / VI). Same seed, same result
 * (default seed 0).
 */
export async function temporalDiff<Id extends NodeId>(before: Graph<Id>, after: Graph<Id>, options?: TemporalDiffOptions): Promise<TemporalDiff<Id>> {
  checkKeys('temporalDiff', options, ['pack', 'groupBy', 'weight', 'weightTolerance', 'minShare', 'minJaccard', 'minGroupSize', 'topK', 'seed']);
  const o = options ?? {};
  if (o.pack !== undefined && typeof o.pack !== 'boolean') throw invalid('temporalDiff: pack must be a boolean');
  if (o.groupBy !== undefined && typeof o.groupBy !== 'string') throw invalid('temporalDiff: groupBy must be an attribute name');
  const opts: native.DiffOptions = {
    pack: o.pack,
    groupBy: o.groupBy,
    weight: weightFlag('weight', o.weight),
    weightTolerance: checkNumber('weightTolerance', o.weightTolerance),
    minShare: checkNumber('minShare', o.minShare),
    minJaccard: checkNumber('minJaccard', o.minJaccard),
    minGroupSize: checkNumber('minGroupSize', o.minGroupSize),
    topK: checkNumber('topK', o.topK),
  };
  return run('temporalDiff', { ...o, seed: o.seed ?? 0 }, async (ctx) => {
    const d = await native.temporalDiff(before._native, after._native, opts, ctx);
    const nb = d.beforeCount;
    const id = (p: number): Id => (p < nb ? before._idAt(p) : after._idAt(d.joinedAfter[p - nb]));
    const ids = (ps: Uint32Array): Id[] => Array.from(ps, id);
    const ties = (t: native.TieListOut): TieChanges<Id> => ({ u: ids(t.a), v: ids(t.b), weight: t.weight });
    const changes = (c: native.ChangesOut): Change<Id>[] =>
      Array.from(c.person, (p, i) => ({ id: id(p), before: c.before[i], after: c.after[i], delta: c.delta[i] }));
    const metrics: Record<string, MetricDelta> = {};
    for (const m of d.metrics) metrics[m.name] = { before: m.before, after: m.after, delta: m.delta };
    const topChanges: Record<string, TopChanges<Id>> = {};
    for (const t of d.topChanges) topChanges[t.metric] = { increases: changes(t.increases), decreases: changes(t.decreases) };
    let roles: Record<string, RoleChange<Id>> | null = null;
    if (d.roles != null) {
      roles = {};
      for (const r of d.roles) {
        roles[r.role] = {
          countBefore: r.countBefore, countAfter: r.countAfter, became: ids(r.became), stopped: ids(r.stopped), kept: ids(r.kept),
          joinedAs: ids(r.joinedAs), leftAs: ids(r.leftAs),
        };
      }
    }
    return {
      directed: d.directed,
      summary: d.summary,
      joined: ids(d.joined),
      left: ids(d.left),
      formed: ties(d.formed),
      lost: ties(d.lost),
      reweighted: { u: ids(d.reweighted.a), v: ids(d.reweighted.b), before: d.reweighted.before, after: d.reweighted.after },
      stayed: ids(d.stayed),
      metrics,
      topChanges,
      roles,
      communitiesBefore: d.communitiesBefore,
      communitiesAfter: d.communitiesAfter,
      drift: d.drift,
    };
  });
}

/** Options of {@link simplifyForView}. */
export interface ViewOptions<Id extends NodeId = NodeId> extends CallOptions, SeedOptions {
  /**
   * The ranking of the backbone: `'pagerank'` (default), `'betweenness'`,
   * `'degree'` (ties of any direction), or one value per node (node order).
   * Ties go to the lower node index.
   */
  scores?: 'pagerank' | 'betweenness' | 'degree' | Float64Array | readonly number[];
  /** Communities (labels in node order, or groups of ids): adds the quotient graph. */
  communities?: Communities<Id>;
  /** People kept in the backbone (5000; at least 1). */
  maxNodes?: number;
  /** Layout iterations (50). */
  iterations?: number;
  /** Lay out by edge weights (default `'weight'`). */
  weight?: WeightOption;
  /** Barnes–Hut opening angle (0.9; 0 = exact). */
  theta?: number;
}

/** Edges with weights: `u[i] - v[i]` (undirected: once each). */
export interface WeightedEdges<T> {
  u: T[];
  v: T[];
  weight: Float64Array;
}

/** The community quotient graph: node `c` is community `c`. */
export interface QuotientView {
  /** The input label of each community. */
  labels: Uint32Array;
  sizes: Float64Array;
  intraWeight: Float64Array;
  interWeight: Float64Array;
  /** Community of every node of the graph. */
  community: Uint32Array;
  /** Between communities (a self loop: the weight inside). */
  edges: WeightedEdges<number>;
  /** `[x0, y0, x1, y1, ...]` in [-1, 1]. */
  layout: Float64Array;
}

/** A drawable summary of a large network. */
export interface View<Id extends NodeId> {
  /** Backbone people, in node order. */
  ids: Id[];
  /** Their node indices in the graph. */
  nodes: Uint32Array;
  /** Every edge among them. */
  edges: WeightedEdges<Id>;
  /** `[x0, y0, x1, y1, ...]` in [-1, 1], aligned with `ids`. */
  layout: Float64Array;
  /** Quotient node of each backbone person; `null` without communities. */
  community: Uint32Array | null;
  quotient: QuotientView | null;
}

/**
 * The backbone of the `maxNodes` best-ranked people with every edge among
 * them and, given communities, the community quotient graph; both laid out
 * by the seeded spring layout (default seed 0).
 */
export async function simplifyForView<Id extends NodeId>(g: Graph<Id>, options?: ViewOptions<Id>): Promise<View<Id>> {
  checkKeys('simplifyForView', options, ['scores', 'communities', 'maxNodes', 'iterations', 'weight', 'theta', 'seed']);
  const o = options ?? {};
  let scores: native.RankingIn;
  if (o.scores === undefined || typeof o.scores === 'string') scores = { name: o.scores };
  else if (o.scores instanceof Float64Array) scores = { values: o.scores };
  else if (Array.isArray(o.scores) && o.scores.every((x) => typeof x === 'number')) scores = { values: Float64Array.from(o.scores) };
  else throw invalid('simplifyForView: scores must be a centrality name or one number per node');
  const communities = o.communities === undefined ? undefined : partitionLabels(g, 'communities', o.communities);
  const opts: native.ViewOptions = {
    maxNodes: checkNumber('maxNodes', o.maxNodes),
    iterations: checkNumber('iterations', o.iterations),
    weight: weightFlag('weight', o.weight),
    theta: checkNumber('theta', o.theta),
  };
  return run('simplifyForView', { ...o, seed: o.seed ?? 0 }, async (ctx) => {
    const v = await native.simplifyForView(g._native, scores, communities, opts, ctx);
    const id = (i: number): Id => g._idAt(i);
    const q = v.quotient;
    return {
      ids: Array.from(v.nodes, id),
      nodes: v.nodes,
      edges: { u: Array.from(v.edges.source, id), v: Array.from(v.edges.target, id), weight: v.edges.weight },
      layout: v.layout,
      community: v.community ?? null,
      quotient: q == null ? null : {
        labels: q.labels, sizes: q.sizes, intraWeight: q.intraWeight, interWeight: q.interWeight, community: q.community,
        edges: { u: Array.from(q.edges.source), v: Array.from(q.edges.target), weight: q.edges.weight }, layout: q.layout,
      },
    };
  });
}

/** Names of the groups with fewer than `minGroupSize` (5) members, whose group figures the privacy guardrail withholds. */
export function suppressedGroups<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>, options?: { minGroupSize?: number }): string[] {
  checkKeys('suppressedGroups', options, ['minGroupSize'], []);
  const gr = groupsIn(g, groups);
  return guard(() => native.suppressedGroups(g._native, gr, checkNumber('minGroupSize', options?.minGroupSize)));
}

/** Members of each group, by group name (people without a group are in none). */
export function groupSizes<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>): Map<string, number> {
  const gr = groupsIn(g, groups);
  const s = guard(() => native.groupSizes(g._native, gr));
  return new Map(s.groups.map((name, i): [string, number] => [name, s.sizes[i]]));
}

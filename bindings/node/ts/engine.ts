/**
 * The multi-tenant engine: tenants with license tiers, streaming ingest into
 * versioned graphs that readers never wait for, snapshots with source
 * offsets, time windows, live statistics, and algorithms scheduled fairly
 * across tenants.
 */
import * as native from '../native.js';
import { checkKeys, run } from './call.js';
import { guard, invalid } from './errors.js';
import { type BigIntIds, Graph, type NodeId, type NumberIds, type StringIds, bigints, idTypeOf, numbers, strings } from './graph.js';
import { nativeIdType } from './store.js';

/** A license tier: Demo 100 people per graph, Basic 5,000, Professional 50,000, Enterprise unlimited. */
export type Tier = 'demo' | 'basic' | 'professional' | 'enterprise';

/** Options of {@link Engine.open}. */
export interface EngineOptions {
  /** Threads of the engine's pools (0, the default: one per core). */
  threads?: number;
  /** Compact graphs on a background thread (default `true`; `false`: inside the ingest call, deterministic). */
  backgroundCompaction?: boolean;
  /** Compact a graph once its delta holds this many edge changes (65536) ... */
  compactMinChanges?: number;
  /** ... and at least this fraction of its edges (0.05). */
  compactRatio?: number;
}

/** What an event does to the edge `src -> dst`: add its weight (default), remove the edge, or set its weight. */
export type Op = 'add' | 'remove' | 'set';

/** A time (milliseconds since the epoch, or the host's own unit) or a span of it. */
export type Time = number | bigint;

/** A batch of edge events, one row per event; every column has one entry per row. */
export interface Events<Id extends NodeId = NodeId> {
  /** Sources: non-negative integer numbers, BigInts or strings (a graph keeps the kind of its first batch). */
  src: Id extends string ? StringIds : Id extends bigint ? BigIntIds : NumberIds;
  /** Targets, of the same kind. */
  dst: Id extends string ? StringIds : Id extends bigint ? BigIntIds : NumberIds;
  /** Weights (default 1 each); finite. */
  weight?: Float64Array | readonly number[];
  /** Event times (default 0): integer numbers or a `BigInt64Array`. Windows use the same unit. */
  ts?: Float64Array | readonly number[] | BigInt64Array | readonly bigint[];
  /** Operations (default `'add'`). */
  op?: readonly Op[];
  /** Event ids: an id seen before is skipped (idempotent replays). */
  eventId?: Float64Array | readonly number[] | BigUint64Array | readonly bigint[];
  /** Where the batch came from (`'kafka:collab-events'`); with `offset`, rows below the stored offset are skipped. */
  source?: string;
  /** The source's partition (default 0). */
  partition?: number;
  /** Offset of the batch's first row; row `i` has offset `offset + i`. */
  offset?: number | bigint;
}

const EVENT_KEYS = ['src', 'dst', 'weight', 'ts', 'op', 'eventId', 'source', 'partition', 'offset'];

/** What {@link Tenant.applyEvents} and {@link Tenant.importEdges} did. */
export interface Applied {
  /** The graph's version after the batch. */
  version: number;
  /** Events applied. */
  applied: number;
  /** Events skipped: below the stored source offset, or an event id seen before. */
  skipped: number;
  /** Nodes the batch added. */
  newNodes: number;
}

/** Statistics of one version, kept up to date without recomputation. */
export interface LiveStats {
  version: number;
  nodes: number;
  /** Edges (undirected: each pair once). */
  edges: number;
  totalWeight: number;
  /** Directed graphs: pairs with edges both ways; undirected: 0. */
  mutualPairs: number;
  /** Weakly connected components. */
  components: number;
  /** Whether the components came from union-find on the delta (`false`: recomputed). */
  incrementalComponents: boolean;
}

/** Scores and the graph version they were computed on. */
export interface Stamped<Id extends NodeId = NodeId> {
  /** One score per node of `graph`, in its node order. */
  scores: Float64Array;
  /** The version the scores belong to (map indices to ids with it). */
  graph: Graph<Id>;
  version: number;
  /** Whether the method is exact (to the algorithm's own tolerance). */
  exact: boolean;
  /** Approximations: the documented bound on the error; `null` when exact. */
  errorBound: number | null;
}

/** Algorithms {@link Tenant.estimate} knows (the names of the `ona_algorithm_seconds` metric). */
export type AlgorithmName =
  | 'degree' | 'pagerank' | 'components' | 'k_hop' | 'clustering' | 'core_number' | 'closeness' | 'betweenness'
  | 'approx_betweenness' | 'communities';

/** What an algorithm is expected to cost. */
export interface Cost {
  algorithm: AlgorithmName;
  /** Peak extra memory beyond the graph. */
  memoryBytes: number;
  /** Wall-clock seconds on `threads` threads. */
  seconds: number;
  threads: number;
}

/** The stored next offset of one source partition. */
export interface SourceOffset {
  source: string;
  partition: number;
  next: number;
}

/** A tier's limits; `null` is unlimited. */
export interface TierLimits {
  maxNodes: number | null;
  maxGraphs: number | null;
  maxMemoryBytes: number | null;
  /** 0: streaming is not part of the tier (load with {@link Tenant.importEdges}). */
  maxEventsPerSecond: number | null;
  concurrency: number;
  exactBudgetSeconds: number;
}

/** Memory held by one tenant. */
export interface TenantMemory {
  tenant: string;
  tier: Tier;
  graphs: number;
  bytes: number;
}

/** Options of {@link Tenant.pagerank}: the engine runs the power iteration, warm-started from the last result. */
export interface TenantPageRankOptions {
  /** Damping factor (0.85). */
  alpha?: number;
  /** Tolerance (1e-6). */
  tol?: number;
  /** Iteration limit (100). */
  maxIter?: number;
  /** Use the edge weights (default `true`). */
  weight?: boolean;
  /** Abort: rejects with `ONA_CANCELLED`. */
  signal?: AbortSignal;
}

/** Options of {@link Tenant.betweenness}. */
export interface TenantBetweennessOptions {
  /**
   * `'auto'` (default: exact when the planner expects it to fit the tier's
   * budget, else approximate with ε = 0.01, δ = 0.1), `'exact'` or `'approximate'`.
   */
  mode?: 'auto' | 'exact' | 'approximate';
  /** Approximate: additive error bound on the normalized scale (0.01). */
  epsilon?: number;
  /** Approximate: failure probability (0.1). */
  delta?: number;
  /** Abort: rejects with `ONA_CANCELLED`. */
  signal?: AbortSignal;
}

const SIGNAL_ONLY = ['signal'];

function text(fn: string, what: string, s: unknown): string {
  if (typeof s !== 'string') throw invalid(`${fn}: ${what} must be a string`);
  return s;
}

function wrap<Id extends NodeId>(g: native.NativeGraph): Graph<Id> {
  return Graph._wrap<Id>(g, guard(() => nativeIdType(g)));
}

function times(a: unknown): Pick<native.EventsIn, 'ts' | 'tsBigints'> {
  if (a === undefined) return {};
  if (a instanceof BigInt64Array) return { tsBigints: a };
  if (a instanceof Float64Array) return { ts: a };
  if (Array.isArray(a) && a.every((x) => typeof x === 'number')) return { ts: Float64Array.from(a as number[]) };
  if (Array.isArray(a) && a.every((x) => typeof x === 'bigint')) return { tsBigints: BigInt64Array.from(a as bigint[]) };
  throw invalid('ts must be numbers, a BigInt64Array or BigInts');
}

function eventIds(a: unknown): Pick<native.EventsIn, 'eventId' | 'eventIdBigints'> {
  if (a === undefined) return {};
  if (a instanceof BigUint64Array) return { eventIdBigints: a };
  if (a instanceof Float64Array) return { eventId: a };
  if (Array.isArray(a) && a.every((x) => typeof x === 'number')) return { eventId: Float64Array.from(a as number[]) };
  if (Array.isArray(a) && a.every((x) => typeof x === 'bigint')) return { eventIdBigints: bigints('eventId', a) };
  throw invalid('eventId must be numbers, a BigUint64Array or BigInts');
}

function keys(name: string, kind: 'number' | 'bigint' | 'string', a: unknown): native.KeysIn {
  if (kind === 'string') return { strings: strings(name, a) };
  if (kind === 'bigint') return { bigints: bigints(name, a) };
  return { numbers: numbers(name, a) };
}

/** The native form of a batch (the facade checks names and JS types; values are checked natively). */
function eventsIn(fn: string, e: Events): native.EventsIn {
  if (e === null || typeof e !== 'object') throw invalid(`${fn}: events must be an object of columns`);
  checkKeys(fn, e, EVENT_KEYS, []);
  if (e.src === undefined || e.dst === undefined) throw invalid(`${fn}: src and dst are required`);
  const kind = idTypeOf(e.src, e.dst, undefined);
  let weight: Float64Array | undefined;
  if (e.weight !== undefined) {
    if (e.weight instanceof Float64Array) weight = e.weight;
    else if (Array.isArray(e.weight) && e.weight.every((x) => typeof x === 'number')) weight = Float64Array.from(e.weight);
    else throw invalid(`${fn}: weight must be a Float64Array or an array of numbers`);
  }
  if (e.op !== undefined && !(Array.isArray(e.op) && e.op.every((x) => typeof x === 'string'))) {
    throw invalid(`${fn}: op must be an array of 'add', 'remove' or 'set'`);
  }
  if (e.source !== undefined && typeof e.source !== 'string') throw invalid(`${fn}: source must be a string`);
  if (e.partition !== undefined && typeof e.partition !== 'number') throw invalid(`${fn}: partition must be a number`);
  if (e.offset !== undefined && typeof e.offset !== 'number' && typeof e.offset !== 'bigint') {
    throw invalid(`${fn}: offset must be a number or a BigInt`);
  }
  return {
    src: keys('src', kind, e.src),
    dst: keys('dst', kind, e.dst),
    weight,
    ...times(e.ts),
    op: e.op === undefined ? undefined : [...e.op],
    ...eventIds(e.eventId),
    source: e.source,
    partition: e.partition,
    offset: e.offset,
  };
}

function time(fn: string, name: string, t: unknown): Time {
  if (typeof t !== 'number' && typeof t !== 'bigint') throw invalid(`${fn}: ${name} must be a number or a BigInt`);
  return t;
}

function stamped<Id extends NodeId>(s: native.StampedOut): Stamped<Id> {
  return { scores: s.scores, graph: wrap<Id>(s.graph), version: s.version, exact: s.exact, errorBound: s.errorBound ?? null };
}

/**
 * Many tenants' graphs in one process, persisted under one directory. One
 * engine per directory at a time: {@link Engine.close} lets go of it.
 *
 * ```js
 * const eng = Engine.open('/var/lib/ona', { threads: 4 });
 * const acme = eng.tenant('acme', 'professional');
 * await acme.applyEvents('email', { src: [101, 102], dst: [102, 103], ts: [Date.now(), Date.now()], source: 'kafka:mail', offset: 0 });
 * const { scores, graph } = await acme.pagerank('email');
 * await eng.snapshot();
 * ```
 */
export class Engine {
  readonly #native: native.NativeEngine;

  private constructor(n: native.NativeEngine) {
    this.#native = n;
  }

  /**
   * Open (or create) the engine directory `path` and load every tenant's
   * latest snapshots (synchronously: a startup call). `ONA_IO` if another
   * engine has it open, `ONA_CORRUPT_ENGINE` if it is not an engine directory.
   */
  static open(path: string, options?: EngineOptions): Engine {
    checkKeys('Engine.open', options, ['threads', 'backgroundCompaction', 'compactMinChanges', 'compactRatio'], []);
    if (typeof path !== 'string' || path.length === 0) throw invalid('Engine.open: path must be a non-empty string');
    return new Engine(guard(() => native.NativeEngine.open(path, options)));
  }

  /** The engine directory. */
  get path(): string {
    return guard(() => this.#native.path);
  }

  /** Whether {@link Engine.close} was called. */
  get closed(): boolean {
    return guard(() => this.#native.closed);
  }

  /**
   * Tenant `id` (1 to 64 of `A-Z a-z 0-9 . _ -`, not starting with `.`;
   * `ONA_INVALID_NAME` otherwise), created with `tier` if new; an existing
   * tenant takes `tier` from its next request on (its data is kept).
   */
  tenant(id: string, tier: Tier): Tenant {
    const fn = 'Engine.tenant';
    const [i, t] = [text(fn, 'id', id), text(fn, 'tier', tier)];
    return new Tenant(guard(() => this.#native.tenant(i, t)));
  }

  /** An existing tenant (`ONA_NOT_FOUND` otherwise). */
  getTenant(id: string): Tenant {
    const i = text('Engine.getTenant', 'id', id);
    return new Tenant(guard(() => this.#native.getTenant(i)));
  }

  /** Every tenant and its tier. */
  tenants(): { id: string; tier: Tier }[] {
    return guard(() => this.#native.tenants()) as { id: string; tier: Tier }[];
  }

  /** Write every graph whose version moved since its last snapshot, with its source offsets; resolves with how many were written. */
  async snapshot(): Promise<number> {
    return run('Engine.snapshot', undefined, (ctx) => this.#native.snapshot(ctx));
  }

  /** Counters, gauges and histograms in the Prometheus text format (`ona_ingest_events_total`, ...). */
  metricsText(): string {
    return guard(() => this.#native.metricsText());
  }

  /** Memory per tenant. */
  memoryReport(): TenantMemory[] {
    return guard(() => this.#native.memoryReport()) as TenantMemory[];
  }

  /** Resolves when no background compaction is running. */
  async waitForCompactions(): Promise<void> {
    return run('Engine.waitForCompactions', undefined, (ctx) => this.#native.waitForCompactions(ctx));
  }

  /**
   * Let go of the engine: later calls on it and its tenants fail with
   * `ONA_ENGINE_CLOSED`. Resolves once calls in flight and background
   * compactions have ended and the directory is free for another engine.
   * Unsnapshotted changes are not written: call {@link Engine.snapshot} first.
   */
  async close(): Promise<void> {
    return run('Engine.close', undefined, (ctx) => this.#native.close(ctx));
  }
}

/** A handle on one tenant of an {@link Engine}. */
export class Tenant {
  readonly #native: native.NativeTenant;

  /** @internal */
  constructor(n: native.NativeTenant) {
    this.#native = n;
  }

  /** @internal The native handle (for the result cache). */
  get _native(): native.NativeTenant {
    return this.#native;
  }

  /** The tenant's id. */
  get id(): string {
    return guard(() => this.#native.id);
  }

  /** Its tier now. */
  get tier(): Tier {
    return guard(() => this.#native.tier) as Tier;
  }

  /** Its tier's limits. */
  limits(): TierLimits {
    const l = guard(() => this.#native.limits());
    return {
      maxNodes: l.maxNodes ?? null,
      maxGraphs: l.maxGraphs ?? null,
      maxMemoryBytes: l.maxMemoryBytes ?? null,
      maxEventsPerSecond: l.maxEventsPerSecond ?? null,
      concurrency: l.concurrency,
      exactBudgetSeconds: l.exactBudgetSeconds,
    };
  }

  /** Bytes held by its graphs, deltas, event logs and writer tables. */
  memoryBytes(): number {
    return guard(() => this.#native.memoryBytes());
  }

  /** Names of its graphs. */
  graphs(): string[] {
    return guard(() => this.#native.graphs());
  }

  /**
   * Create graph `name` (directed by default; a no-op if it exists with the
   * same options, `ONA_CONFLICT` if it exists with others). Graphs are also
   * created, directed, by their first batch.
   */
  createGraph(name: string, options?: { directed?: boolean }): void {
    checkKeys('Tenant.createGraph', options, ['directed'], []);
    const n = text('Tenant.createGraph', 'name', name);
    guard(() => this.#native.createGraph(n, options?.directed));
  }

  /**
   * Stream a batch of events into graph `graph` (created, directed, if new):
   * rate-limited by the tier (Demo and Basic do not stream: use
   * {@link Tenant.importEdges}), idempotent by `eventId` and by
   * `source`/`partition`/`offset`, all or nothing. Readers see the new
   * version as soon as this resolves. Refusals: `ONA_LIMIT_EXCEEDED` (with
   * `tenant`, `limit`, `requested`, `allowed`), `ONA_INVALID_EVENT`,
   * `ONA_CONFLICT` (keys of another kind than the graph's).
   */
  async applyEvents<Id extends NodeId>(graph: string, events: Events<Id>): Promise<Applied> {
    const fn = 'Tenant.applyEvents';
    const g = text(fn, 'graph', graph);
    const e = guard(() => eventsIn(fn, events as Events));
    return run(fn, undefined, (ctx) => this.#native.applyEvents(g, e, ctx));
  }

  /** Load a batch like {@link Tenant.applyEvents}, outside the streaming rate limit (node and memory limits still apply). */
  async importEdges<Id extends NodeId>(graph: string, events: Events<Id>): Promise<Applied> {
    const fn = 'Tenant.importEdges';
    const g = text(fn, 'graph', graph);
    const e = guard(() => eventsIn(fn, events as Events));
    return run(fn, undefined, (ctx) => this.#native.importEdges(g, e, ctx));
  }

  /**
   * The current version of graph `name` as a {@link Graph} (every ona
   * function takes it; `graph.version` says which version), or with
   * `window: [t0, t1]` the graph of the events with `t0 <= ts < t1`.
   */
  async graph<Id extends NodeId = NodeId>(name: string, options?: { window?: readonly [Time, Time] }): Promise<Graph<Id>> {
    const fn = 'Tenant.graph';
    checkKeys(fn, options, ['window'], []);
    const n = text(fn, 'name', name);
    const w = options?.window;
    if (w === undefined) {
      return run(fn, undefined, async (ctx) => wrap<Id>(await this.#native.graph(n, ctx)));
    }
    if (!Array.isArray(w) || w.length !== 2) throw invalid(`${fn}: window must be [t0, t1]`);
    const [t0, t1] = [time(fn, 'window[0]', w[0]), time(fn, 'window[1]', w[1])];
    return run(fn, undefined, async (ctx) => wrap<Id>(await this.#native.window(n, t0, t1, ctx)));
  }

  /** `count` windows of `width` ending at `end`, `end - step`, ... (oldest first). */
  async rolling<Id extends NodeId = NodeId>(name: string, options: { end: Time; width: Time; step: Time; count: number }): Promise<Graph<Id>[]> {
    const fn = 'Tenant.rolling';
    checkKeys(fn, options, ['end', 'width', 'step', 'count'], []);
    const n = text(fn, 'name', name);
    const o = options ?? {};
    const [end, width, step] = [time(fn, 'end', o.end), time(fn, 'width', o.width), time(fn, 'step', o.step)];
    if (typeof o.count !== 'number') throw invalid(`${fn}: count must be a number`);
    return run(fn, undefined, async (ctx) => (await this.#native.rolling(n, end, width, step, o.count, ctx)).map((g) => wrap<Id>(g)));
  }

  /** The version number of graph `name` (no materialisation). */
  version(name: string): number {
    const n = text('Tenant.version', 'name', name);
    return guard(() => this.#native.version(n));
  }

  /** Node, edge, weight, reciprocity and component counts of the current version. */
  async stats(name: string): Promise<LiveStats> {
    const n = text('Tenant.stats', 'name', name);
    return run('Tenant.stats', undefined, (ctx) => this.#native.stats(n, ctx));
  }

  /**
   * PageRank of the current version (power iteration, warm-started from the
   * previous result on this graph), scheduled fairly among tenants.
   * `errorBound` is the L1 distance to the fixed point it guarantees.
   */
  async pagerank<Id extends NodeId = NodeId>(name: string, options?: TenantPageRankOptions): Promise<Stamped<Id>> {
    const fn = 'Tenant.pagerank';
    checkKeys(fn, options, ['alpha', 'tol', 'maxIter', 'weight'], SIGNAL_ONLY);
    const n = text(fn, 'name', name);
    const o = options ?? {};
    const opts = { alpha: o.alpha, tol: o.tol, maxIter: o.maxIter, weight: o.weight };
    return run(fn, { signal: o.signal }, async (ctx) => stamped<Id>(await this.#native.pagerank(n, opts, ctx)));
  }

  /**
   * Normalized betweenness of the current version: exact (Brandes) or
   * (ε, δ)-approximate (Riondato–Kornaropoulos; `errorBound` is ε, holding
   * with probability 1 − δ); `exact` says which ran.
   */
  async betweenness<Id extends NodeId = NodeId>(name: string, options?: TenantBetweennessOptions): Promise<Stamped<Id>> {
    const fn = 'Tenant.betweenness';
    checkKeys(fn, options, ['mode', 'epsilon', 'delta'], SIGNAL_ONLY);
    const n = text(fn, 'name', name);
    const o = options ?? {};
    const opts = { mode: o.mode, epsilon: o.epsilon, delta: o.delta };
    return run(fn, { signal: o.signal }, async (ctx) => stamped<Id>(await this.#native.betweenness(n, opts, ctx)));
  }

  /** What `algorithm` would cost on the current version (`k` for `'k_hop'`, `samples` for `'approx_betweenness'`). */
  estimate(name: string, algorithm: AlgorithmName, options?: { k?: number; samples?: number }): Cost {
    const fn = 'Tenant.estimate';
    checkKeys(fn, options, ['k', 'samples'], []);
    const [n, a] = [text(fn, 'name', name), text(fn, 'algorithm', algorithm)];
    return guard(() => this.#native.estimate(n, a, options?.k, options?.samples)) as Cost;
  }

  /** The stored next offset of every (source, partition) of graph `name`: where a restarted consumer resumes. */
  offsets(name: string): SourceOffset[] {
    const n = text('Tenant.offsets', 'name', name);
    return guard(() => this.#native.offsets(n));
  }

  /** Merge graph `name`'s delta into a new base now (normally done in the background). */
  async compact(name: string): Promise<void> {
    const n = text('Tenant.compact', 'name', name);
    return run('Tenant.compact', undefined, (ctx) => this.#native.compact(n, ctx));
  }

  /** Write every graph's current version to disk; resolves with how many were written. */
  async snapshot(): Promise<number> {
    return run('Tenant.snapshot', undefined, (ctx) => this.#native.snapshot(ctx));
  }
}

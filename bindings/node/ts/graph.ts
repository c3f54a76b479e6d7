/** Graphs: building from edge arrays of numbers, BigInts or strings; ids and indices. */
import * as native from '../native.js';
import { type CallOptions, checkKeys, checkNumber, run } from './call.js';
import { OnaError, guard, invalid } from './errors.js';

/** A node id: a number, a BigInt or a string, as the graph was built. */
export type NodeId = number | bigint | string;

/** What {@link Graph.nodeIds} returns for a graph with ids of type `Id`. */
export type NodeIds<Id extends NodeId> = Id extends string ? string[] : Id extends bigint ? BigUint64Array : Float64Array;

/** Edge endpoints: all numbers, all BigInts or all strings. */
export type NumberIds = Uint32Array | Float64Array | readonly number[];
export type BigIntIds = BigUint64Array | readonly bigint[];
export type StringIds = readonly string[];

/** Options of {@link Graph.fromEdges}. */
export interface FromEdgesOptions<Id extends NodeId> {
  /** One weight per edge row; a `Float32Array` keeps weights in single precision. */
  weight?: Float64Array | Float32Array | readonly number[];
  /** Directed graph (default `false`, NetworkX's `Graph`). */
  directed?: boolean;
  /** Repeated edges: `'sum'` their weights (default), keep the `'max'` or the `'first'`, or throw (`'error'`). */
  duplicates?: 'sum' | 'max' | 'first' | 'error';
  /** Self loops: `'keep'` (default, as NetworkX), `'drop'` or throw (`'error'`). */
  selfLoops?: 'keep' | 'drop' | 'error';
  /** Extra nodes (isolated ones, say); string nodes are numbered in first-seen order, these first. */
  nodes?: Id extends string ? StringIds : Id extends bigint ? BigIntIds : NumberIds;
  /**
   * Numeric ids only: the ids are node indices and the graph has exactly
   * nodes `0..numNodes-1` (isolated ones included). The fastest way in:
   * `Uint32Array`s are used as they are. Without it the nodes are the
   * distinct ids, numbered in ascending order.
   */
  numNodes?: number;
  /** `fromEdges` only: abort the build. */
  signal?: AbortSignal;
}

const FROM_EDGES_KEYS = ['weight', 'directed', 'duplicates', 'selfLoops', 'nodes', 'numNodes', 'signal'];

/** @internal */
export type IdType = 'number' | 'bigint' | 'string';

/** @internal */
export function idTypeOf(src: unknown, dst: unknown, nodes: unknown): IdType {
  for (const a of [src, dst, nodes]) {
    if (a instanceof BigUint64Array) return 'bigint';
    if (a instanceof Uint32Array || a instanceof Float64Array) return 'number';
    if (Array.isArray(a) && a.length > 0) {
      const t = typeof a[0];
      if (t === 'number' || t === 'bigint' || t === 'string') return t;
      throw invalid(`node ids must be numbers, BigInts or strings, got ${t}`);
    }
  }
  return 'number';
}

/** @internal */
export function numbers(name: string, a: unknown): Float64Array {
  if (a instanceof Float64Array) return a;
  if (a instanceof Uint32Array) return Float64Array.from(a);
  if (Array.isArray(a) && a.every((x) => typeof x === 'number')) return Float64Array.from(a as number[]);
  throw invalid(`${name} must hold numbers like the other id arrays`);
}

function indices(name: string, a: unknown): Uint32Array {
  if (a instanceof Uint32Array) return a;
  const f = numbers(name, a);
  const out = new Uint32Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const x = f[i];
    if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw invalid(`${name}[${i}] = ${x} is not a node index`);
    out[i] = x;
  }
  return out;
}

/** @internal */
export function bigints(name: string, a: unknown): BigUint64Array {
  if (a instanceof BigUint64Array) return a;
  if (Array.isArray(a)) {
    const out = new BigUint64Array(a.length);
    a.forEach((x, i) => {
      if (typeof x !== 'bigint' || x < 0n || x >= 1n << 64n) throw invalid(`${name}[${i}] is not a BigInt id in [0, 2^64)`);
      out[i] = x;
    });
    return out;
  }
  throw invalid(`${name} must hold BigInts like the other id arrays`);
}

/** @internal */
export function strings(name: string, a: unknown): string[] {
  if (Array.isArray(a) && a.every((x) => typeof x === 'string')) return a as string[];
  throw invalid(`${name} must hold strings like the other id arrays`);
}

function weightsIn(w: unknown): native.WeightsIn | undefined {
  if (w === undefined || w === null) return undefined;
  if (w instanceof Float64Array) return { f64: w };
  if (w instanceof Float32Array) return { f32: w };
  if (Array.isArray(w) && w.every((x) => typeof x === 'number')) return { f64: Float64Array.from(w as number[]) };
  throw invalid('weight must be a Float64Array, a Float32Array or an array of numbers');
}

/** The native build call for these inputs, sync or async. */
function prepareBuild(
  src: unknown,
  dst: unknown,
  options: FromEdgesOptions<NodeId> | undefined,
  fn: string,
): { idType: IdType; sync: () => native.NativeGraph; async: (ctx: native.RunContext) => Promise<native.NativeGraph> } {
  checkKeys(fn, options, FROM_EDGES_KEYS);
  const o = options ?? {};
  const weights = weightsIn(o.weight);
  const build: native.BuildOptions = { directed: o.directed, duplicates: o.duplicates, selfLoops: o.selfLoops };
  const idType = idTypeOf(src, dst, o.nodes);
  if (o.numNodes !== undefined) {
    if (idType !== 'number') throw invalid(`${fn}: numNodes needs numeric ids`);
    if (o.nodes !== undefined) throw invalid(`${fn}: with numNodes every node 0..numNodes-1 exists; drop nodes`);
    const [s, d, n] = [indices('src', src), indices('dst', dst), checkNumber('numNodes', o.numNodes) ?? 0];
    return {
      idType,
      sync: () => native.buildIndexedSync(s, d, n, weights, build),
      async: (ctx) => native.buildIndexed(s, d, n, weights, build, ctx),
    };
  }
  if (idType === 'number') {
    const [s, d] = [numbers('src', src), numbers('dst', dst)];
    const nodes = o.nodes === undefined ? undefined : numbers('nodes', o.nodes);
    return {
      idType,
      sync: () => native.buildNumberIdsSync(s, d, nodes, weights, build),
      async: (ctx) => native.buildNumberIds(s, d, nodes, weights, build, ctx),
    };
  }
  if (idType === 'bigint') {
    const [s, d] = [bigints('src', src), bigints('dst', dst)];
    const nodes = o.nodes === undefined ? undefined : bigints('nodes', o.nodes);
    return {
      idType,
      sync: () => native.buildBigintIdsSync(s, d, nodes, weights, build),
      async: (ctx) => native.buildBigintIds(s, d, nodes, weights, build, ctx),
    };
  }
  const [s, d] = [strings('src', src), strings('dst', dst)];
  const nodes = o.nodes === undefined ? undefined : strings('nodes', o.nodes);
  return {
    idType,
    sync: () => native.buildStringIdsSync(s, d, nodes, weights, build),
    async: (ctx) => native.buildStringIds(s, d, nodes, weights, build, ctx),
  };
}

/** One entry of {@link Graph.topK}. */
export interface Ranked<Id extends NodeId> {
  id: Id;
  index: number;
  value: number;
}

/** A categorical node attribute (e.g. `department` of a generated organisation). */
export interface Attribute {
  /** Per node, an index into `values`, or 4294967295 where missing. */
  codes: Uint32Array;
  /** Distinct values in first-seen order. */
  values: string[];
}

/**
 * An immutable graph. Node `i` (`0..numberOfNodes()-1`) is
 * `nodeIds()[i]`; every per-node result is indexed the same way.
 */
export class Graph<Id extends NodeId = NodeId> {
  /** @internal */
  readonly _native: native.NativeGraph;
  /** @internal */
  readonly _idType: IdType;
  #ids: NodeIds<Id> | undefined;

  private constructor(g: native.NativeGraph, idType: IdType) {
    this._native = g;
    this._idType = idType;
  }

  /** @internal */
  static _wrap<Id extends NodeId>(g: native.NativeGraph, idType: IdType): Graph<Id> {
    return new Graph<Id>(g, idType);
  }

  /**
   * Build a graph from edge rows `src[i] - dst[i]`, off the event loop.
   * The inputs are first copied on the calling thread (so they may change
   * afterwards; about 0.1 s for 16 M rows), then built on ona's pool. NaN
   * or infinite weights, ids out of range and unequal lengths are refused.
   */
  static fromEdges(src: NumberIds, dst: NumberIds, options?: FromEdgesOptions<number>): Promise<Graph<number>>;
  static fromEdges(src: BigIntIds, dst: BigIntIds, options?: FromEdgesOptions<bigint>): Promise<Graph<bigint>>;
  static fromEdges(src: StringIds, dst: StringIds, options?: FromEdgesOptions<string>): Promise<Graph<string>>;
  static async fromEdges(src: unknown, dst: unknown, options?: FromEdgesOptions<NodeId>): Promise<Graph<NodeId>> {
    const b = guard(() => prepareBuild(src, dst, options, 'Graph.fromEdges'));
    const g = await run('Graph.fromEdges', { signal: options?.signal }, b.async);
    return new Graph(g, b.idType);
  }

  /**
   * {@link Graph.fromEdges} on the calling thread, reading typed arrays in
   * place (no copy): for scripts, small graphs, and startup code.
   */
  static fromEdgesSync(src: NumberIds, dst: NumberIds, options?: FromEdgesOptions<number>): Graph<number>;
  static fromEdgesSync(src: BigIntIds, dst: BigIntIds, options?: FromEdgesOptions<bigint>): Graph<bigint>;
  static fromEdgesSync(src: StringIds, dst: StringIds, options?: FromEdgesOptions<string>): Graph<string>;
  static fromEdgesSync(src: unknown, dst: unknown, options?: FromEdgesOptions<NodeId>): Graph<NodeId> {
    if (options?.signal !== undefined) throw invalid('Graph.fromEdgesSync: signal needs the asynchronous fromEdges');
    const b = guard(() => prepareBuild(src, dst, options, 'Graph.fromEdgesSync'));
    return new Graph(guard(b.sync), b.idType);
  }

  /** Nodes. */
  numberOfNodes(): number {
    return guard(() => this._native.nodeCount());
  }
  /** Edges, as NetworkX counts them (an undirected edge once, a self loop once). */
  numberOfEdges(): number {
    return guard(() => this._native.edgeCount());
  }
  /** Self loops. */
  numberOfSelfLoops(): number {
    return guard(() => this._native.selfLoopCount());
  }
  /**
   * The engine version this graph is (or, for a time window, was cut from),
   * for graphs read from an engine (`Tenant.graph`); `null` for every other graph.
   */
  get version(): number | null {
    return guard(() => this._native.version);
  }
  /** Whether edges have a direction. */
  isDirected(): boolean {
    return guard(() => this._native.isDirected());
  }
  /** Whether edges carry weights. */
  isWeighted(): boolean {
    return guard(() => this._native.isWeighted());
  }
  /** Heap bytes held by the graph (adjacency, weights, ids, attributes). */
  memoryBytes(): number {
    return guard(() => this._native.memoryBytes());
  }

  /** Every node's id, in node order (a fresh copy on each call). */
  nodeIds(): NodeIds<Id> {
    const ids = this.#cachedIds();
    return (Array.isArray(ids) ? [...ids] : ids.slice()) as NodeIds<Id>;
  }

  #cachedIds(): NodeIds<Id> {
    if (this.#ids === undefined) {
      const g = this._native;
      const kind = this._idType;
      this.#ids = guard(() => (kind === 'string' ? g.idsAsStrings() : kind === 'bigint' ? g.idsAsBigints() : g.idsAsNumbers())) as NodeIds<Id>;
    }
    return this.#ids;
  }

  /** @internal The id of node `index`. */
  _idAt(index: number): Id {
    return (this.#cachedIds() as ArrayLike<NodeId>)[index] as Id;
  }

  /** The index of node `id`; throws `ONA_UNKNOWN_NODE` if the graph has no such node. */
  indexOf(id: Id): number {
    return guard(() => {
      if (typeof id === 'string') return this._native.indexOfString(id);
      if (typeof id === 'bigint') return this._native.indexOfBigint(id);
      if (typeof id === 'number') return this._native.indexOfNumber(id);
      throw invalid(`a node id must be a number, a BigInt or a string, got ${typeof id}`);
    });
  }

  /** Whether node `id` exists. */
  has(id: Id): boolean {
    try {
      this.indexOf(id);
      return true;
    } catch (e) {
      if (e instanceof OnaError && e.code === 'ONA_UNKNOWN_NODE') return false;
      throw e;
    }
  }

  /** The `k` highest `values` (one per node), best first; ties by lower index; NaN last. */
  topK(values: Float64Array | readonly number[], k: number): Ranked<Id>[] {
    const v = values instanceof Float64Array ? values : Float64Array.from(values);
    if (v.length !== this.numberOfNodes()) {
      throw new OnaError('ONA_LENGTH_MISMATCH', `topK: ${v.length} values for ${this.numberOfNodes()} nodes`);
    }
    const top = guard(() => native.topK(v, k));
    return Array.from(top, (index) => ({ id: this._idAt(index), index, value: v[index] }));
  }

  /**
   * Write the graph as a snapshot file: compressed and checksummed, read back
   * with `readSnapshot` (or `ona metrics --graph`, or Python's
   * `ona.read_snapshot`). Crash-safe: the bytes go to a temporary file beside
   * `file`, which is synced and renamed over it, so a crash leaves the old
   * file or the new one, never a torn one. Resolves with the bytes written.
   */
  async writeSnapshot(file: string, options?: CallOptions): Promise<number> {
    checkKeys('Graph.writeSnapshot', options, []);
    if (typeof file !== 'string' || file.length === 0) throw invalid('Graph.writeSnapshot: path must be a non-empty string');
    return run('Graph.writeSnapshot', options, (ctx) => native.writeSnapshot(this._native, file, ctx));
  }

  /** Names of the categorical node attributes. */
  attributeNames(): string[] {
    return guard(() => this._native.attributeNames());
  }
  /** Categorical attribute `name`, or `undefined`. */
  attribute(name: string): Attribute | undefined {
    return guard(() => this._native.attribute(name)) ?? undefined;
  }
}

/** @internal The index of node `id`, which must be given. */
export function nodeIndex<Id extends NodeId>(g: Graph<Id>, name: string, id: Id): number {
  if (id === undefined) throw invalid(`${name} is required`);
  return g.indexOf(id);
}

/**
 * A per-node vector: an array aligned with node order, or a `Map` from ids
 * to values (absent nodes get 0, as NetworkX's dicts).
 */
export type PerNode<Id extends NodeId> = Float64Array | readonly number[] | ReadonlyMap<Id, number>;

/** @internal */
export function perNode<Id extends NodeId>(g: Graph<Id>, name: string, v: PerNode<Id> | undefined): Float64Array | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Float64Array) return v;
  if (Array.isArray(v)) return Float64Array.from(v as number[]);
  if (v instanceof Map) {
    const out = new Float64Array(g.numberOfNodes());
    for (const [id, x] of v) out[g.indexOf(id)] = x;
    return out;
  }
  throw invalid(`${name} must be a Float64Array, an array of numbers or a Map from node ids`);
}

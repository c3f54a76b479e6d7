/** Files: snapshots (checksummed binary graphs) and tables (CSV, Parquet, Arrow IPC). */
import * as native from '../native.js';
import { type CallOptions, checkKeys, run } from './call.js';
import { guard, invalid } from './errors.js';
import { Graph, type IdType, type NodeId } from './graph.js';

/** Options of {@link readEdges}. */
export interface ReadEdgesOptions extends CallOptions {
  /** A node table (same formats): ids, then categorical attribute columns; adds isolated nodes. */
  nodes?: string;
  /** Directed graph (default `false`). */
  directed?: boolean;
  /** Source column (default `source` / `src` / `from`, else the first column). */
  source?: string;
  /** Target column (default `target` / `dst` / `to`, else the next column). */
  target?: string;
  /** Weight column; `false` reads no weights; default a column called `weight` if there is one. */
  weight?: string | false;
  /** The node table's id column (default `id` / `node`, else the first). */
  nodeId?: string;
  /** Repeated edges: `'sum'` their weights (default), keep the `'max'` or the `'first'`, or throw (`'error'`). */
  duplicates?: 'sum' | 'max' | 'first' | 'error';
  /** Self loops: `'keep'` (default), `'drop'` or throw (`'error'`). */
  selfLoops?: 'keep' | 'drop' | 'error';
}

const READ_EDGES_KEYS = ['nodes', 'directed', 'source', 'target', 'weight', 'nodeId', 'duplicates', 'selfLoops'];

/** Options of {@link writeResults}. */
export interface WriteResultsOptions extends CallOptions {
  /** `'parquet'` (zstd), `'arrow'` (IPC file), `'csv'` or `'tsv'`; default by the path's extension. */
  format?: 'parquet' | 'arrow' | 'ipc' | 'feather' | 'csv' | 'tsv';
}

/** @internal Integer ids come back as numbers while every one is exact, else as BigInts. */
export function nativeIdType(g: native.NativeGraph): IdType {
  const kind = g.idKind();
  if (kind === 'string') return 'string';
  if (kind === 'index') return 'number';
  const ids = g.idsAsBigints();
  return ids.length === 0 || ids[ids.length - 1] <= BigInt(Number.MAX_SAFE_INTEGER) ? 'number' : 'bigint';
}

function path(fn: string, p: unknown): string {
  if (typeof p !== 'string' || p.length === 0) throw invalid(`${fn}: path must be a non-empty string`);
  return p;
}

/**
 * Read and validate a snapshot file (from {@link Graph.writeSnapshot},
 * `ona import` or Python's `Graph.write_snapshot`). Every checksum, bound and
 * invariant is checked first: a damaged file rejects with
 * `ONA_CORRUPT_SNAPSHOT` (the message names the section), a newer ona's file
 * with `ONA_UNSUPPORTED_VERSION`, a missing one with `ONA_IO`. The graph is
 * decompressed into memory; the file is not kept open.
 */
export async function readSnapshot<Id extends NodeId = NodeId>(file: string, options?: CallOptions): Promise<Graph<Id>> {
  checkKeys('readSnapshot', options, []);
  const p = guard(() => path('readSnapshot', file));
  return run('readSnapshot', options, async (ctx) => {
    const g = await native.readSnapshot(p, ctx);
    return Graph._wrap<Id>(g, guard(() => nativeIdType(g)));
  });
}

/**
 * Read an edge table (CSV / TSV with a header row, Parquet, Arrow IPC; the
 * format by extension, else by content) into a graph. Ids are integers when
 * every id is a canonical non-negative integer, otherwise strings (numbered in
 * first-seen order over the node table, then the edge rows). Errors name the
 * file, row and column: `ONA_INVALID_TABLE`, `ONA_TABLE_FORMAT`,
 * `ONA_DUPLICATE_EDGE`, `ONA_SELF_LOOP`, `ONA_IO`.
 */
export async function readEdges<Id extends NodeId = NodeId>(file: string, options?: ReadEdgesOptions): Promise<Graph<Id>> {
  checkKeys('readEdges', options, READ_EDGES_KEYS);
  const p = guard(() => path('readEdges', file));
  const o = options ?? {};
  if (o.weight !== undefined && o.weight !== false && typeof o.weight !== 'string') {
    throw invalid(`readEdges: weight must be a column name or false, got ${String(o.weight)}`);
  }
  const opts: native.ReadEdgesOptions = {
    nodes: o.nodes,
    directed: o.directed,
    source: o.source,
    target: o.target,
    weight: typeof o.weight === 'string' ? o.weight : undefined,
    unweighted: o.weight === false ? true : undefined,
    nodeId: o.nodeId,
    duplicates: o.duplicates,
    selfLoops: o.selfLoops,
  };
  return run('readEdges', options, async (ctx) => {
    const g = await native.readEdges(p, opts, ctx);
    return Graph._wrap<Id>(g, guard(() => nativeIdType(g)));
  });
}

/**
 * Write per-node results to a Parquet, Arrow IPC or CSV file: a column `id`
 * (the graph's node ids), then one column per entry of `columns`, in order,
 * each one value per node in node order (e.g. `await pagerank(g)`).
 * `Float64Array`s and number arrays are written as Float64, `Uint32Array`s
 * (labels, core numbers) as UInt32. A column of the wrong length or named
 * `id` rejects with `ONA_INVALID_TABLE`.
 */
export async function writeResults<Id extends NodeId>(
  file: string,
  graph: Graph<Id>,
  columns: Readonly<Record<string, Float64Array | Uint32Array | readonly number[]>>,
  options?: WriteResultsOptions,
): Promise<void> {
  checkKeys('writeResults', options, ['format']);
  const p = guard(() => path('writeResults', file));
  if (!(graph instanceof Graph)) throw invalid('writeResults: graph must be a Graph');
  if (columns === null || typeof columns !== 'object') throw invalid('writeResults: columns must be an object of arrays');
  const cols: native.ResultIn[] = Object.entries(columns).map(([name, v]) => {
    if (v instanceof Uint32Array) return { name, u32: v };
    if (v instanceof Float64Array) return { name, f64: v };
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return { name, f64: Float64Array.from(v) };
    throw invalid(`writeResults: column ${JSON.stringify(name)} must be a Float64Array, a Uint32Array or an array of numbers`);
  });
  const format = options?.format;
  return run('writeResults', options, (ctx) => native.writeResults(p, graph._native, cols, format, ctx));
}

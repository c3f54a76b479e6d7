/**
 * Neo4j (ona-neo4j): project a graph out of Neo4j with two Cypher queries,
 * compute on it with any ona function, write results back as node
 * properties (GDS "write mode"), run Cypher.
 */
import * as native from '../native.js';
import type { Version } from './cache.js';
import { type CallOptions, checkKeys, run } from './call.js';
import { invalid } from './errors.js';
import { Graph, type NodeId } from './graph.js';
import { nativeIdType } from './store.js';

/** Options of {@link Neo4j.connect}; each defaults to its `ONA_NEO4J_*` environment variable. */
export interface Neo4jOptions {
  /** Bolt URI, `bolt://host:port` (default `ONA_NEO4J_URI`; required). */
  uri?: string;
  /** User (default `ONA_NEO4J_USER`, else `neo4j`). */
  user?: string;
  /** Password (default `ONA_NEO4J_PASSWORD`, else empty). */
  password?: string;
  /** Database (default `ONA_NEO4J_DATABASE`, else the server's default). */
  database?: string;
  /** Rows per Bolt `PULL`: the page size of projections (10,000). */
  fetchSize?: number;
  /** Pooled connections (2). */
  maxConnections?: number;
}

const CONNECT_KEYS = ['uri', 'user', 'password', 'database', 'fetchSize', 'maxConnections'];

/**
 * Query parameters (`$name` in Cypher): `null`, booleans, numbers (integers
 * below 2^53 in size travel as Cypher integers, other numbers as floats),
 * BigInts (integers), strings, and arrays and plain objects of these.
 */
export type CypherParams = Record<string, unknown>;

/** What {@link Neo4j.project} reads. */
export interface ProjectionQuery extends CallOptions {
  /** Cypher returning `id` (a non-negative integer or a string) and attribute columns (each a categorical node attribute). */
  nodes: string;
  /** Cypher returning `src`, `dst`, optionally `weight` (`null` counts 1) and `timestamp` (an integer). */
  relationships: string;
  /** Parameters of both queries. */
  params?: CypherParams;
  /** A directed graph (default `true`). */
  directed?: boolean;
}

const PROJECT_KEYS = ['nodes', 'relationships', 'params', 'directed'];

/** A projected graph and its version. */
export interface Projection<Id extends NodeId = NodeId> {
  /** The graph: Neo4j's ids, attributes from the node query. Every ona function takes it. */
  graph: Graph<Id>;
  /**
   * Its version: BLAKE3 over the queries, the parameters and every row read,
   * as a 64-bit integer (a BigInt unless it happens to be below 2^53). The
   * version to give {@link ResultCache.graphMetric}.
   */
  version: Version;
  /** The same version as 16 hex digits (for JSON and logs). */
  versionKey: string;
  /** Rows read, and the largest relationship `timestamp` (`null` if none). */
  counts: { nodes: number; relationships: number; maxTimestamp: number | bigint | null };
}

/** Options of {@link Neo4j.write}. */
export interface Neo4jWriteOptions extends CallOptions {
  /** Label of the nodes written (default `Person`). */
  label?: string;
  /** Property holding the id the graph was projected with (default `id`). */
  idKey?: string;
  /** Rows per transaction (10,000). */
  batchSize?: number;
}

/** What {@link Neo4j.write} did. */
export interface WriteReport {
  /** Nodes written. */
  rows: number;
  /** Transactions committed. */
  batches: number;
  /** Wall time, seconds (index creation included). */
  seconds: number;
}

function text(fn: string, what: string, s: unknown): string {
  if (typeof s !== 'string') throw invalid(`${fn}: ${what} must be a string`);
  return s;
}

function paramsOf(fn: string, p: unknown): CypherParams | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p !== 'object' || Array.isArray(p)) throw invalid(`${fn}: params must be an object`);
  return p as CypherParams;
}

/**
 * A connection (a small pool) to Neo4j. Every call runs on ona's pool and
 * returns a Promise. Errors: `ONA_IO` (cannot connect), `ONA_QUERY` (Cypher
 * the server rejected; the message carries its reason), `ONA_INVALID_TABLE`
 * (rows a projection cannot use: a missing `id`/`src`/`dst` column, a value
 * of the wrong type, an id twice), `ONA_NOT_FOUND` (write-back ids matching
 * no node; that batch is rolled back), `ONA_INVALID_PARAMETER` (a bad name
 * or option).
 *
 * ```js
 * const neo = await Neo4j.connect();            // ONA_NEO4J_URI, _USER, _PASSWORD
 * const { graph, version } = await neo.project({
 *   nodes: 'MATCH (p:Person {tenant: $t}) RETURN p.id AS id, p.dept AS dept',
 *   relationships: 'MATCH (a:Person {tenant: $t})-[r:EMAILED]->(b) RETURN a.id AS src, b.id AS dst, r.weight AS weight',
 *   params: { t: 'acme' },
 * });
 * await neo.write(graph, 'pagerank', await pagerank(graph), { label: 'Person' });
 * ```
 */
export class Neo4j {
  readonly #native: native.NativeNeo4j;

  private constructor(n: native.NativeNeo4j) {
    this.#native = n;
  }

  /** Connect and check the session (`RETURN 1`): `ONA_IO` when the server cannot be reached or refuses. */
  static async connect(options?: Neo4jOptions): Promise<Neo4j> {
    const fn = 'Neo4j.connect';
    checkKeys(fn, options, CONNECT_KEYS, []);
    const env = process.env;
    const o = {
      uri: options?.uri ?? env.ONA_NEO4J_URI,
      user: options?.user ?? env.ONA_NEO4J_USER,
      password: options?.password ?? env.ONA_NEO4J_PASSWORD,
      database: options?.database ?? env.ONA_NEO4J_DATABASE,
      fetchSize: options?.fetchSize,
      maxConnections: options?.maxConnections,
    };
    if (o.uri === undefined) throw invalid(`${fn}: no uri given and ONA_NEO4J_URI is not set`);
    return run(fn, undefined, async (ctx) => new Neo4j(await native.NativeNeo4j.connect(o, ctx)));
  }

  /** The Bolt URI. */
  get uri(): string {
    return this.#native.uri;
  }

  /**
   * Project a graph: rows are pulled `fetchSize` at a time and decoded
   * straight into columns (never held twice), then built on ona's pool.
   * Endpoints that no node row names become nodes without attributes.
   */
  async project<Id extends NodeId = NodeId>(query: ProjectionQuery): Promise<Projection<Id>> {
    const fn = 'Neo4j.project';
    if (query === null || typeof query !== 'object') throw invalid(`${fn}: query must be an object`);
    checkKeys(fn, query, PROJECT_KEYS);
    const [nodes, rels] = [text(fn, 'nodes', query.nodes), text(fn, 'relationships', query.relationships)];
    const params = paramsOf(fn, query.params);
    if (query.directed !== undefined && typeof query.directed !== 'boolean') throw invalid(`${fn}: directed must be a boolean`);
    return run(fn, query, async (ctx) => {
      const p = await this.#native.project(nodes, rels, params, query.directed, ctx);
      return {
        graph: Graph._wrap<Id>(p.graph, nativeIdType(p.graph)),
        version: p.version,
        versionKey: p.versionKey,
        counts: { nodes: p.counts.nodes, relationships: p.counts.relationships, maxTimestamp: p.counts.maxTimestamp ?? null },
      };
    });
  }

  /**
   * Write one value per node of `graph` as node property `property` of
   * `(:label {idKey: id})`, in batched `UNWIND` transactions: floats from a
   * `Float64Array` (stored bit for bit), integers from a `Uint32Array` (a
   * partition). `ONA_LENGTH_MISMATCH` unless one value per node.
   */
  async write(graph: Graph, property: string, values: Float64Array | Uint32Array, options?: Neo4jWriteOptions): Promise<WriteReport> {
    const fn = 'Neo4j.write';
    checkKeys(fn, options, ['label', 'idKey', 'batchSize']);
    if (!(graph instanceof Graph)) throw invalid(`${fn}: graph must be a Graph`);
    const p = text(fn, 'property', property);
    if (!(values instanceof Float64Array) && !(values instanceof Uint32Array)) throw invalid(`${fn}: values must be a Float64Array or a Uint32Array`);
    const o = { label: options?.label, idKey: options?.idKey, batchSize: options?.batchSize };
    return run(fn, options, (ctx) => this.#native.write(graph._native, p, values, o, ctx));
  }

  /** Run a statement in its own transaction, discarding its rows. */
  async run(cypher: string, params?: CypherParams): Promise<void> {
    const fn = 'Neo4j.run';
    const [c, p] = [text(fn, 'cypher', cypher), paramsOf(fn, params)];
    return run(fn, undefined, (ctx) => this.#native.run(c, p, ctx));
  }

  /**
   * Run a query and collect its rows as plain objects (for small results:
   * read-back, checks). Integers come back as numbers while exact, else BigInts.
   */
  async rows(cypher: string, params?: CypherParams): Promise<Record<string, unknown>[]> {
    const fn = 'Neo4j.rows';
    const [c, p] = [text(fn, 'cypher', cypher), paramsOf(fn, params)];
    return run(fn, undefined, (ctx) => this.#native.rows(c, p, ctx));
  }
}

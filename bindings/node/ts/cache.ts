/**
 * The result cache (ona-redis): per-person metrics of a graph served from
 * Redis by graph version, computed when Redis does not have them or is down.
 */
import * as native from '../native.js';
import { type CallOptions, checkKeys, run } from './call.js';
import type { Tenant } from './engine.js';
import { guard, invalid } from './errors.js';
import type { Graph, IdType, NodeId, NodeIds } from './graph.js';

/**
 * A graph version: a number while it is exact (engine versions count
 * batches), a BigInt above 2^53 (Neo4j versions are hashes). One version
 * always has the same form, so `===` compares versions from any call.
 */
export type Version = number | bigint;

/** The metrics the cache serves, each with one fixed parameter set. */
export type MetricName = 'degree' | 'pagerank' | 'betweenness';

/** A metric as served. */
export interface CachedMetric<Id extends NodeId = NodeId> {
  /** The graph version the values belong to. */
  version: Version;
  /** Read from Redis, or computed (and stored when Redis took it). */
  source: 'cache' | 'computed';
  /** The people, as the graph names them (`Float64Array`, `BigUint64Array` above 2^53, or strings). */
  ids: NodeIds<Id>;
  /** One value per person, in `ids` order. */
  scores: Float64Array;
}

/** Options of the {@link ResultCache} constructor. */
export interface ResultCacheOptions {
  /** Seconds each stored result lives (whole, at least 1; default 3600). Versioned keys never go stale: the TTL only bounds memory. */
  ttlS?: number;
}

/** What {@link ResultCache.warm} did. */
export interface Warmed {
  /** The version the metrics were computed on (now the published one). */
  version: Version;
  /** How many Redis took (fewer than asked when Redis is down: warming is best effort). */
  stored: number;
}

/** Counters since the cache was made. */
export interface CacheStats {
  /** Values served from Redis. */
  hits: number;
  /** Lookups Redis answered with "no such key". */
  misses: number;
  /** Values computed. */
  computed: number;
  /** Values stored in Redis. */
  stored: number;
  /** Payloads that failed their checksum (deleted, recomputed). */
  corrupt: number;
  /** Redis calls that failed, timed out, or were skipped by the open circuit breaker. */
  redisUnavailable: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function text(fn: string, what: string, s: unknown): string {
  if (typeof s !== 'string') throw invalid(`${fn}: ${what} must be a string`);
  return s;
}

function names(fn: string, a: unknown): string[] {
  if (!Array.isArray(a) || !a.every((x) => typeof x === 'string')) throw invalid(`${fn}: metrics must be an array of metric names`);
  return a as string[];
}

function versionOf(fn: string, v: unknown): Version {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw invalid(`${fn}: version must be a number or a BigInt`);
  return v;
}

function graphOf(fn: string, g: unknown): Graph {
  const n = (g as Graph | null)?._native;
  if (!(n instanceof native.NativeGraph)) throw invalid(`${fn}: graph must be a Graph`);
  return g as Graph;
}

/** Ids in the graph's own form (`idType`), or by value: numbers while every one is exact. */
function ids<Id extends NodeId>(m: native.CachedMetricOut, idType?: IdType): NodeIds<Id> {
  if (m.strIds != null) return m.strIds as NodeIds<Id>;
  const big = m.intIds ?? new BigUint64Array(0);
  const asBig = idType === undefined ? big.some((x) => x > MAX_SAFE) : idType === 'bigint';
  return (asBig ? big : Float64Array.from(big, Number)) as NodeIds<Id>;
}

function served<Id extends NodeId>(m: native.CachedMetricOut, idType?: IdType): CachedMetric<Id> {
  return { version: m.version, source: m.source as 'cache' | 'computed', ids: ids<Id>(m, idType), scores: m.scores };
}

/**
 * A result cache on the Redis server at `url` (`redis://host:port`). Keys
 * are `ona:{tenant}:{graph}:v{version}:{metric}:{params hash}`, values Arrow
 * tables with a checksum. Redis is optional: every Redis call has a 50 ms
 * timeout and a circuit breaker, and with Redis down {@link ResultCache.metric}
 * and {@link ResultCache.graphMetric} still answer (`source: 'computed'`).
 * The constructor does not connect.
 *
 * ```js
 * const cache = new ResultCache(process.env.ONA_REDIS_URL, { ttlS: 600 });
 * const { version, source, ids, scores } = await cache.metric(tenant, 'email', 'pagerank');
 * ```
 */
export class ResultCache {
  readonly #native: native.NativeResultCache;

  /** `ONA_IO` for a URL that does not parse, `ONA_INVALID_PARAMETER` for a bad `ttlS`. */
  constructor(url: string, options?: ResultCacheOptions) {
    checkKeys('ResultCache', options, ['ttlS'], []);
    const u = text('ResultCache', 'url', url);
    if (options?.ttlS !== undefined && typeof options.ttlS !== 'number') throw invalid('ResultCache: ttlS must be a number');
    this.#native = guard(() => new native.NativeResultCache(u, options?.ttlS));
  }

  /**
   * `name` of the current version of `tenant`'s graph `graph`: from Redis
   * under that version's key, else computed by the engine (warm-started
   * PageRank; betweenness exact when the tier's budget allows) and stored.
   * Engine refusals keep their codes (`ONA_NOT_FOUND`, `ONA_LIMIT_EXCEEDED`);
   * an unknown metric is `ONA_INVALID_PARAMETER`. Redis trouble is never an error.
   */
  async metric<Id extends NodeId = NodeId>(tenant: Tenant, graph: string, name: MetricName): Promise<CachedMetric<Id>> {
    const fn = 'ResultCache.metric';
    const [g, m] = [text(fn, 'graph', graph), text(fn, 'name', name)];
    return run(fn, undefined, async (ctx) => served<Id>(await this.#native.metric(tenant._native, g, m, ctx)));
  }

  /**
   * Compute `metrics` on the current version of `graph`, store them and
   * publish that version (for {@link ResultCache.current} / {@link ResultCache.published}).
   */
  async warm(tenant: Tenant, graph: string, metrics: readonly MetricName[]): Promise<Warmed> {
    const fn = 'ResultCache.warm';
    const [g, ms] = [text(fn, 'graph', graph), names(fn, metrics)];
    return run(fn, undefined, (ctx) => this.#native.warm(tenant._native, g, ms, ctx));
  }

  /**
   * `name` of a graph you hold (say, projected from Neo4j) at the version
   * you name (a Neo4j projection's `version`): from Redis under that
   * version's key, else computed on `graph` and stored. Redis trouble is
   * never an error; `signal` / `timeout` stop the computation.
   */
  async graphMetric<Id extends NodeId>(
    tenantId: string, graphName: string, version: Version, graph: Graph<Id>, name: MetricName, options?: CallOptions,
  ): Promise<CachedMetric<Id>> {
    const fn = 'ResultCache.graphMetric';
    checkKeys(fn, options, []);
    const [t, gn, m, v, g] = [text(fn, 'tenantId', tenantId), text(fn, 'graphName', graphName), text(fn, 'name', name), versionOf(fn, version), graphOf(fn, graph)];
    return run(fn, options, async (ctx) => served<Id>(await this.#native.graphMetric(t, gn, v, g._native, m, ctx), g._idType));
  }

  /**
   * Compute `metrics` of a graph you hold at `version`, store them, then
   * publish `version` as the graph's current one; resolves with how many
   * results Redis took.
   */
  async warmGraph(
    tenantId: string, graphName: string, version: Version, graph: Graph, metrics: readonly MetricName[], options?: CallOptions,
  ): Promise<number> {
    const fn = 'ResultCache.warmGraph';
    checkKeys(fn, options, []);
    const [t, gn, ms, v, g] = [text(fn, 'tenantId', tenantId), text(fn, 'graphName', graphName), names(fn, metrics), versionOf(fn, version), graphOf(fn, graph)];
    return run(fn, options, (ctx) => this.#native.warmGraph(t, gn, v, g._native, ms, ctx));
  }

  /**
   * The version last published for the graph (by {@link ResultCache.warm},
   * {@link ResultCache.warmGraph} or a Kafka worker that warms), `null` when
   * none was. `ONA_IO` when Redis is unreachable: a reader without the graph
   * cannot compute.
   */
  async current(tenantId: string, graphName: string): Promise<Version | null> {
    const fn = 'ResultCache.current';
    const [t, gn] = [text(fn, 'tenantId', tenantId), text(fn, 'graphName', graphName)];
    return run(fn, undefined, (ctx) => this.#native.current(t, gn, ctx));
  }

  /**
   * For readers that hold no engine (an API server): `name` as stored for
   * the graph's published version; `null` when nothing is published or that
   * version's value is not (or no longer) stored. `ONA_IO` when Redis is unreachable.
   */
  async published<Id extends NodeId = NodeId>(tenantId: string, graphName: string, name: MetricName): Promise<CachedMetric<Id> | null> {
    const fn = 'ResultCache.published';
    const [t, gn, m] = [text(fn, 'tenantId', tenantId), text(fn, 'graphName', graphName), text(fn, 'name', name)];
    return run(fn, undefined, async (ctx) => {
      const got = await this.#native.published(t, gn, m, ctx);
      return got == null ? null : served<Id>(got);
    });
  }

  /** Delete every cached result of tenant `id` (and its published versions); resolves with how many keys. `ONA_IO` when Redis is unreachable. */
  async purgeTenant(id: string): Promise<number> {
    const t = text('ResultCache.purgeTenant', 'id', id);
    return run('ResultCache.purgeTenant', undefined, (ctx) => this.#native.purgeTenant(t, ctx));
  }

  /** Counters since the cache was made. */
  stats(): CacheStats {
    return guard(() => this.#native.stats());
  }
}

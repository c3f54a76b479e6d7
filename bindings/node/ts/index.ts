/**
 * ona for Node.js: NetworkX-compatible graph analytics computed in parallel,
 * off the event loop.
 *
 * - Graphs are immutable. Build one with {@link Graph.fromEdges} from edge
 *   arrays of numbers (`Uint32Array`, `Float64Array`, `number[]`), BigInts
 *   (`BigUint64Array`, `bigint[]`) or strings.
 * - Algorithms take NetworkX's parameter names in camelCase and return a
 *   Promise computed on ona's own thread pool (size: `ONA_NUM_THREADS`, or
 *   one thread per core). Every one accepts `signal` (an `AbortSignal`),
 *   `timeout` (milliseconds) and `onProgress`. Only cheap calls have a
 *   `*Sync` variant (degrees, graph building for scripts).
 * - Per-node results are typed arrays indexed by node index (`0..n-1`);
 *   {@link Graph.nodeIds} and {@link Graph.indexOf} map between indices and
 *   your ids. Arguments naming nodes take your ids.
 * - Files: {@link readEdges} (CSV, Parquet, Arrow IPC edge tables),
 *   {@link readSnapshot} / {@link Graph.writeSnapshot} (checksummed binary
 *   snapshots) and {@link writeResults} (per-node results as tables).
 * - Many tenants' live graphs: {@link Engine} (one directory) and its
 *   {@link Tenant}s, with license-tier limits, streaming ingest into
 *   versioned graphs, snapshots with source offsets and time windows.
 * - Adapters: {@link ResultCache} (metrics served from Redis by graph
 *   version, computed when Redis is down), {@link Neo4j} (projections into
 *   a {@link Graph}, write-back of results) and {@link KafkaProducer} /
 *   {@link createTopic} (edge events for `ona worker`).
 * - Every failure is an {@link OnaError} with a stable `code`.
 *
 * @packageDocumentation
 */

export { ERROR_CODES, OnaError, type OnaErrorCode } from './errors.js';
export type { CallOptions, Progress, SeedOptions, WeightOption } from './call.js';
export {
  type Attribute, type BigIntIds, type FromEdgesOptions, Graph, type NodeId, type NodeIds, type NumberIds, type PerNode,
  type Ranked, type StringIds,
} from './graph.js';
export * from './centrality.js';
export * from './structure.js';
export * from './community.js';
export * from './paths.js';
export * from './generate.js';
export * from './ona.js';
export * from './diff.js';
export {
  type AlgorithmName, type Applied, type Cost, Engine, type EngineOptions, type Events, type LiveStats, type Op, type SourceOffset,
  type Stamped, Tenant, type TenantBetweennessOptions, type TenantMemory, type TenantPageRankOptions, type Tier, type TierLimits,
  type Time,
} from './engine.js';
export {
  type CachedMetric, type CacheStats, type MetricName, ResultCache, type ResultCacheOptions, type Version, type Warmed,
} from './cache.js';
export {
  type CypherParams, Neo4j, type Neo4jOptions, type Neo4jWriteOptions, type Projection, type ProjectionQuery, type WriteReport,
} from './neo4j.js';
export { createTopic, type EdgeEvent, KafkaProducer, readTopic, type TopicRecord } from './kafka.js';
export { readEdges, type ReadEdgesOptions, readSnapshot, writeResults, type WriteResultsOptions } from './store.js';

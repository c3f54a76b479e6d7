#!/usr/bin/env node
// A tenant-metrics HTTP backend on ona, with node:http and nothing else: the
// API gateway of an ONA product in miniature.
//
//   (cd bindings/node && npm ci && npm run build)
//   node examples/node/server.mjs --port 8080 --people 5000
//   curl 'http://127.0.0.1:8080/metrics?tenant=acme&algo=pagerank&k=5'
//
// GET /metrics?tenant=<id>&algo=<name>[&k=10][&timeout=<ms>][&cache=none]
//   -> { tenant, algo, nodes, edges, ms, source, top: [{ id, score, department, team, role }] }
// GET /published?tenant=<id>&graph=<name>&algo=degree|pagerank|betweenness[&k=10|all]
//   -> { tenant, graph, algo, version, nodes, ms, top: [{ id, score }] }   (needs --redis)
// GET /healthz -> { ok: true, threads, redis }
//
// What it shows:
// - Every metric is computed off the event loop (ona's thread pool), so the
//   server keeps answering other requests, health checks included, while a
//   tenant's betweenness runs.
// - A client that disconnects aborts its computation (AbortSignal); a request
//   that runs past its deadline gets 504 (`timeout`, default 30 s).
// - Engine errors are OnaErrors with stable codes, mapped to HTTP statuses.
// - Tenant graphs are loaded once and shared by every request (graphs are
//   immutable). Here a tenant's graph is a synthetic organisation seeded by
//   the tenant id; a real service would load the tenant's edge list (from
//   Neo4j, a warehouse, files) with Graph.fromEdges or ona.Neo4j.
// - With --redis URL, degree, PageRank and betweenness of
//   /metrics go through ona's ResultCache: computed once per graph version,
//   then served from Redis (`cache=none` computes anyway); Redis down is
//   never an error. /published serves what the platform's writers stored —
//   a Kafka worker (`ona worker --redis`, Python `ona.KafkaWorker`) or a
//   service that projected a graph from Neo4j (`ResultCache.warm_graph`) —
//   for the version they last published: the platform in miniature,
//   examples/platform/README.md.
import { createServer as httpServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import * as ona from '../../bindings/node/dist/index.js';

/** Tenant ids: lowercase, digits, `_`/`-`; no path or key tricks. */
const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Metrics by name: one score per person. */
const METRICS = {
  pagerank: (g, o) => ona.pagerank(g, o),
  degree: (g, o) => ona.degreeCentrality(g, o),
  betweenness: (g, o) =>
    // Exact up to 5,000 people; above, the (ε, δ) estimate (same scale).
    g.numberOfNodes() <= 5000
      ? ona.betweennessCentrality(g, o)
      : ona.approximateBetweennessCentrality(g, { ...o, epsilon: 0.01, seed: 1 }),
  closeness: (g, o) => ona.closenessCentrality(g, o),
  harmonic: (g, o) => ona.harmonicCentrality(g, o),
  eigenvector: (g, o) => ona.eigenvectorCentrality(g, { ...o, maxIter: 1000 }),
  clustering: (g, o) => ona.clustering(g, o),
  core: async (g, o) => Float64Array.from(await ona.coreNumber(g, o)),
};

/** HTTP status of an engine error. */
function status(err) {
  if (!(err instanceof ona.OnaError)) return 500;
  switch (err.code) {
    case 'ONA_INVALID_PARAMETER':
    case 'ONA_UNKNOWN_NODE':
      return 400;
    case 'ONA_DEADLINE_EXCEEDED':
      return 504;
    case 'ONA_IO':
      return 503; // Redis unreachable: /published cannot compute
    case 'ONA_CANCELLED':
      return 499; // the client went away
    default:
      return 500;
  }
}

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(s)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return h;
}

/**
 * The metrics server. `people`: size of each synthetic tenant;
 * `timeout`: default per-request deadline in milliseconds.
 */
/** Metrics the result cache serves (crates/ona-redis `Metric`). */
const CACHED = new Set(['degree', 'pagerank', 'betweenness']);

/** Indices of the `k` largest `scores` (ties: lower index first): one pass, O(n k). */
function topIndices(scores, k) {
  if (k >= scores.length) return Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  const top = []; // sorted, best first
  for (let i = 0; i < scores.length; i++) {
    if (top.length === k && !(scores[i] > scores[top[k - 1]])) continue;
    let j = top.length;
    while (j > 0 && scores[i] > scores[top[j - 1]]) j--;
    top.splice(j, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/** A version as JSON: a string (Neo4j versions are 64-bit hashes, beyond doubles). */
const versionText = (v) => String(v);
/** An id as JSON: ids beyond 2^53 arrive as BigInts. */
const idText = (id) => (typeof id === 'bigint' ? String(id) : id);

export function createServer({ people = 2000, timeout = 30_000, redis = null } = {}) {
  const graphs = new Map(); // tenant -> Promise<Graph>
  const cache = redis ? new ona.ResultCache(redis) : null;

  const tenantGraph = (tenant) => {
    if (!graphs.has(tenant)) {
      const loading = ona.generateOrg({ people, seed: fnv1a(tenant) });
      loading.catch(() => graphs.delete(tenant)); // retry on the next request
      graphs.set(tenant, loading);
    }
    return graphs.get(tenant);
  };

  const metrics = async (query, signal) => {
    const tenant = query.get('tenant') ?? '';
    const algo = query.get('algo') ?? 'pagerank';
    const k = Number(query.get('k') ?? 10);
    const deadline = Number(query.get('timeout') ?? timeout);
    if (!TENANT.test(tenant)) return [400, { error: 'tenant must match ' + TENANT.source }];
    if (!Object.hasOwn(METRICS, algo)) return [400, { error: `unknown algo; one of ${Object.keys(METRICS).join(', ')}` }];
    if (!Number.isInteger(k) || k < 1 || k > 1000) return [400, { error: 'k must be an integer from 1 to 1000' }];
    if (!(deadline > 0)) return [400, { error: 'timeout must be positive milliseconds' }];
    const useCache = query.get('cache') ?? 'redis';
    if (useCache !== 'redis' && useCache !== 'none') return [400, { error: 'cache must be redis or none' }];
    const started = performance.now();
    const g = await tenantGraph(tenant);
    let scores;
    let source = 'computed';
    if (cache && useCache === 'redis' && CACHED.has(algo)) {
      // The synthetic graph is fixed by (tenant, people): that is its version.
      const got = await cache.graphMetric(tenant, 'org', fnv1a(`${tenant}/${people}`), g, algo, { signal });
      ({ scores, source } = got);
    } else {
      scores = await METRICS[algo](g, { signal, timeout: Math.min(deadline, timeout) });
    }
    const attrs = Object.fromEntries(g.attributeNames().map((name) => [name, g.attribute(name)]));
    const label = (name, index) => attrs[name]?.values[attrs[name].codes[index]] ?? null;
    const top = g.topK(scores, k).map(({ id, index, value }) => ({
      id,
      score: value,
      department: label('department', index),
      team: label('team', index),
      role: label('role', index),
    }));
    const ms = Math.round(performance.now() - started);
    return [200, { tenant, algo, nodes: g.numberOfNodes(), edges: g.numberOfEdges(), ms, source, top }];
  };

  const published = async (query) => {
    if (!cache) return [404, { error: 'start the server with --redis URL to read published results' }];
    const tenant = query.get('tenant') ?? '';
    const graph = query.get('graph') ?? '';
    const algo = query.get('algo') ?? 'pagerank';
    const kText = query.get('k') ?? '10';
    const k = kText === 'all' ? Infinity : Number(kText);
    if (!TENANT.test(tenant)) return [400, { error: 'tenant must match ' + TENANT.source }];
    if (!TENANT.test(graph)) return [400, { error: 'graph must match ' + TENANT.source }];
    if (!CACHED.has(algo)) return [400, { error: `unknown algo; one of ${[...CACHED].join(', ')}` }];
    if (k !== Infinity && (!Number.isInteger(k) || k < 1 || k > 1000)) return [400, { error: 'k must be all or an integer from 1 to 1000' }];
    const started = performance.now();
    const got = await cache.published(tenant, graph, algo);
    if (got === null) return [404, { error: `nothing published for ${tenant}/${graph} ${algo}` }];
    const top = topIndices(got.scores, Math.min(k, got.scores.length)).map((i) => ({ id: idText(got.ids[i]), score: got.scores[i] }));
    const ms = Math.round(performance.now() - started);
    return [200, { tenant, graph, algo, version: versionText(got.version), nodes: got.scores.length, ms, top }];
  };

  return httpServer(async (req, res) => {
    const send = (code, body) => {
      if (res.destroyed) return;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // A client that goes away cancels its computation.
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET') return send(405, { error: 'GET only' });
      if (url.pathname === '/healthz') return send(200, { ok: true, threads: ona.numThreads(), redis: cache !== null });
      const route = { '/metrics': metrics, '/published': published }[url.pathname];
      if (!route) return send(404, { error: 'not found' });
      const [code, body] = await route(url.searchParams, abort.signal);
      send(code, body);
    } catch (err) {
      send(status(err), { error: err.message, code: err.code ?? 'INTERNAL' });
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      people: { type: 'string', default: '2000' },
      redis: { type: 'string' },
    },
  });
  const server = createServer({ people: Number(values.people), redis: values.redis ?? null });
  server.listen(Number(values.port), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}

#!/usr/bin/env node
// The Node example server (examples/node/server.mjs --redis) under load:
// requests/s and latency with 100 concurrent clients on loopback, measured
// with autocannon (the seed's Locust test, in Node). Cached and uncached
// metrics run against the same server, in one process each, one after the
// other, so their ratio is measured on the same machine state.
//
//   scripts/servers.sh start redis && . target/servers/env.sh
//   (cd bindings/node && npm ci && npm run build)
//   node bindings/node/bench/load.mjs [--connections 100] [--seconds 10] [--people 2000]
//
// Scenarios (tenant `acme`, a synthetic organisation of `--people`):
//   published  GET /published?...&algo=pagerank: the stored result of the
//              version a writer published (Redis GET of the pointer and the
//              value, Arrow IPC decode, top 10 as JSON)
//   cached     GET /metrics?algo=pagerank: ResultCache.graphMetric, a hit
//   uncached   GET /metrics?algo=pagerank&cache=none: PageRank computed on
//              the addon's pool for every request
//   degree     GET /metrics?algo=degree&cache=none: the cheapest computation
// Every response must be 200: a non-2xx or error count above 0 fails the run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import autocannon from 'autocannon';

import * as ona from '../dist/index.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    people: { type: 'string', default: '2000' },
    redis: { type: 'string', default: process.env.ONA_REDIS_URL },
  },
});
if (!values.redis) {
  console.error('ONA_REDIS_URL is not set: scripts/servers.sh start redis && . target/servers/env.sh');
  process.exit(2);
}
const connections = Number(values.connections);
const duration = Number(values.seconds);

const SERVER = fileURLToPath(new URL('../../../examples/node/server.mjs', import.meta.url));
const child = spawn(process.execPath, [SERVER, '--port', '0', '--people', values.people, '--redis', values.redis], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => (out += chunk));
while (!/listening on (\S+)/.test(out)) {
  if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
  await new Promise((r) => setTimeout(r, 20));
}
const base = out.match(/listening on (\S+)/)[1];

// A writer publishes the tenant's PageRank (as a Kafka worker or a Neo4j
// projection service would), so /published has something to serve.
const tenant = `load${process.pid}`;
const g = await ona.generateOrg({ people: Number(values.people), seed: 7 });
const cache = new ona.ResultCache(values.redis);
await cache.warmGraph(tenant, 'org', 1, g, ['pagerank']);

const scenarios = [
  ['published', `/published?tenant=${tenant}&graph=org&algo=pagerank&k=10`],
  ['cached', `/metrics?tenant=${tenant}&algo=pagerank&k=10`],
  ['uncached', `/metrics?tenant=${tenant}&algo=pagerank&k=10&cache=none`],
  ['degree', `/metrics?tenant=${tenant}&algo=degree&k=10&cache=none`],
];

let failed = false;
const rows = [];
try {
  for (const [name, path] of scenarios) {
    // One request first: loads the tenant's graph and fills the cache.
    const first = await fetch(base + path);
    if (first.status !== 200) throw new Error(`${name}: ${first.status} ${await first.text()}`);
    const r = await autocannon({ url: base + path, connections, duration });
    const bad = r.errors + r.timeouts + r.non2xx;
    failed ||= bad > 0;
    rows.push({
      scenario: name,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      requests: r.requests.total,
      'non-2xx+errors': bad,
    });
  }
} finally {
  await cache.purgeTenant(tenant);
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}
console.log(`${connections} connections, ${duration} s each, ${values.people} people, ona threads ${ona.numThreads()}`);
console.table(rows);
if (failed) {
  console.error('load: some requests failed');
  process.exit(1);
}

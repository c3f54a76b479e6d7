// examples/node/server.mjs as it is deployed: a child process on port 0,
// queried over HTTP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';

const SERVER = new URL('../../../examples/node/server.mjs', import.meta.url);

let child;
let base;

before(async () => {
  child = spawn(process.execPath, [SERVER.pathname, '--port', '0', '--people', '1500'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => (out += chunk));
  const started = Date.now();
  while (!/listening on (\S+)/.test(out)) {
    assert.ok(Date.now() - started < 20_000, `server did not start: ${out}`);
    assert.equal(child.exitCode, null, `server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  base = out.match(/listening on (\S+)/)[1];
});

after(async () => {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
});

async function get(path) {
  const res = await fetch(base + path);
  return [res.status, await res.json()];
}

describe('examples/node/server.mjs', () => {
  test('GET /metrics?tenant=acme&algo=pagerank answers the top k as JSON', async () => {
    const [code, body] = await get('/metrics?tenant=acme&algo=pagerank&k=5');
    assert.equal(code, 200, JSON.stringify(body));
    assert.equal(body.tenant, 'acme');
    assert.equal(body.nodes, 1500);
    assert.ok(body.edges > 1500);
    assert.equal(body.top.length, 5);
    for (let i = 1; i < 5; i++) assert.ok(body.top[i - 1].score >= body.top[i].score, 'best first');
    for (const row of body.top) {
      assert.match(row.id, /^p\d{6}$/);
      assert.ok(row.score > 0 && row.score < 1);
      assert.equal(typeof row.department, 'string');
    }
  });

  test('the same tenant gives the same answer; other tenants differ', async () => {
    const [, a] = await get('/metrics?tenant=acme&algo=pagerank&k=5');
    const [, b] = await get('/metrics?tenant=acme&algo=pagerank&k=5');
    const [, c] = await get('/metrics?tenant=globex&algo=pagerank&k=5');
    assert.deepEqual(a.top, b.top);
    assert.notDeepEqual(a.top, c.top);
  });

  test('other metrics, concurrently, while health checks keep answering', async () => {
    const slow = get('/metrics?tenant=initech&algo=betweenness&k=3');
    const [hc, health] = await get('/healthz');
    assert.equal(hc, 200);
    assert.equal(health.ok, true);
    const [code, body] = await slow;
    assert.equal(code, 200, JSON.stringify(body));
    assert.equal(body.top.length, 3);
    const [, core] = await get('/metrics?tenant=initech&algo=core&k=1');
    assert.ok(core.top[0].score >= 1);
  });

  test('bad requests are 4xx with a reason; deadlines are 504', async () => {
    const [badTenant] = await get('/metrics?tenant=../etc&algo=pagerank');
    assert.equal(badTenant, 400);
    const [badAlgo, body] = await get('/metrics?tenant=acme&algo=magic');
    assert.equal(badAlgo, 400);
    assert.match(body.error, /pagerank/);
    const [badK] = await get('/metrics?tenant=acme&algo=pagerank&k=0');
    assert.equal(badK, 400);
    const [late, err] = await get('/metrics?tenant=acme&algo=betweenness&timeout=1');
    assert.equal(late, 504);
    assert.equal(err.code, 'ONA_DEADLINE_EXCEEDED');
    const [missing] = await get('/nope');
    assert.equal(missing, 404);
  });
});

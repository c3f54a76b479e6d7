// Long computations run off the event loop and stop when asked: AbortSignal,
// timeouts, a throwing onProgress, and timers that keep firing meanwhile.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import * as ona from '../dist/index.js';

/** Exact betweenness on this takes minutes at 2 threads: plenty to abort. */
let long;
/** As much betweenness work as lfr10k (n·m within 20%; ~7 s at 2 threads). */
let lfrLike;
let small;

before(async () => {
  long = await ona.generateOrg({ people: 40000, seed: 1 });
  lfrLike = await ona.generateOrg({ people: 10000, seed: 1 });
  small = ona.Graph.fromEdgesSync(['a', 'b', 'c'], ['b', 'c', 'd']);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Await `p`, which must reject with an OnaError; returns it. */
async function rejection(p) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ona.OnaError, `an OnaError, got ${e}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('AbortSignal', () => {
  test('aborts a long exact betweenness within 200 ms', async () => {
    const ac = new AbortController();
    let last;
    const started = performance.now();
    const run = ona.betweennessCentrality(long, { signal: ac.signal, onProgress: (p) => (last = p) });
    await sleep(400);
    // The run would take at least 5 s: check by its own progress.
    assert.ok(last && last.done > 0, 'progress was reported');
    const projected = ((performance.now() - started) / last.done) * last.total;
    assert.ok(projected >= 5000, `projected ${projected.toFixed(0)} ms for the whole run`);
    const abortedAt = performance.now();
    ac.abort();
    const err = await rejection(run);
    const stopMs = performance.now() - abortedAt;
    assert.equal(err.code, 'ONA_CANCELLED');
    assert.equal(err.cause?.name, 'AbortError', 'the cause is the abort reason');
    console.log(`betweenness stopped ${stopMs.toFixed(1)} ms after abort() (projected run: ${(projected / 1000).toFixed(0)} s)`);
    assert.ok(stopMs <= 200, `stopped ${stopMs.toFixed(1)} ms after abort()`);
    // The graph is unharmed.
    assert.equal((await ona.degree(long)).length, long.numberOfNodes());
  });

  test('a custom abort reason is the cause', async () => {
    const ac = new AbortController();
    const run = ona.closenessCentrality(long, { signal: ac.signal });
    const reason = new Error('user navigated away');
    setTimeout(() => ac.abort(reason), 20);
    const err = await rejection(run);
    assert.equal(err.code, 'ONA_CANCELLED');
    assert.equal(err.cause, reason);
  });

  test('an already aborted signal rejects at once', async () => {
    const err = await rejection(ona.pagerank(small, { signal: AbortSignal.abort() }));
    assert.equal(err.code, 'ONA_CANCELLED');
    assert.equal(err.cause?.name, 'AbortError');
  });

  test('aborting one call leaves the others running', async () => {
    const ac = new AbortController();
    const doomed = ona.betweennessCentrality(long, { signal: ac.signal });
    const other = ona.pagerank(lfrLike);
    ac.abort();
    assert.equal((await rejection(doomed)).code, 'ONA_CANCELLED');
    const pr = await other;
    assert.ok(Math.abs(pr.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  });

  test('AbortSignal.timeout works like any signal', async () => {
    const err = await rejection(ona.betweennessCentrality(long, { signal: AbortSignal.timeout(50) }));
    assert.equal(err.code, 'ONA_CANCELLED');
    assert.equal(err.cause?.name, 'TimeoutError');
  });

  test('building a graph can be aborted too', async () => {
    const err = await rejection(ona.Graph.fromEdges([1], [2], { signal: AbortSignal.abort() }));
    assert.equal(err.code, 'ONA_CANCELLED');
  });
});

describe('timeout and progress', () => {
  test('timeout rejects with ONA_DEADLINE_EXCEEDED', async () => {
    const started = performance.now();
    const err = await rejection(ona.betweennessCentrality(long, { timeout: 100 }));
    assert.equal(err.code, 'ONA_DEADLINE_EXCEEDED');
    assert.ok(performance.now() - started < 300, 'stopped soon after the deadline');
  });

  test('progress reaches the total and is never reported after the result', async () => {
    const seen = [];
    let resolved = false;
    const cc = await ona.closenessCentrality(lfrLike, {
      onProgress: (p) => {
        assert.equal(resolved, false, 'no progress after the promise settled');
        seen.push(p);
      },
    });
    resolved = true;
    assert.equal(cc.length, lfrLike.numberOfNodes());
    assert.ok(seen.length >= 1);
    const lastP = seen.at(-1);
    assert.equal(lastP.phase, 'closeness');
    assert.equal(lastP.done, lastP.total);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].done >= seen[i - 1].done, 'monotonic');
    await sleep(50);
  });

  test('a throwing onProgress cancels the call and is the cause', async () => {
    const boom = new Error('progress sink failed');
    const err = await rejection(ona.betweennessCentrality(long, { onProgress: () => { throw boom; } }));
    assert.equal(err.code, 'ONA_CANCELLED');
    assert.equal(err.cause, boom);
  });
});

describe('the event loop stays free', () => {
  test('a 10 ms timer keeps firing while betweenness runs (lfr10k-sized graph)', async () => {
    const ac = new AbortController();
    let finished = false;
    const run = ona.betweennessCentrality(lfrLike, { signal: ac.signal });
    run.then(() => (finished = true), () => (finished = true));
    // Up to 2 s of 10 ms ticks, counted only while betweenness runs.
    const gaps = [];
    let prev = performance.now();
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        if (!finished) gaps.push(now - prev);
        prev = now;
        if (finished || gaps.length === 200) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    ac.abort();
    await run.catch(() => {});
    assert.ok(gaps.length >= 50, `betweenness ran for only ${gaps.length} ticks: use a bigger graph on this machine`);
    const lag = gaps.map((g) => g - 10).sort((a, b) => a - b);
    const max = lag.at(-1);
    const p50 = lag[Math.floor(lag.length / 2)];
    console.log(`timer lag over ${gaps.length} ticks: median ${p50.toFixed(2)} ms, max ${max.toFixed(2)} ms`);
    assert.ok(p50 < 10, `median lag ${p50.toFixed(2)} ms`);
    assert.ok(max < 100, `max lag ${max.toFixed(2)} ms`);
  });
});

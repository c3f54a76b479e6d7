// ona.KafkaProducer, createTopic and readTopic against a real Kafka broker
// (ONA_KAFKA_BROKERS; scripts/test-node.sh starts one through
// scripts/servers.sh unless it is set): create a topic, produce edge events,
// read back exactly what arrived (keys, partitions, the schema-1 JSON that
// `ona worker` reads), and invalid events refused before anything is queued.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const brokers = process.env.ONA_KAFKA_BROKERS;
/** A topic of this run alone (the broker is shared). */
const topic = `node-kafka-${process.pid}-${Date.now()}`;

before(() => {
  assert.ok(brokers, 'ONA_KAFKA_BROKERS is not set: run scripts/servers.sh start kafka && . target/servers/env.sh');
});

/** `f()` must fail with `code`; returns the error. */
async function fails(code, f, message) {
  let err;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, but it succeeded`);
  assert.ok(err instanceof ona.OnaError, `an OnaError, got ${err?.stack ?? err}`);
  assert.equal(err.code, code, err.message);
  if (message) assert.match(err.message, message);
  return err;
}

describe('Kafka', () => {
  test('createTopic creates once and reports the partition count', async () => {
    assert.equal(await ona.createTopic(brokers, topic, 3), 3);
    assert.equal(await ona.createTopic(brokers, topic, 3), 3); // already there: left alone
  });

  test('send + flush: every event arrives once, keyed by tenant, as schema-1 JSON', async () => {
    const producer = new ona.KafkaProducer(brokers, topic);
    assert.equal(producer.topic, topic);
    const events = [];
    for (let i = 0; i < 60; i++) {
      events.push({
        tenant: ['acme', 'globex', 'initech'][i % 3],
        graph: 'email',
        src: `p${i % 7}`,
        dst: `p${(i * 5 + 1) % 7}`,
        weight: 0.5 + i,
        ts: 1_700_000_000_000 + i,
        id: i + 1,
        op: i % 10 === 9 ? 'remove' : 'add',
      });
    }
    events.push({ tenant: 'acme', graph: 'chat', src: 'ann', dst: 'bob' }); // defaults, a random id
    events.push({ tenant: 'acme', graph: 'chat', src: 'ann', dst: 'cy', ts: 2n ** 60n, id: 2n ** 64n - 1n, op: 'set' });
    assert.equal(await producer.send(events.slice(0, 30)), 30);
    assert.equal(await producer.send(events.slice(30)), events.length - 30);
    await producer.flush();

    const got = await ona.readTopic(brokers, topic);
    assert.equal(got.length, events.length);
    const partitionOf = new Map();
    const seen = new Map();
    for (const r of got) {
      assert.ok(Buffer.isBuffer(r.payload));
      const tenant = r.key.toString();
      // One partition per tenant, offsets in order.
      if (!partitionOf.has(tenant)) partitionOf.set(tenant, r.partition);
      assert.equal(r.partition, partitionOf.get(tenant), `all of ${tenant} in one partition`);
      // Big ids and times must survive as text: parse them exactly.
      const m = JSON.parse(r.payload.toString().replace(/"(id|ts)":(\d+)/g, '"$1":"$2"'));
      assert.equal(m.v, 1);
      assert.equal(m.tenant, tenant);
      seen.set(`${m.tenant}/${m.graph}/${m.src}/${m.dst}/${m.ts}`, m);
    }
    for (const e of events) {
      const m = seen.get(`${e.tenant}/${e.graph}/${e.src}/${e.dst}/${e.ts ?? 0}`);
      assert.ok(m, `event ${JSON.stringify(e, (_, v) => (typeof v === 'bigint' ? String(v) : v))} arrived`);
      assert.equal(m.weight, e.weight ?? 1);
      assert.equal(m.op, e.op ?? 'add');
      if (e.id !== undefined) assert.equal(m.id, String(e.id));
      else assert.match(m.id, /^\d+$/);
    }
    // Offsets per partition are 0..n-1: nothing doubled, nothing lost.
    for (const p of new Set(got.map((r) => r.partition))) {
      const offsets = got.filter((r) => r.partition === p).map((r) => r.offset);
      assert.deepEqual(offsets, offsets.map((_, i) => i));
    }
  });

  test('invalid events are refused with ONA_INVALID_EVENT, naming the event; nothing is queued', async () => {
    const producer = new ona.KafkaProducer(brokers, topic);
    const ok = { tenant: 'acme', graph: 'email', src: 'a', dst: 'b', id: 1 };
    const before = (await ona.readTopic(brokers, topic)).length;
    await fails('ONA_INVALID_EVENT', () => producer.send([ok, { ...ok, tenant: 'a b' }]), /event 1.*invalid_tenant/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, graph: '.hidden' }]), /invalid_graph/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, weight: NaN }]), /weight NaN/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, weight: Infinity }]), /weight/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, op: 'mul' }]), /mul/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, id: -1 }]), /id/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, id: 2n ** 64n }]), /id/);
    await fails('ONA_INVALID_EVENT', () => producer.send([{ ...ok, ts: 1.5 }]), /ts/);
    await fails('ONA_INVALID_PARAMETER', () => producer.send([{ ...ok, src: 7 }]), /events\[0\]\.src/);
    await fails('ONA_INVALID_PARAMETER', () => producer.send([{ ...ok, weigth: 2 }]), /weigth/);
    await fails('ONA_INVALID_PARAMETER', () => producer.send({ ...ok }), /array/);
    await producer.flush();
    assert.equal((await ona.readTopic(brokers, topic)).length, before);
  });

  test('bad settings are typed errors', async () => {
    await fails('ONA_INVALID_PARAMETER', () => ona.createTopic(brokers, topic, 0), /partitions/);
    await fails('ONA_INVALID_PARAMETER', () => ona.createTopic(brokers, '', 1), /topic/);
    await fails('ONA_INVALID_PARAMETER', () => new ona.KafkaProducer('', topic), /brokers/);
  });
});

/**
 * Kafka (ona-kafka) for a Node backend that produces collaboration events:
 * topics, an idempotent producer of JSON edge events keyed by tenant (what
 * `ona worker` consumes), and reading a topic back (dead letters, checks).
 */
import { randomFillSync } from 'node:crypto';

import * as native from '../native.js';
import { checkKeys, run } from './call.js';
import type { Op } from './engine.js';
import { guard, invalid } from './errors.js';

/** One edge event (schema version 1; the message key is the tenant). */
export interface EdgeEvent {
  /** Tenant id (1 to 64 of `A-Z a-z 0-9 . _ -`). */
  tenant: string;
  /** Graph name (same rules). */
  graph: string;
  /** Source person. */
  src: string;
  /** Target person. */
  dst: string;
  /** Finite (default 1). */
  weight?: number;
  /** Event time, milliseconds since the epoch by convention (default 0). */
  ts?: number | bigint;
  /**
   * Event id, unique per event: a worker applies an id once. Default: a
   * random 64-bit id drawn by `send`; give your own to make retries of
   * `send` idempotent.
   */
  id?: number | bigint;
  /** `'add'` (default) adds the weight, `'set'` sets it, `'remove'` removes the edge. */
  op?: Op;
}

const EVENT_KEYS = ['tenant', 'graph', 'src', 'dst', 'weight', 'ts', 'id', 'op'];

/** A message read back by {@link readTopic}. */
export interface TopicRecord {
  partition: number;
  offset: number;
  /** The key (the tenant for edge events), `null` when none. */
  key: Buffer | null;
  /** The payload (JSON for edge events). */
  payload: Buffer;
  /** Headers (dead letters: `ona-dlq-reason`, `ona-dlq-detail`, ...), values as text. */
  headers: Record<string, string>;
}

function text(fn: string, what: string, s: unknown): string {
  if (typeof s !== 'string' || s.length === 0) throw invalid(`${fn}: ${what} must be a non-empty string`);
  return s;
}

/** Create `topic` with `partitions` partitions (replication 1) unless it exists; resolves with its partition count. `ONA_IO` when the brokers fail. */
export async function createTopic(brokers: string, topic: string, partitions: number): Promise<number> {
  const fn = 'createTopic';
  const [b, t] = [text(fn, 'brokers', brokers), text(fn, 'topic', topic)];
  if (typeof partitions !== 'number') throw invalid(`${fn}: partitions must be a number`);
  return run(fn, undefined, (ctx) => native.kafkaCreateTopic(b, t, partitions, ctx));
}

/** Every message of `topic` from the beginning to its current end, in partition then offset order (no consumer group involved). */
export async function readTopic(brokers: string, topic: string): Promise<TopicRecord[]> {
  const fn = 'readTopic';
  const [b, t] = [text(fn, 'brokers', brokers), text(fn, 'topic', topic)];
  return run(fn, undefined, async (ctx) => (await native.kafkaReadTopic(b, t, ctx)).map((r) => ({ ...r, key: r.key ?? null })));
}

function eventsIn(fn: string, events: unknown): native.EdgeEventIn[] {
  if (!Array.isArray(events)) throw invalid(`${fn}: events must be an array`);
  const ids = new BigUint64Array(events.length);
  randomFillSync(ids);
  return events.map((e: unknown, i) => {
    const at = `${fn}: events[${i}]`;
    if (e === null || typeof e !== 'object') throw invalid(`${at} must be an object`);
    checkKeys(at, e, EVENT_KEYS, []);
    const x = e as EdgeEvent;
    for (const k of ['tenant', 'graph', 'src', 'dst'] as const) {
      if (typeof x[k] !== 'string') throw invalid(`${at}.${k} must be a string`);
    }
    if (x.weight !== undefined && typeof x.weight !== 'number') throw invalid(`${at}.weight must be a number`);
    for (const k of ['ts', 'id'] as const) {
      if (x[k] !== undefined && typeof x[k] !== 'number' && typeof x[k] !== 'bigint') throw invalid(`${at}.${k} must be a number or a BigInt`);
    }
    if (x.op !== undefined && typeof x.op !== 'string') throw invalid(`${at}.op must be 'add', 'remove' or 'set'`);
    return { tenant: x.tenant, graph: x.graph, src: x.src, dst: x.dst, weight: x.weight, ts: x.ts, id: x.id ?? ids[i], op: x.op };
  });
}

/**
 * An idempotent producer of edge events to one topic: retries neither
 * duplicate nor reorder a partition's messages; each event is keyed by its
 * tenant, so a tenant's events keep their order.
 *
 * ```js
 * const producer = new KafkaProducer(process.env.ONA_KAFKA_BROKERS, 'collab-events');
 * await producer.send([{ tenant: 'acme', graph: 'email', src: 'ann', dst: 'bob', ts: Date.now() }]);
 * await producer.flush();
 * ```
 */
export class KafkaProducer {
  readonly #native: native.NativeKafkaProducer;

  /** Creates the client (it connects in the background: an unreachable broker shows at {@link KafkaProducer.flush}). */
  constructor(brokers: string, topic: string) {
    const fn = 'KafkaProducer';
    const [b, t] = [text(fn, 'brokers', brokers), text(fn, 'topic', topic)];
    this.#native = guard(() => new native.NativeKafkaProducer(b, t));
  }

  /** The topic written to. */
  get topic(): string {
    return guard(() => this.#native.topic);
  }

  /**
   * Queue `events`; resolves with how many were queued. Each is checked
   * first as a worker will read it: a bad tenant or graph name, op, id or
   * a non-finite weight rejects the whole call with `ONA_INVALID_EVENT`
   * (naming the event) and queues nothing.
   */
  async send(events: readonly EdgeEvent[]): Promise<number> {
    const fn = 'KafkaProducer.send';
    const es = guard(() => eventsIn(fn, events));
    return run(fn, undefined, (ctx) => this.#native.send(es, ctx));
  }

  /** Wait until every queued message is acknowledged (60 s at most): `ONA_IO` if any was not. */
  async flush(): Promise<void> {
    return run('KafkaProducer.flush', undefined, (ctx) => this.#native.flush(ctx));
  }
}

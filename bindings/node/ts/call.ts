/** Options every call shares, and running one native call: run context, cancellation, progress, errors. */
import * as native from '../native.js';
import { OnaError, guard, invalid, toOnaError } from './errors.js';

/** Options every asynchronous call accepts. */
export interface CallOptions {
  /** Abort the computation: the promise rejects with `ONA_CANCELLED` (within ~10 ms of work). */
  signal?: AbortSignal;
  /** Give up after this many milliseconds with `ONA_DEADLINE_EXCEEDED`. */
  timeout?: number;
  /**
   * Called on the JS thread at most every 100 ms and once at the end. If it
   * throws, the computation is cancelled and the promise rejects with
   * `ONA_CANCELLED` whose `cause` is the thrown value.
   */
  onProgress?: (progress: Progress) => void;
}

/** Options of randomized algorithms. */
export interface SeedOptions {
  /**
   * A non-negative integer: the same seed gives the same result at any
   * thread count. Left out, a fresh random seed is drawn (as NetworkX's
   * `seed=None`).
   */
  seed?: number;
}

/** @internal The seed to use: the given one or a fresh random one. */
export function seedOrRandom(seed: unknown): unknown {
  return seed === undefined ? Math.floor(Math.random() * 2 ** 53) : seed;
}

/** One progress report. */
export interface Progress {
  /** What is being computed (`"betweenness"`, `"pagerank"`, ...). */
  phase: string;
  /** Units done so far. */
  done: number;
  /** Units in all. */
  total: number;
}

/**
 * NetworkX's `weight` / `distance` parameter: `'weight'` or `true` uses the
 * graph's edge weights, `null` or `false` does not; left out, the
 * algorithm's NetworkX default applies.
 */
export type WeightOption = 'weight' | boolean | null;

/** @internal */
export const CALL_KEYS = ['signal', 'timeout', 'onProgress'] as const;

/** @internal */
export function checkKeys(
  fn: string,
  options: object | undefined,
  keys: readonly string[],
  callKeys: readonly string[] = CALL_KEYS,
): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw invalid(`${fn}: options must be an object`);
  for (const key of Object.keys(options)) {
    if (!keys.includes(key) && !callKeys.includes(key)) {
      throw invalid(`${fn}: unknown option ${JSON.stringify(key)} (known: ${[...keys, ...callKeys].join(', ')})`);
    }
  }
}

/** @internal */
export function weightFlag(name: string, w: WeightOption | undefined): boolean | undefined {
  if (w === undefined) return undefined;
  if (w === true || w === 'weight') return true;
  if (w === false || w === null) return false;
  throw invalid(`${name} must be 'weight', true, false or null (the graph has one weight per edge), got ${String(w)}`);
}

/** @internal */
export function checkNumber(name: string, x: unknown): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'number') throw invalid(`${name} must be a number, got ${typeof x}`);
  return x;
}

/** @internal Run one native call on ona's pool with a fresh run context. */
export async function run<T>(
  fn: string,
  options: (CallOptions & SeedOptions) | undefined,
  call: (ctx: native.RunContext) => Promise<T>,
): Promise<T> {
  const { signal, timeout, onProgress, seed } = options ?? {};
  if (signal !== undefined && (signal === null || typeof signal.addEventListener !== 'function')) {
    throw invalid(`${fn}: signal must be an AbortSignal`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw invalid(`${fn}: onProgress must be a function`);
  if (signal?.aborted) {
    throw new OnaError('ONA_CANCELLED', `${fn}: cancelled before it started`, { cause: signal.reason });
  }
  let settled = false;
  let progressError: { error: unknown } | undefined;
  let ctx: native.RunContext | undefined;
  const sink = onProgress === undefined ? undefined : (p: native.Progress): void => {
    if (settled || progressError !== undefined) return;
    try {
      onProgress(p);
    } catch (error) {
      progressError = { error };
      ctx?.cancel();
    }
  };
  ctx = guard(() => new native.RunContext(checkNumber('timeout', timeout), checkNumber('seed', seed), sink));
  const context = ctx;
  const onAbort = (): void => context.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(context);
  } catch (e) {
    const err = toOnaError(e, signal);
    if (progressError !== undefined && err.code === 'ONA_CANCELLED') {
      throw new OnaError('ONA_CANCELLED', `${fn}: onProgress threw, the computation was cancelled`, { cause: progressError.error });
    }
    throw err;
  } finally {
    settled = true;
    signal?.removeEventListener('abort', onAbort);
  }
}

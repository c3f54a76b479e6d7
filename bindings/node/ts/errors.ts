/** OnaError, the one error type, and the translation of native errors into it. */

/** Every `code` an {@link OnaError} can carry. */
export const ERROR_CODES = [
  'ONA_NODE_OUT_OF_RANGE',
  'ONA_UNKNOWN_NODE',
  'ONA_INVALID_WEIGHT',
  'ONA_TOO_LARGE',
  'ONA_LENGTH_MISMATCH',
  'ONA_DUPLICATE_EDGE',
  'ONA_SELF_LOOP',
  'ONA_INVALID_PARAMETER',
  'ONA_EMPTY_GRAPH',
  'ONA_NOT_CONVERGED',
  'ONA_UNSUPPORTED',
  'ONA_CANCELLED',
  'ONA_DEADLINE_EXCEEDED',
  'ONA_THREAD_POOL',
  'ONA_RESOURCE_EXHAUSTED',
  'ONA_IO',
  'ONA_CORRUPT_SNAPSHOT',
  'ONA_UNSUPPORTED_VERSION',
  'ONA_INVALID_TABLE',
  'ONA_TABLE_FORMAT',
  'ONA_LIMIT_EXCEEDED',
  'ONA_INVALID_NAME',
  'ONA_NOT_FOUND',
  'ONA_INVALID_EVENT',
  'ONA_CONFLICT',
  'ONA_CORRUPT_ENGINE',
  'ONA_ENGINE_CLOSED',
  'ONA_QUERY',
  'ONA_INTERNAL',
] as const;

/** A stable error code: the engine's, or `ONA_INTERNAL` for a bug. */
export type OnaErrorCode = (typeof ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** napi-rs codes for a JS value of the wrong type reaching the addon. */
const WRONG_TYPE = new Set([
  'InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected', 'NumberExpected',
  'BooleanExpected', 'ArrayExpected', 'BigintExpected',
]);

/**
 * The one error type of this package. `code` is stable across releases
 * (`ONA_INVALID_PARAMETER`, `ONA_UNKNOWN_NODE`, `ONA_CANCELLED`, ...);
 * `cause` keeps what led to it: the native error, the abort reason of a
 * cancelled call, or the exception an `onProgress` callback threw.
 */
export class OnaError extends Error {
  /** Stable, machine-readable. */
  readonly code: OnaErrorCode;
  /** `ONA_LIMIT_EXCEEDED`: the tenant whose tier refused the request. */
  declare readonly tenant?: string;
  /** `ONA_LIMIT_EXCEEDED`: which limit (`'nodes_per_graph'`, `'graphs_per_tenant'`, `'memory_bytes'`, `'events_per_second'`). */
  declare readonly limit?: string;
  /** `ONA_LIMIT_EXCEEDED`: what the request would have brought the total to (for the rate: the events asked for). */
  declare readonly requested?: number;
  /** `ONA_LIMIT_EXCEEDED`: the tier's limit. */
  declare readonly allowed?: number;

  constructor(code: OnaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OnaError';
    this.code = code;
  }
}

/** The extra properties a native error may carry over to its OnaError. */
const EXTRAS = ['tenant', 'limit', 'requested', 'allowed'] as const;

/** @internal */
export function toOnaError(e: unknown, signal?: AbortSignal): OnaError {
  if (e instanceof OnaError) return e;
  const err = e as { code?: unknown; message?: unknown } | null | undefined;
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (CODES.has(code)) {
    const cause = code === 'ONA_CANCELLED' && signal?.aborted ? signal.reason : e;
    const out = new OnaError(code as OnaErrorCode, message, { cause });
    for (const key of EXTRAS) {
      const v = (e as Record<string, unknown>)[key];
      if (v !== undefined) Object.defineProperty(out, key, { value: v, enumerable: true });
    }
    return out;
  }
  if (WRONG_TYPE.has(code) || e instanceof TypeError) {
    return new OnaError('ONA_INVALID_PARAMETER', message, { cause: e });
  }
  return new OnaError('ONA_INTERNAL', `internal error: ${message}`, { cause: e });
}

/** @internal */
export function invalid(message: string): OnaError {
  return new OnaError('ONA_INVALID_PARAMETER', message);
}

/** @internal Run a synchronous native call, translating its errors. */
export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw toOnaError(e);
  }
}

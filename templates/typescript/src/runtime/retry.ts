/**
 * The retry policy, the same as the Python SDK's: by default 429, 500, 502, 503 and 504 and
 * connection errors and timeouts are retried up to twice with exponential backoff (500 ms
 * first, x1.5, at most 5 s a wait, less up to a quarter at random), the waits summing to at
 * most 15 s. The generated SDK passes the document's policy (`x-sdkgen-retries`) as its
 * default, and an operation's own policy, where the document gives one, in its declaration.
 *
 * A server's `retry-after-ms` (the more precise) or `Retry-After` (seconds or an HTTP date)
 * replaces the backoff and is never shortened: a wait beyond `maxRetryAfterMs` or the budget
 * left is not made.
 */

export interface RetryPolicy {
  /** How many times a failed call is tried again (0: never). */
  readonly maxRetries: number;
  readonly initialIntervalMs: number;
  readonly maxIntervalMs: number;
  readonly backoffFactor: number;
  /** Milliseconds of waiting between tries, summed, before giving up. */
  readonly maxElapsedMs: number;
  /** The statuses retried: each a number, or a whole hundred as "5XX". */
  readonly retryStatuses: readonly (number | StatusRange)[];
  /** Whether connection errors and timeouts are retried too (default: true). */
  readonly retryConnectionErrors?: boolean;
  /** The longest wait a server's Retry-After may ask for (default: 60 s). */
  readonly maxRetryAfterMs?: number;
  /** A header sent with every try, holding the number of retries before it (0, 1, ...). */
  readonly retryCountHeader?: string;
}

export type StatusRange = "1XX" | "2XX" | "3XX" | "4XX" | "5XX";

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  initialIntervalMs: 500,
  maxIntervalMs: 5000,
  backoffFactor: 1.5,
  maxElapsedMs: 15000,
  retryStatuses: [429, 500, 502, 503, 504],
  retryConnectionErrors: true,
};

/** No retries at all. */
export const NO_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxRetries: 0 };

const JITTER_FRACTION = 0.25;
const MAX_RETRY_AFTER_MS = 60000;

/** Whether the policy retries a response with `status`. */
export function retriesStatus(policy: RetryPolicy, status: number): boolean {
  const range = `${Math.floor(status / 100)}XX`;
  return policy.retryStatuses.some((s) => s === status || s === range);
}

/** The wait before retry number `retry` (1 for the first), `jitter` in [0, 1). */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  jitter = 0,
): number {
  const base =
    policy.initialIntervalMs * policy.backoffFactor ** Math.max(retry - 1, 0);
  return Math.min(base, policy.maxIntervalMs) * (1 - JITTER_FRACTION * jitter);
}

/** Retry-After in milliseconds (seconds or an HTTP date), or null. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | null {
  if (value === null || value.trim() === "") {
    return null;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(seconds * 1000, 0);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(date - now, 0);
}

/** What a response asks to wait, in milliseconds: `retry-after-ms`, else `Retry-After`. */
export function serverDelay(headers: Headers | null): number | null {
  if (headers === null) {
    return null;
  }
  const millis = headers.get("retry-after-ms");
  if (millis !== null && millis.trim() !== "") {
    const value = Number(millis);
    if (Number.isFinite(value)) {
      return Math.max(value, 0);
    }
  }
  return parseRetryAfter(headers.get("retry-after"));
}

/**
 * The wait before retry number `retry`, or null when the policy allows no more: past
 * maxRetries, or when the wait would take the waits past maxElapsedMs (`waitedMs` is what
 * this call has waited so far). `server` is the failed response's headers, or a Retry-After
 * value; what it asks replaces the backoff.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  retry: number,
  waitedMs: number,
  server: Headers | string | null = null,
  jitter: number = Math.random(),
): number | null {
  if (retry > policy.maxRetries) {
    return null;
  }
  const budget = policy.maxElapsedMs - waitedMs;
  const asked =
    typeof server === "string" ? parseRetryAfter(server) : serverDelay(server);
  if (asked !== null) {
    const cap = policy.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
    return asked > budget || asked > cap ? null : asked;
  }
  const delay = backoffDelay(policy, retry, jitter);
  return delay > budget ? null : delay;
}

/**
 * The retry policy, the same as the Python SDK's: 429, 500, 502, 503 and 504 and connection
 * errors are retried with exponential backoff (500 ms first, x1.5, at most 5 s between tries),
 * and no retry starts past 15 s from the first try. A server's Retry-After wins over backoff.
 */

export interface RetryPolicy {
  /** How many times a failed call is tried again (0: never). */
  readonly maxRetries: number;
  readonly initialIntervalMs: number;
  readonly maxIntervalMs: number;
  readonly backoffFactor: number;
  readonly maxElapsedMs: number;
  readonly retryStatuses: readonly number[];
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  initialIntervalMs: 500,
  maxIntervalMs: 5000,
  backoffFactor: 1.5,
  maxElapsedMs: 15000,
  retryStatuses: [429, 500, 502, 503, 504],
};

/** No retries at all. */
export const NO_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxRetries: 0 };

const JITTER_FRACTION = 0.25;

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

/**
 * The wait before retry number `retry`, or null when the policy allows no more: past
 * maxRetries, or when waiting would go past maxElapsedMs since the first try.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  retry: number,
  elapsedMs: number,
  retryAfter: string | null = null,
  jitter: number = Math.random(),
): number | null {
  if (retry > policy.maxRetries) {
    return null;
  }
  const delay = Math.max(
    parseRetryAfter(retryAfter) ?? 0,
    backoffDelay(policy, retry, jitter),
  );
  return elapsedMs + delay > policy.maxElapsedMs ? null : delay;
}

/**
 * What Sextant does when an Alpaca REST call fails transiently.
 *
 * Reads (GET, idempotent): retried on 429 after exactly the server's `Retry-After` (or
 * `X-Ratelimit-Reset`), and on 5xx / network failures with jittered exponential backoff, up to
 * `maxAttempts`. The SDK's own retry is turned off: it caps any wait at 5 s, so it would come back
 * before a longer `Retry-After` and spend the account's rate budget for nothing.
 *
 * Order submission (POST /v2/orders) is never blindly repeated. After a 429, a 5xx or a network
 * failure, the order's client_order_id is looked up first:
 *   - found → the order exists at Alpaca: return it, submit nothing;
 *   - confirmed absent (404) → submit again with the SAME client_order_id. Alpaca rejects a reused
 *     client_order_id, so even a first request still in flight cannot become a second order; if
 *     that rejection comes back, the order is looked up again and returned;
 *   - lookup failed → give up with the original error: the outcome is unknown and the OMS must
 *     reconcile before doing anything else with this order.
 * A `Retry-After` longer than `maxRetryAfterMs` is not waited out: the caller gets a
 * `rate_limited` error carrying `retryAfterMs` (a trader should know an order is on hold).
 */
import { AlpacaApiError } from './errors';

export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest server-requested wait the adapter sits out by itself. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 };

export interface RetryEnvironment {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly onRetry: (event: RetryEvent) => void;
}

export interface RetryEvent {
  readonly operation: string;
  /** The attempt about to be made (2 = first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: AlpacaApiError;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a failed call may be tried again at all. */
export function isTransient(error: AlpacaApiError): boolean {
  return error.kind === 'rate_limited' || error.kind === 'network' || error.kind === 'timeout' ||
    (error.kind === 'server' && error.status !== null && error.status >= 500);
}

/** How long to wait before the next attempt, or null when the wait is longer than we accept. */
export function retryDelayMs(error: AlpacaApiError, attempt: number, policy: RetryPolicy, random: () => number): number | null {
  if (error.kind === 'rate_limited' && error.retryAfterMs !== null) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/** Run an idempotent read, retrying transient failures. `call` must throw AlpacaApiError for API failures. */
export async function retryRead<T>(operation: string, call: () => Promise<T>, policy: RetryPolicy, env: RetryEnvironment): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof AlpacaApiError) || !isTransient(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = retryDelayMs(error, attempt, policy, env.random);
      if (delayMs === null) throw error;
      env.onRetry({ operation, attempt: attempt + 1, delayMs, error });
      await env.sleep(delayMs);
    }
  }
}

export interface SubmitSteps<T> {
  readonly submit: () => Promise<T>;
  /** The order with this submission's client_order_id, or null when Alpaca confirms it is absent. */
  readonly lookup: () => Promise<T | null>;
  readonly onRecovered: (how: string) => void;
}

const DUPLICATE_CLIENT_ORDER_ID = /client_order_id must be unique/i;

/** POST /v2/orders under the rule above. */
export async function retrySubmit<T>(steps: SubmitSteps<T>, policy: RetryPolicy, env: RetryEnvironment): Promise<T> {
  let resubmitted = false;
  for (let attempt = 1; ; attempt++) {
    let failure: AlpacaApiError;
    try {
      return await steps.submit();
    } catch (error) {
      if (!(error instanceof AlpacaApiError)) throw error;
      failure = error;
    }
    if (resubmitted && failure.kind === 'rejected' && DUPLICATE_CLIENT_ORDER_ID.test(failure.brokerMessage)) {
      const existing = await steps.lookup();
      if (existing) {
        steps.onRecovered('the first submission landed after all (duplicate client_order_id on retry)');
        return existing;
      }
      throw failure;
    }
    if (!isTransient(failure) || attempt >= policy.maxAttempts) throw failure;
    const delayMs = retryDelayMs(failure, attempt, policy, env.random);
    if (delayMs === null) throw failure;
    env.onRetry({ operation: 'submit order', attempt: attempt + 1, delayMs, error: failure });
    await env.sleep(delayMs);
    let existing: T | null;
    try {
      existing = await steps.lookup();
    } catch {
      throw failure;
    }
    if (existing) {
      steps.onRecovered(`the order exists at Alpaca despite ${failure.kind} on submit`);
      return existing;
    }
    resubmitted = true;
  }
}

/**
 * One-shot REST faults the test arms through the control API. Each applies to the next `remaining`
 * requests that match it (method and/or path prefix), in the order armed.
 */
import type { ApiErrorBody } from './wire';

export interface RequestMatch {
  readonly method?: string;
  /** e.g. `/v2/orders`, `/v2/stocks`. */
  readonly pathPrefix?: string;
}

export type RestFaultAction =
  | { readonly kind: 'respond'; readonly status: number; readonly body: ApiErrorBody; readonly headers?: Readonly<Record<string, string>> }
  /** Destroy the TCP connection without an answer (the client sees a network error). */
  | { readonly kind: 'reset' }
  /** Process the request normally, then destroy the connection instead of answering: the effect happened, the client never hears of it. */
  | { readonly kind: 'apply-then-reset' }
  /** Answer normally, but only once `released` resolves (a slow server). */
  | { readonly kind: 'hold'; readonly released: Promise<void> };

interface ArmedFault {
  readonly match: RequestMatch;
  readonly action: RestFaultAction;
  remaining: number;
}

export class RestFaults {
  private readonly armed: ArmedFault[] = [];

  arm(count: number, action: RestFaultAction, match: RequestMatch = {}): void {
    if (count > 0) this.armed.push({ match, action, remaining: count });
  }

  /** 429 with `Retry-After` (seconds) on the next `count` matching requests. */
  tooManyRequests(count: number, retryAfterSeconds: number, match: RequestMatch = {}): void {
    this.arm(count, {
      kind: 'respond',
      status: 429,
      body: { code: 42910000, message: 'rate limit exceeded' },
      headers: { 'Retry-After': String(retryAfterSeconds), 'X-Ratelimit-Remaining': '0' },
    }, match);
  }

  serverError(count: number, status = 500, match: RequestMatch = {}): void {
    this.arm(count, { kind: 'respond', status, body: { code: 50010000, message: 'internal server error' } }, match);
  }

  resetConnection(count: number, match: RequestMatch = {}): void {
    this.arm(count, { kind: 'reset' }, match);
  }

  /** The order is created but the answer is lost (connection reset after processing). */
  loseAnswer(count: number, match: RequestMatch = { method: 'POST', pathPrefix: '/v2/orders' }): void {
    this.arm(count, { kind: 'apply-then-reset' }, match);
  }

  /** Reject the next `count` order submissions with Alpaca's error (403 / 422 …). */
  rejectOrders(count: number, status: number, body: ApiErrorBody): void {
    this.arm(count, { kind: 'respond', status, body }, { method: 'POST', pathPrefix: '/v2/orders' });
  }

  /** Hold the next matching request until the returned function is called. */
  hold(match: RequestMatch = {}): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.arm(1, { kind: 'hold', released }, match);
    return release;
  }

  unauthorized(count: number, match: RequestMatch = {}): void {
    this.arm(count, { kind: 'respond', status: 401, body: { code: 40110000, message: 'request is not authorized' } }, match);
  }

  /** The fault for this request, if one is armed (consumes it). */
  take(method: string, path: string): RestFaultAction | null {
    for (let i = 0; i < this.armed.length; i++) {
      const fault = this.armed[i]!;
      if (fault.match.method && fault.match.method !== method) continue;
      if (fault.match.pathPrefix && !path.startsWith(fault.match.pathPrefix)) continue;
      fault.remaining--;
      if (fault.remaining <= 0) this.armed.splice(i, 1);
      return fault.action;
    }
    return null;
  }

  clear(): void {
    this.armed.length = 0;
  }
}

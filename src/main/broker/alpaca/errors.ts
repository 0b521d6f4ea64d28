import { ApiError, FetchError } from '@alpacahq/alpaca-trade-api';

/**
 * Typed errors of the Alpaca adapter. Everything the SDK or the network throws is turned into an
 * `AlpacaApiError` carrying Alpaca's own code, the HTTP status and Alpaca's message, so the OMS can
 * record "rejected by broker: insufficient buying power (40310000)" and branch on `kind`.
 */

export type AlpacaErrorKind =
  /** The broker refused the request on its merits (403 / 422 / 400 on an order operation). */
  | 'rejected'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'rate_limited'
  | 'server'
  /** No HTTP answer at all (connection refused/reset, DNS, aborted): the outcome is unknown. */
  | 'network'
  | 'timeout';

export interface AlpacaApiErrorDetails {
  readonly kind: AlpacaErrorKind;
  readonly operation: string;
  readonly status: number | null;
  readonly code: number | string | null;
  readonly brokerMessage: string;
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;
}

export class AlpacaApiError extends Error {
  readonly kind: AlpacaErrorKind;
  readonly operation: string;
  readonly status: number | null;
  readonly code: number | string | null;
  /** Alpaca's `message`, as sent (redacted of registered secrets). */
  readonly brokerMessage: string;
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;

  constructor(details: AlpacaApiErrorDetails) {
    super(formatAlpacaError(details));
    this.name = 'AlpacaApiError';
    this.kind = details.kind;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.brokerMessage = details.brokerMessage;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }

  /**
   * True when the request certainly had no effect at the broker: Alpaca answered with a 4xx. After
   * a 5xx, a timeout or a network failure the outcome is unknown until reconciled.
   */
  get definitelyNotApplied(): boolean {
    return this.status !== null && this.status < 500;
  }
}

export function formatAlpacaError(d: Pick<AlpacaApiErrorDetails, 'kind' | 'operation' | 'status' | 'code' | 'brokerMessage'>): string {
  const code = d.code !== null ? ` (${d.code})` : '';
  if (d.kind === 'rejected') return `rejected by broker: ${d.brokerMessage}${code}`;
  const status = d.status !== null ? `HTTP ${d.status} ` : '';
  return `Alpaca ${d.operation} failed: ${status}${d.brokerMessage}${code}`;
}

/** Alpaca sent something that doesn't match its documented shape. */
export class AlpacaProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlpacaProtocolError';
  }
}

/** The adapter's configuration is unusable (live without confirmation, missing keys, bad URL). */
export class AlpacaConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlpacaConfigError';
  }
}

/** Operations where a 400/403/422 means "the broker refused this order". */
const ORDER_OPERATIONS = new Set(['submit order', 'replace order', 'cancel order', 'close position']);

export function kindForStatus(status: number, operation: string): AlpacaErrorKind {
  if ((status === 400 || status === 403 || status === 422) && ORDER_OPERATIONS.has(operation)) return 'rejected';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 429) return 'rate_limited';
  return 'server';
}

/**
 * Map what the SDK's transport throws (ApiError, FetchError) into an AlpacaApiError; anything else
 * passes through. `redact` removes registered secrets from
 * every text that ends up in the error (a URL, a body echo, a cause message).
 */
export function toAlpacaError(error: unknown, operation: string, redact: (text: string) => string): Error {
  if (error instanceof AlpacaApiError) return error;
  if (error instanceof ApiError) {
    return new AlpacaApiError({
      kind: kindForStatus(error.status, operation),
      operation,
      status: error.status,
      code: error.code ?? null,
      brokerMessage: redact(error.message),
      requestId: error.requestId ?? null,
      retryAfterMs: error.retryAfterMs ?? null,
    });
  }
  if (error instanceof FetchError) {
    const cause = error.cause instanceof Error ? error.cause : null;
    const timedOut = cause?.name === 'TimeoutError' || cause?.name === 'AbortError';
    return new AlpacaApiError({
      kind: timedOut ? 'timeout' : 'network',
      operation,
      status: null,
      code: null,
      brokerMessage: redact(cause ? `${cause.name}: ${cause.message}` : error.message),
      requestId: null,
      retryAfterMs: null,
    });
  }
  // Not from the SDK's transport (a bug, a protocol error): let it through unchanged.
  return error instanceof Error ? error : new Error(redact(String(error)));
}

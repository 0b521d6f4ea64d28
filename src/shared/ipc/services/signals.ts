import { z } from 'zod';
import { StrategyIdSchema, SymbolSchema } from '../../trading/identifiers';
import { SignalOutcomeSchema, SignalOutcomeStatus, SignalSource } from '../../trading/signal-outcome';
import { event, request } from '../define';

/** 'received' until the outcome is known; 'invalid' for a payload that was not a signal. */
export const SignalRowStatus = z.enum(['received', 'invalid', ...SignalOutcomeStatus.options]);
export type SignalRowStatus = z.infer<typeof SignalRowStatus>;

/** One signal of the log, as stored: what arrived, from where, and what became of it. */
export const SignalRecordShape = z.object({
  id: z.number(),
  receivedAt: z.number(),
  source: SignalSource,
  strategyId: z.string().nullable(),
  symbol: z.string().nullable(),
  action: z.enum(['BUY', 'SELL', 'HOLD']).nullable(),
  /** The signal in its wire form, or what was sent when it was not a valid signal. */
  payload: z.unknown(),
  status: SignalRowStatus,
  outcome: SignalOutcomeSchema.nullable(),
  error: z.string().nullable(),
  decidedAt: z.number().nullable(),
  clientOrderId: z.string().nullable(),
});
export type SignalRecordShape = z.infer<typeof SignalRecordShape>;

export const SignalListQuery = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    /** Only signals older than this id: the `nextBeforeId` of the previous page. */
    beforeId: z.number().int().positive().optional(),
    source: SignalSource.optional(),
    strategyId: StrategyIdSchema.optional(),
    symbol: SymbolSchema.optional(),
    status: SignalRowStatus.optional(),
  })
  .strict();
export type SignalListQuery = z.input<typeof SignalListQuery>;

export const SignalPage = z.object({
  signals: z.array(SignalRecordShape),
  /** Pass as `beforeId` for the next (older) page; null when this page was the last. */
  nextBeforeId: z.number().nullable(),
});
export type SignalPage = z.infer<typeof SignalPage>;

/**
 * The local signal endpoint: `off` (the default), `listening`, `error` (enabled but could not
 * listen, e.g. the port is taken), or `unavailable` (enabled, but this host runs no trading
 * service to act on signals).
 */
export const SignalEndpointView = z.object({
  state: z.enum(['off', 'listening', 'error', 'unavailable']),
  /** As trading.yaml says. */
  enabled: z.boolean(),
  port: z.number(),
  /** `http://127.0.0.1:PORT/v1/signals` while listening. */
  url: z.string().nullable(),
  streamUrl: z.string().nullable(),
  error: z.string().nullable(),
  /** The file holding the token (the user's own programs read it); null when the token is kept elsewhere. */
  tokenFile: z.string().nullable(),
  /** The last 4 characters of the token, or null before one was made. */
  tokenLast4: z.string().max(4).nullable(),
});
export type SignalEndpointView = z.infer<typeof SignalEndpointView>;

export const signalsRequests = {
  /** The signals log, newest first, filtered and paged. */
  'signals.list': request(SignalListQuery, SignalPage),
  'signals.endpoint': request(z.object({}).strict(), SignalEndpointView),
  /** The endpoint's token, made on first use: the user's own local token, asked for only to copy it. */
  'signals.endpointToken': request(z.object({}).strict(), z.object({ token: z.string() })),
};

export const signalsEvents = {
  /** A signal arrived or got its outcome (the newest state of each signal per batch). */
  'signals.recorded': event(SignalRecordShape, { keep: 'latest', key: (record) => String(record.id) }),
  'signals.endpoint.changed': event(SignalEndpointView, { keep: 'latest', key: () => 'endpoint' }),
};

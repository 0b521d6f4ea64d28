import { z } from 'zod';

/** Where a signal came from (issue 5): a running strategy, the order ticket, the local endpoint, the CLI. */
export const SignalSource = z.enum(['strategy', 'ticket', 'endpoint', 'cli']);
export type SignalSource = z.infer<typeof SignalSource>;

/**
 * What became of a signal. `held`: a HOLD, recorded and nothing else; `skipped`: nothing to do or
 * not allowed to (strategy disabled, confidence below its threshold, already positioned, sized to
 * zero; `reason` says which); `submitted`: journaled and handed to the broker, no answer yet when
 * the outcome was given; `accepted`: at the broker, not filled when the answer was given;
 * `rejected_invalid`: the order it asked for is not one the broker would take (a sub-penny price, a stop on
 * the wrong side); `unavailable`: trading could not take it (not reconciled with the broker yet, closed).
 */
export const SignalOutcomeStatus = z.enum([
  'held',
  'skipped',
  'rejected_by_risk',
  'rejected_by_broker',
  'rejected_invalid',
  'unavailable',
  'submitted',
  'accepted',
  'partially_filled',
  'filled',
  'canceled',
  'expired',
  'error',
]);
export type SignalOutcomeStatus = z.infer<typeof SignalOutcomeStatus>;

export const RuleVerdictWire = z.object({ rule: z.string(), passed: z.boolean(), detail: z.string() });

/**
 * The outcome as issue 5's `sextant signal` prints it, the local endpoint answers it and the
 * signals table stores it: one snake_case shape for all three, so a script reads them alike.
 */
export const SignalOutcomeSchema = z.object({
  status: SignalOutcomeStatus,
  client_order_id: z.string().nullable(),
  broker_order_id: z.string().nullable(),
  /** Null when the signal never reached the risk manager (HOLD, skipped, an error before it). */
  risk: z.object({ approved: z.boolean(), rules: z.array(RuleVerdictWire) }).nullable(),
  /** The quantity asked for: the signal's own, or what sizing gave (null: none was sized). */
  sized_qty: z.number().nullable().optional(),
  filled_qty: z.number(),
  filled_avg_price: z.number().nullable(),
  /** Null for a stage the signal did not reach. */
  latency_ms: z.object({ risk: z.number().nullable(), submit: z.number().nullable(), total: z.number() }),
  /** Why it was skipped, or the broker's words for a rejection. */
  reason: z.string().optional(),
  error: z.string().optional(),
});
export type SignalOutcome = z.infer<typeof SignalOutcomeSchema>;

/** An outcome for a signal that produced no order: held, skipped or failed before reaching risk. */
export function outcomeWithoutOrder(status: SignalOutcomeStatus, totalMs: number, text?: { reason?: string; error?: string }): SignalOutcome {
  return {
    status,
    client_order_id: null,
    broker_order_id: null,
    risk: null,
    filled_qty: 0,
    filled_avg_price: null,
    latency_ms: { risk: null, submit: null, total: totalMs },
    ...(text?.reason !== undefined ? { reason: text.reason } : {}),
    ...(text?.error !== undefined ? { error: text.error } : {}),
  };
}

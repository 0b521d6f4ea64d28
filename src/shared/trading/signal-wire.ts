import { z } from 'zod';
import type { Signal } from '../domain/signal';
import { SYMBOL_PATTERN } from '../market/symbol';

const Price = z.number().positive().finite();

/**
 * A trading signal as outside systems, the CLI and the order ticket write it (issue 5):
 * `{symbol, action, quantity?, price_target?, stop_loss?, take_profit?, confidence, strategy_id,
 * timestamp, metadata?}`. `timestamp` is epoch milliseconds or an ISO-8601 date-time with an offset.
 */
export const SignalWireSchema = z
  .object({
    symbol: z.string().trim().min(1).max(32).regex(SYMBOL_PATTERN, 'letters, digits and . - / ^ = _ only').transform((s) => s.toUpperCase()),
    action: z.enum(['BUY', 'SELL', 'HOLD']),
    quantity: z.number().positive().finite().optional(),
    price_target: Price.optional(),
    stop_loss: Price.optional(),
    take_profit: Price.optional(),
    confidence: z.number().min(0).max(1),
    strategy_id: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
    timestamp: z.union([
      z.number().int().nonnegative(),
      z.string().datetime({ offset: true }).transform((text) => Date.parse(text)),
    ]),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type SignalWire = z.input<typeof SignalWireSchema>;

export function signalFromWire(wire: z.output<typeof SignalWireSchema>): Signal {
  return {
    symbol: wire.symbol,
    action: wire.action,
    confidence: wire.confidence,
    strategyId: wire.strategy_id,
    timestamp: wire.timestamp,
    ...(wire.quantity !== undefined ? { quantity: wire.quantity } : {}),
    ...(wire.price_target !== undefined ? { priceTarget: wire.price_target } : {}),
    ...(wire.stop_loss !== undefined ? { stopLoss: wire.stop_loss } : {}),
    ...(wire.take_profit !== undefined ? { takeProfit: wire.take_profit } : {}),
    ...(wire.metadata !== undefined ? { metadata: wire.metadata } : {}),
  };
}

/** The problems of a parsed-JSON value as a signal, one line each ("confidence: must be at most 1"). */
export function signalProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'signal'}: ${issue.message}`);
}

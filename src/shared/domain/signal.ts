/**
 * A trading signal (issue 5): what a strategy, the order ticket or an outside system wants done.
 * The signal router turns it into orders; a missing quantity is sized by the sizer / risk manager.
 *
 * Meaning of `action` without a quantity (repeating a signal never adds to a position):
 * - BUY: short → buy back the whole short (flat); flat → open a sized long; long → nothing.
 * - SELL: long → sell the whole long (flat); flat → open a sized short; short → nothing.
 * With a quantity: buy or sell exactly that many units, whatever the position.
 * HOLD does nothing (it is recorded, which is its purpose).
 */
export type SignalAction = 'BUY' | 'SELL' | 'HOLD';

export interface Signal {
  readonly symbol: string;
  readonly action: SignalAction;
  readonly quantity?: number;
  /** Limit price for the entry; absent → a market order. */
  readonly priceTarget?: number;
  /** Attach a protective stop (bracket/OTO leg). */
  readonly stopLoss?: number;
  /** Attach a take-profit (bracket/OTO leg). */
  readonly takeProfit?: number;
  /** 0..1 */
  readonly confidence: number;
  readonly strategyId: string;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

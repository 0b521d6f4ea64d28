import { z } from 'zod';
import type { Signal } from '../domain/signal';
import { describeValue, fieldProblems, formatFieldProblem, type FieldProblem } from '../validation/field-problems';
import { StrategyIdSchema, SymbolSchema } from './identifiers';

/**
 * A signal as outside systems send it (issue 5), in snake_case:
 *
 *   {"symbol": "AAPL", "action": "BUY", "quantity": 10, "price_target": 187.5, "stop_loss": 183,
 *    "take_profit": 195, "confidence": 0.72, "strategy_id": "momo-1",
 *    "timestamp": "2025-03-14T15:30:00Z", "metadata": {"note": "breakout"}}
 *
 * `quantity`, the three prices and `metadata` are optional (null counts as absent, as Python's
 * None serialises). `timestamp` is epoch milliseconds or an ISO 8601 time with a zone.
 * Unknown keys are refused, so a typo (`stoploss`) or camelCase (`strategyId`) never silently
 * drops a protective stop.
 */

const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;
const TIMESTAMP_FORMS = 'epoch milliseconds (a number) or an ISO 8601 time with a zone such as "2025-03-14T15:30:00Z"';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch ms of an ISO 8601 date-time with a zone, or a reason it is not one. */
export function parseIsoTime(text: string): number | string {
  const match = ISO_TIME.exec(text.trim());
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(text.trim())) return 'has no zone: add "Z" for UTC or an offset such as "+01:00"';
    return `must be ${TIMESTAMP_FORMS}`;
  }
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return 'is not a real date and time';
  const millis = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return 'has an impossible zone offset';
    offsetMinutes = sign * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** Epoch ms from either accepted form, with a reason when the value is neither. */
export function parseWireTimestamp(value: unknown): number | string {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `must be ${TIMESTAMP_FORMS}, got ${describeValue(value)}`;
    if (value > 0 && value < 1e11) return `looks like epoch seconds (${value}); send milliseconds (${Math.round(value * 1000)})`;
    ms = Math.round(value);
  } else if (typeof value === 'string') {
    const parsed = parseIsoTime(value);
    if (typeof parsed === 'string') return `${parsed}, got ${describeValue(value)}`;
    ms = parsed;
  } else if (value === undefined) {
    return `is required (${TIMESTAMP_FORMS})`;
  } else {
    return `must be ${TIMESTAMP_FORMS}, got ${describeValue(value)}`;
  }
  if (ms < EARLIEST_MS || ms >= LATEST_MS) return `must be between 2000 and 2100, got ${describeValue(value)}`;
  return ms;
}

const TimestampSchema = z.any().transform((value, ctx) => {
  const parsed = parseWireTimestamp(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const Price = z.number().positive();

export const SignalWireSchema = z
  .object({
    symbol: SymbolSchema,
    action: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.enum(['BUY', 'SELL', 'HOLD'])),
    quantity: z.number().positive().max(1e9).nullish(),
    price_target: Price.nullish(),
    stop_loss: Price.nullish(),
    take_profit: Price.nullish(),
    confidence: z.number().min(0).max(1),
    strategy_id: StrategyIdSchema,
    timestamp: TimestampSchema,
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .strict()
  .superRefine((signal, ctx) => {
    // Protective prices on the wrong side of the entry would make the broker refuse the bracket
    // (or, worse, fill the stop at once): say so while the sender can still fix it.
    if (signal.action === 'HOLD') return;
    const buy = signal.action === 'BUY';
    const below = (a: number, b: number): boolean => (buy ? a < b : a > b);
    const word = buy ? 'below' : 'above';
    const opposite = buy ? 'above' : 'below';
    // A price already refused by its own check (0, negative) is not compared again.
    const usable = (price: number | null | undefined): number | null => (typeof price === 'number' && price > 0 ? price : null);
    const entry = usable(signal.price_target);
    const stop = usable(signal.stop_loss);
    const target = usable(signal.take_profit);
    if (stop !== null && entry !== null && !below(stop, entry)) {
      ctx.addIssue({ code: 'custom', path: ['stop_loss'], message: `must be ${word} price_target (${entry}) for a ${signal.action}, got ${stop}` });
    }
    if (target !== null && entry !== null && !below(entry, target)) {
      ctx.addIssue({ code: 'custom', path: ['take_profit'], message: `must be ${opposite} price_target (${entry}) for a ${signal.action}, got ${target}` });
    }
    if (stop !== null && target !== null && !below(stop, target)) {
      ctx.addIssue({ code: 'custom', path: ['stop_loss'], message: `must be ${word} take_profit (${target}) for a ${signal.action}, got ${stop}` });
    }
  });

export type SignalWireInput = z.input<typeof SignalWireSchema>;

/** A signal in its wire form with the timestamp as epoch ms: what is stored as the payload. */
export interface SignalWire {
  readonly symbol: string;
  readonly action: Signal['action'];
  readonly quantity?: number;
  readonly price_target?: number;
  readonly stop_loss?: number;
  readonly take_profit?: number;
  readonly confidence: number;
  readonly strategy_id: string;
  readonly timestamp: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export type SignalParse =
  | { readonly ok: true; readonly signal: Signal }
  | { readonly ok: false; readonly problems: readonly FieldProblem[]; readonly message: string };

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** Validates an outside signal and maps it to the engine's `Signal`; problems name each field. */
export function parseSignal(raw: unknown): SignalParse {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const problem: FieldProblem = { path: [], key: '', message: `a signal must be a JSON object, got ${describeValue(raw)}` };
    return { ok: false, problems: [problem], message: problem.message };
  }
  const parsed = SignalWireSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = fieldProblems(SignalWireSchema, parsed.error, raw, { keyNoun: 'field' });
    return { ok: false, problems, message: problems.map(formatFieldProblem).join('; ') };
  }
  const w = parsed.data;
  const signal: { -readonly [K in keyof Signal]: Signal[K] } = {
    symbol: w.symbol,
    action: w.action,
    confidence: w.confidence,
    strategyId: w.strategy_id,
    timestamp: w.timestamp,
  };
  if (present(w.quantity)) signal.quantity = w.quantity;
  if (present(w.price_target)) signal.priceTarget = w.price_target;
  if (present(w.stop_loss)) signal.stopLoss = w.stop_loss;
  if (present(w.take_profit)) signal.takeProfit = w.take_profit;
  if (present(w.metadata)) signal.metadata = w.metadata;
  return { ok: true, signal };
}

export function signalToWire(signal: Signal): SignalWire {
  const wire: { -readonly [K in keyof SignalWire]: SignalWire[K] } = {
    symbol: signal.symbol,
    action: signal.action,
    confidence: signal.confidence,
    strategy_id: signal.strategyId,
    timestamp: signal.timestamp,
  };
  if (signal.quantity !== undefined) wire.quantity = signal.quantity;
  if (signal.priceTarget !== undefined) wire.price_target = signal.priceTarget;
  if (signal.stopLoss !== undefined) wire.stop_loss = signal.stopLoss;
  if (signal.takeProfit !== undefined) wire.take_profit = signal.takeProfit;
  if (signal.metadata !== undefined) wire.metadata = signal.metadata;
  return wire;
}

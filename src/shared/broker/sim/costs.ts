import { InputError } from '../../errors';
import type { OrderSide } from '../../domain/order';

/**
 * Commission per order, computed on the order's cumulative quantity and value so that a minimum
 * (and a maximum) applies once per order however many partial fills it takes. Each fill is charged
 * the increase, so the fills of an order always add up to the order's commission. Amounts are
 * rounded to the cent.
 */
export type CommissionModel =
  | { readonly kind: 'none' }
  /** `rate` per share, at least `min` per order, at most `maxPct` % of the order's value. */
  | { readonly kind: 'per_share'; readonly rate: number; readonly min: number; readonly maxPct: number | null }
  /** A flat amount per order (charged on its first fill). */
  | { readonly kind: 'per_order'; readonly amount: number }
  /** `bps` basis points of the traded value, at least `min` per order. */
  | { readonly kind: 'bps'; readonly bps: number; readonly min: number };

/** Adverse price move on fills that take liquidity. */
export type SlippageModel =
  | { readonly kind: 'none' }
  | { readonly kind: 'bps'; readonly bps: number }
  | { readonly kind: 'ticks'; readonly ticks: number };

export const NO_COMMISSION: CommissionModel = { kind: 'none' };
export const NO_SLIPPAGE: SlippageModel = { kind: 'none' };

export function roundCents(amount: number): number {
  // The small nudge keeps 1.005 from rounding down through its binary representation.
  return Math.round(amount * 100 + (amount >= 0 ? 1e-7 : -1e-7)) / 100;
}

/** The whole commission of an order that has traded `qty` units for `value` so far. */
export function orderCommission(model: CommissionModel, qty: number, value: number): number {
  if (qty <= 0) return 0;
  switch (model.kind) {
    case 'none':
      return 0;
    case 'per_order':
      return roundCents(model.amount);
    case 'per_share': {
      let amount = Math.max(model.min, model.rate * qty);
      if (model.maxPct !== null) amount = Math.min(amount, (model.maxPct / 100) * value);
      return roundCents(amount);
    }
    case 'bps':
      return roundCents(Math.max(model.min, (model.bps / 10_000) * value));
  }
}

/** `price` moved against the trader: up for a buy, down for a sell. */
export function slipPrice(model: SlippageModel, side: OrderSide, price: number, tick: number): number {
  const direction = side === 'buy' ? 1 : -1;
  switch (model.kind) {
    case 'none':
      return price;
    case 'bps':
      return price * (1 + (direction * model.bps) / 10_000);
    case 'ticks':
      return price + direction * model.ticks * tick;
  }
}

function parseFields(spec: string, what: string, allowed: readonly string[]): { head: string; value: number; fields: Map<string, string> } {
  const parts = spec.split(',').map((p) => p.trim());
  const [headPart, ...rest] = parts;
  const match = /^([a-z-]+):([0-9]*\.?[0-9]+)$/.exec(headPart ?? '');
  if (!match) throw new InputError(`${what} "${spec}" is not understood; expected e.g. ${allowed.join(' | ')}`);
  const fields = new Map<string, string>();
  for (const part of rest) {
    const [key, value] = part.split(':');
    if (!key || value === undefined) throw new InputError(`${what} "${spec}": "${part}" should be key:value`);
    fields.set(key, value);
  }
  return { head: match[1]!, value: Number(match[2]), fields };
}

function fieldNumber(fields: Map<string, string>, key: string, spec: string, what: string): number | null {
  const raw = fields.get(key);
  if (raw === undefined) return null;
  const value = Number(raw.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 0) throw new InputError(`${what} "${spec}": ${key} must be a non-negative number, got "${raw}"`);
  return value;
}

const COMMISSION_FORMS = ['none', 'per-share:0.005[,min:1][,max:1%]', 'per-order:1', 'bps:5[,min:1]'];

/** `none`, `per-share:RATE[,min:M][,max:P%]`, `per-order:AMOUNT`, `bps:B[,min:M]`. */
export function parseCommission(spec: string): CommissionModel {
  const text = spec.trim();
  if (text === 'none' || text === '0') return NO_COMMISSION;
  const { head, value, fields } = parseFields(text, 'commission', COMMISSION_FORMS);
  const unknown = [...fields.keys()].filter((k) => !(head === 'per-share' ? ['min', 'max'] : head === 'bps' ? ['min'] : []).includes(k));
  if (unknown.length > 0) throw new InputError(`commission "${spec}": unknown field ${unknown.join(', ')}; expected ${COMMISSION_FORMS.join(' | ')}`);
  switch (head) {
    case 'per-share':
      return { kind: 'per_share', rate: value, min: fieldNumber(fields, 'min', spec, 'commission') ?? 0, maxPct: fieldNumber(fields, 'max', spec, 'commission') };
    case 'per-order':
      return { kind: 'per_order', amount: value };
    case 'bps':
      return { kind: 'bps', bps: value, min: fieldNumber(fields, 'min', spec, 'commission') ?? 0 };
    default:
      throw new InputError(`commission "${spec}": unknown kind "${head}"; expected ${COMMISSION_FORMS.join(' | ')}`);
  }
}

/** `none`, `bps:B`, `ticks:N`. */
export function parseSlippage(spec: string): SlippageModel {
  const text = spec.trim();
  if (text === 'none' || text === '0') return NO_SLIPPAGE;
  const { head, value, fields } = parseFields(text, 'slippage', ['none', 'bps:5', 'ticks:1']);
  if (fields.size > 0) throw new InputError(`slippage "${spec}" takes no extra fields`);
  if (head === 'bps') return { kind: 'bps', bps: value };
  if (head === 'ticks') return { kind: 'ticks', ticks: value };
  throw new InputError(`slippage "${spec}": unknown kind "${head}"; expected none | bps:B | ticks:N`);
}

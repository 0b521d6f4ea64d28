import type { RiskCheckInput } from './risk-types';

/**
 * Why a price seen at `t` cannot be used at `now` (null: it can): none known, or older than
 * `maxAgeMs` of market time. `ageMs` measures the time between two instants the way staleness
 * counts (regular-session time for US equities: a Friday close is still current on Sunday, and
 * 30 s old at 09:30:30 on Monday).
 */
export function priceStaleness(symbol: string, t: number, now: number, maxAgeMs: number, ageMs: (from: number, to: number) => number): string | null {
  if (!Number.isFinite(t)) return `no current price for ${symbol}`;
  const age = ageMs(t, now);
  if (age <= maxAgeMs) return null;
  return `price is stale (last at ${new Date(t).toISOString()}, ${formatAge(age)} of trading ago; limit ${formatAge(maxAgeMs)})`;
}

function formatAge(ms: number): string {
  const seconds = ms / 1000;
  return seconds < 600 ? `${Math.round(seconds * 10) / 10} s` : `${Math.round(seconds / 60)} min`;
}

function wallClockAge(from: number, to: number): number {
  return to - from;
}

/**
 * Why the rules may not rely on `symbol`'s last price now (null: they may). Only where prices carry
 * their time (`RiskAccount.priceTime`: a live broker's trades and quotes) and `maxPriceAgeSec` is
 * set; a backtest's and the offline paper broker's prices are the bars they fill on.
 */
export function stalePrice({ account, market, limits, now }: RiskCheckInput, symbol: string): string | null {
  const limit = limits.maxPriceAgeSec;
  if (limit === null || !account.priceTime) return null;
  if (!(account.lastPrice(symbol) > 0)) return `no current price for ${symbol}`;
  return priceStaleness(symbol, account.priceTime(symbol), now, limit * 1000, market.priceAgeMs ?? wallClockAge);
}

import type { OrderSide } from '../../domain/order';

/**
 * The price rules of the simulated broker, one pure function per order type (see
 * docs/fill-model.md). Each takes the bar's effective open `o` (the bar's open, or for a leg
 * activated inside this bar the price its entry filled at), its high `h` and low `l`, and returns
 * the raw fill price before slippage, or NaN when the order does not fill on this bar.
 * A price level is "touched" when the bar reaches it (h ≥ level or l ≤ level).
 */

/** Buy limit P: the open if it is at or below P (a gap through the limit fills at the better open), else P if the low reaches it. */
export function limitFillPrice(side: OrderSide, limit: number, o: number, h: number, l: number): number {
  if (side === 'buy') {
    if (o <= limit) return o;
    return l <= limit ? limit : Number.NaN;
  }
  if (o >= limit) return o;
  return h >= limit ? limit : Number.NaN;
}

/** Whether a stop at `stop` triggers on this bar (buy: the high reaches it; sell: the low does). */
export function stopTouched(side: OrderSide, stop: number, h: number, l: number): boolean {
  return side === 'buy' ? h >= stop : l <= stop;
}

/** Buy stop S: the open if it gapped through S, else S if the high reaches it. Sell mirrored. */
export function stopFillPrice(side: OrderSide, stop: number, o: number, h: number, l: number): number {
  if (side === 'buy') {
    if (o >= stop) return o;
    return h >= stop ? stop : Number.NaN;
  }
  if (o <= stop) return o;
  return l <= stop ? stop : Number.NaN;
}

/**
 * A stop-limit on this bar. Already triggered on an earlier bar: it is a limit order. Triggered
 * at the open (a gap through the stop): a limit from the open on (fills at the open if the open is
 * within the limit, else at the limit if the bar comes back to it). Triggered inside the bar at the
 * stop: fills at the stop when the limit allows the stop price; otherwise it rests as a limit from
 * the next bar (which way the bar moved after the trigger is unknown, so no fill is assumed).
 * Returns NaN for no fill; `triggered` tells the caller to remember the trigger.
 */
export function stopLimitFillPrice(side: OrderSide, stop: number, limit: number, o: number, h: number, l: number, alreadyTriggered: boolean): { triggered: boolean; price: number } {
  if (alreadyTriggered) return { triggered: true, price: limitFillPrice(side, limit, o, h, l) };
  const buy = side === 'buy';
  const gapped = buy ? o >= stop : o <= stop;
  if (gapped) return { triggered: true, price: limitFillPrice(side, limit, o, h, l) };
  if (!stopTouched(side, stop, h, l)) return { triggered: false, price: Number.NaN };
  const marketableAtStop = buy ? limit >= stop : limit <= stop;
  return { triggered: true, price: marketableAtStop ? stop : Number.NaN };
}

/**
 * A trailing stop's level from its mark: for a sell, the high-water mark less the trail; for a buy,
 * the low-water mark plus the trail. The mark starts at the last price when the order is accepted
 * and moves only at the end of each bar, so within a bar the stop is the one earlier bars set.
 */
export function trailingStopLevel(side: OrderSide, mark: number, trailPrice: number | null, trailPercent: number | null): number {
  if (trailPrice !== null) return side === 'sell' ? mark - trailPrice : mark + trailPrice;
  const pct = (trailPercent ?? 0) / 100;
  return side === 'sell' ? mark * (1 - pct) : mark * (1 + pct);
}

/** Moves a trailing mark with the bar: the high for a sell stop, the low for a buy stop. */
export function nextTrailingMark(side: OrderSide, mark: number, h: number, l: number): number {
  return side === 'sell' ? Math.max(mark, h) : Math.min(mark, l);
}

/** Whether a market-like price is a gap fill at the open. */
export function atOpen(price: number, o: number): boolean {
  return price === o;
}

/**
 * Which leg fills when one bar touches both the take-profit and the stop-loss of a bracket/OCO and
 * neither was hit at the open: `stop-first` (pessimistic, the default), `target-first`
 * (optimistic), or `nearest-first` (the level nearer the open is assumed reached first; a tie goes
 * to the stop).
 */
export type AmbiguousBarRule = 'stop-first' | 'target-first' | 'nearest-first';

export function stopFillsFirst(rule: AmbiguousBarRule, o: number, target: number, stop: number): boolean {
  switch (rule) {
    case 'stop-first':
      return true;
    case 'target-first':
      return false;
    case 'nearest-first':
      return Math.abs(o - stop) <= Math.abs(target - o);
  }
}

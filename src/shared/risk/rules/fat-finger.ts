import { stalePrice } from '../price-age';
import { formatPct, offVerdict } from '../reducing';
import type { RiskCheckInput, RiskRule, RuleVerdict } from '../risk-types';

/**
 * A limit price (or a stop-limit's limit) further than `fatFingerPct` from the last price is
 * taken for a typing error. Bracket legs are exits placed away from the price on purpose, so only
 * the entry's own limit is checked. Without a last price the order is refused: the band cannot be
 * checked, and an unchecked limit is what this rule exists to stop. Nor with a stale live price:
 * the band would be drawn around where the market was.
 */
const NO_LIMIT: RuleVerdict = Object.freeze({ rule: 'fat_finger', passed: true, detail: 'no entry limit price' });

export const fatFingerRule: RiskRule = {
  name: 'fat_finger',
  check(input: RiskCheckInput): RuleVerdict {
    const { order, account, limits } = input;
    const band = limits.fatFingerPct;
    if (band === null) return offVerdict(this.name);
    if (order.limitPrice === null || order.exitOnly) return NO_LIMIT;
    const last = account.lastPrice(order.symbol);
    if (!(last > 0)) return { rule: this.name, passed: false, detail: `no last price for ${order.symbol}; cannot check limit ${order.limitPrice}` };
    const stale = stalePrice(input, order.symbol);
    if (stale) return { rule: this.name, passed: false, detail: `${order.symbol}: ${stale}; cannot check limit ${order.limitPrice}` };
    const distance = (Math.abs(order.limitPrice - last) * 100) / last;
    return {
      rule: this.name,
      passed: distance <= band + 1e-9,
      detail: `limit ${order.limitPrice} is ${formatPct(distance)} from last ${last} (band ${formatPct(band)})`,
    };
  },
};

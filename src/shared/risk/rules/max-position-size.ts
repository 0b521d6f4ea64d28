import { stalePrice } from '../price-age';
import { formatPct, offVerdict, referencePrice } from '../reducing';
import type { RiskCheckInput, RiskRule, RuleVerdict } from '../risk-types';

/**
 * The position this order would leave (with the other working orders on its side), valued at the
 * order's price (its limit, else its stop, else the last price, which must then be fresh), must
 * stay within `maxPositionPct` of equity.
 */
export const maxPositionSizeRule: RiskRule = {
  name: 'max_position_size',
  check(input: RiskCheckInput): RuleVerdict {
    const { order, account, limits, reducing } = input;
    const limit = limits.maxPositionPct;
    if (limit === null) return offVerdict(this.name);
    if (reducing || order.exitOnly) return { rule: this.name, passed: true, detail: 'reduces the position' };
    const price = referencePrice(account, order.symbol, order.limitPrice, order.stopPrice);
    const equity = account.equity();
    if (!(price > 0)) return { rule: this.name, passed: false, detail: `no price known for ${order.symbol}; cannot value the position` };
    const stale = order.limitPrice === null && order.stopPrice === null ? stalePrice(input, order.symbol) : null;
    if (stale) return { rule: this.name, passed: false, detail: `${order.symbol}: ${stale}; cannot value the position` };
    if (!(equity > 0)) return { rule: this.name, passed: false, detail: `equity is ${equity.toFixed(2)}; no new exposure allowed` };
    const sign = order.side === 'buy' ? 1 : -1;
    const working = Math.max(0, account.workingQty(order.symbol, order.side) - order.replacesQty);
    const projected = account.positionQty(order.symbol) + sign * (order.qty + working);
    const pct = (Math.abs(projected) * price * 100) / equity;
    const passed = pct <= limit + 1e-9;
    return {
      rule: this.name,
      passed,
      detail: `position after order ${projected} × ${price} = ${formatPct(pct)} of equity (limit ${formatPct(limit)})`,
    };
  },
};

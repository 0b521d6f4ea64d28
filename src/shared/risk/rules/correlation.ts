import { offVerdict } from '../reducing';
import type { RiskCheckInput, RiskRule, RuleVerdict } from '../risk-types';

/**
 * A new position must not move with an open one: the correlation of returns, signed by the two
 * directions (a long against a correlated short is a hedge), must not exceed `maxCorrelation`.
 */
export const correlationRule: RiskRule = {
  name: 'max_correlation',
  check({ order, account, market, limits, reducing }: RiskCheckInput): RuleVerdict {
    const limit = limits.maxCorrelation;
    if (limit === null) return offVerdict(this.name);
    if (reducing || order.exitOnly) return { rule: this.name, passed: true, detail: 'reduces the position' };
    const others = account.openSymbols().filter((s) => s !== order.symbol);
    if (others.length === 0) return { rule: this.name, passed: true, detail: 'no other open position' };
    if (!market.correlation) return { rule: this.name, passed: true, detail: 'no return history available; not checked' };
    const direction = order.side === 'buy' ? 1 : -1;
    let worst = -Infinity;
    let worstSymbol = '';
    const unknown: string[] = [];
    for (const symbol of others) {
      const rho = market.correlation(order.symbol, symbol);
      if (rho === undefined || !Number.isFinite(rho)) {
        unknown.push(symbol);
        continue;
      }
      const effective = rho * direction * Math.sign(account.positionQty(symbol));
      if (effective > worst) {
        worst = effective;
        worstSymbol = symbol;
      }
    }
    const missing = unknown.length > 0 ? `; no data for ${unknown.join(', ')}` : '';
    if (worstSymbol === '') return { rule: this.name, passed: true, detail: `no correlation known${missing}` };
    return {
      rule: this.name,
      passed: worst <= limit + 1e-9,
      detail: `highest signed correlation ${worst.toFixed(2)} with ${worstSymbol} (limit ${limit.toFixed(2)})${missing}`,
    };
  },
};

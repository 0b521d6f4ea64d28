import { stalePrice } from '../price-age';
import { formatPct, offVerdict, referencePrice } from '../reducing';
import type { RiskCheckInput, RiskRule, RuleVerdict } from '../risk-types';

/** Loss if a position of `qty` valued at `price` were stopped at `stop` (0 when the stop locks in a gain). */
export function lossToStop(qty: number, price: number, stop: number): number {
  return Math.max(0, qty > 0 ? qty * (price - stop) : -qty * (stop - price));
}

/** A position's stop: the known one, else `defaultStopPct` away from the price against the position. */
export function stopOrDefault(qty: number, price: number, known: number | undefined, defaultStopPct: number): number {
  if (known !== undefined && Number.isFinite(known)) return known;
  return qty > 0 ? price * (1 - defaultStopPct / 100) : price * (1 + defaultStopPct / 100);
}

/**
 * The sum over open positions of the loss to their stops, plus the new order's loss to its own stop,
 * must stay within `maxPortfolioRiskPct` of equity. A position or order without a stop is assumed
 * to have one `defaultStopPct` away. Where live prices carry their time, a stale price of an open
 * position or of the order's own symbol refuses the order: the risk cannot be measured.
 */
export const portfolioRiskRule: RiskRule = {
  name: 'max_portfolio_risk',
  check(input: RiskCheckInput): RuleVerdict {
    const { order, account, market, limits, reducing } = input;
    const limit = limits.maxPortfolioRiskPct;
    if (limit === null) return offVerdict(this.name);
    if (reducing || order.exitOnly) return { rule: this.name, passed: true, detail: 'reduces the position' };
    const equity = account.equity();
    if (!(equity > 0)) return { rule: this.name, passed: false, detail: `equity is ${equity.toFixed(2)}; no new risk allowed` };
    let atRisk = 0;
    for (const symbol of account.openSymbols()) {
      const qty = account.positionQty(symbol);
      const price = account.lastPrice(symbol);
      const stale = stalePrice(input, symbol);
      if (stale) return { rule: this.name, passed: false, detail: `${symbol}: ${stale}; cannot measure the risk to stops` };
      if (!(price > 0)) continue;
      atRisk += lossToStop(qty, price, stopOrDefault(qty, price, market.stopPrice?.(symbol), limits.defaultStopPct));
    }
    const entry = referencePrice(account, order.symbol, order.limitPrice, order.stopPrice);
    if (!(entry > 0)) return { rule: this.name, passed: false, detail: `no price known for ${order.symbol}` };
    const stale = order.limitPrice === null && order.stopPrice === null ? stalePrice(input, order.symbol) : null;
    if (stale) return { rule: this.name, passed: false, detail: `${order.symbol}: ${stale}; cannot measure the risk to stops` };
    const signed = order.side === 'buy' ? order.qty : -order.qty;
    const orderRisk = lossToStop(signed, entry, stopOrDefault(signed, entry, order.stopLossPrice ?? undefined, limits.defaultStopPct));
    const pct = ((atRisk + orderRisk) * 100) / equity;
    return {
      rule: this.name,
      passed: pct <= limit + 1e-9,
      detail: `risk to stops ${(atRisk + orderRisk).toFixed(2)} = ${formatPct(pct)} of equity (limit ${formatPct(limit)})`,
    };
  },
};

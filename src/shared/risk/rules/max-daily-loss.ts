import { formatPct, offVerdict } from '../reducing';
import type { RiskCheckInput, RiskRule, RuleVerdict } from '../risk-types';

/** The day's loss so far, in % of the session's starting equity (positive = loss). */
export function dailyLossPct(sessionStartEquity: number, equity: number): number {
  if (!(sessionStartEquity > 0)) return 0;
  return ((sessionStartEquity - equity) * 100) / sessionStartEquity;
}

/**
 * Refuses new exposure once the day's loss reaches `maxDailyLossPct`. The risk manager also halts
 * trading when it observes the breach; this verdict shows the figure on every order.
 */
export const maxDailyLossRule: RiskRule = {
  name: 'max_daily_loss',
  check({ limits, account, sessionStartEquity, reducing }: RiskCheckInput): RuleVerdict {
    const limit = limits.maxDailyLossPct;
    if (limit === null) return offVerdict(this.name);
    const loss = dailyLossPct(sessionStartEquity, account.equity());
    const breached = loss >= limit - 1e-9;
    const figure = `day loss ${formatPct(loss)} (limit ${formatPct(limit)})`;
    if (breached && reducing) return { rule: this.name, passed: true, detail: `${figure}; reducing order allowed` };
    return { rule: this.name, passed: !breached, detail: figure };
  },
};

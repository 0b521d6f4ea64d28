import type { RiskLimits } from '../../../../shared/risk/risk-limits';

/** The risk limits in one line, for the go-live confirmation. */
export function riskSummary(risk: RiskLimits): string {
  const pct = (value: number | null, what: string) => (value === null ? `${what} off` : `${what} ${value} %`);
  return [
    pct(risk.maxPositionPct, 'max position'),
    pct(risk.maxPortfolioRiskPct, 'portfolio risk'),
    pct(risk.maxDailyLossPct, 'daily loss halt'),
    risk.maxCorrelation === null ? 'correlation off' : `correlation ≤ ${risk.maxCorrelation}`,
    risk.orderRate === null ? 'order rate off' : `≤ ${risk.orderRate.maxOrders} orders / ${risk.orderRate.windowMs / 1000} s`,
  ].join(' · ');
}

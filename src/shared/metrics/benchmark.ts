import { finiteOrNull } from './returns';

export interface BenchmarkComparison {
  /** Jensen's alpha per year: the per-period OLS intercept of excess returns, compounded, (1 + α)^periodsPerYear − 1. */
  readonly alpha: number | null;
  /** OLS slope of the strategy's excess period returns on the benchmark's. */
  readonly beta: number | null;
  readonly correlation: number | null;
}

/**
 * OLS of (r − rf) on (b − rf) over matching period returns: r − rf = α + β(b − rf) + ε.
 * Needs two or more periods and a benchmark that moves; otherwise every field is null.
 */
export function compareWithBenchmark(
  strategyReturns: ArrayLike<number>,
  benchmarkReturns: ArrayLike<number>,
  riskFreePerPeriod: number,
  periodsPerYear: number,
): BenchmarkComparison {
  const n = strategyReturns.length;
  const empty = { alpha: null, beta: null, correlation: null };
  if (n < 2 || benchmarkReturns.length !== n) return empty;
  let meanY = 0;
  let meanX = 0;
  for (let i = 0; i < n; i++) {
    meanY += strategyReturns[i]! - riskFreePerPeriod;
    meanX += benchmarkReturns[i]! - riskFreePerPeriod;
  }
  meanY /= n;
  meanX /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = benchmarkReturns[i]! - riskFreePerPeriod - meanX;
    const dy = strategyReturns[i]! - riskFreePerPeriod - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0)) return empty;
  const beta = sxy / sxx;
  const alphaPerPeriod = meanY - beta * meanX;
  return {
    alpha: finiteOrNull(Math.pow(1 + alphaPerPeriod, periodsPerYear) - 1),
    beta: finiteOrNull(beta),
    correlation: syy > 0 ? finiteOrNull(sxy / Math.sqrt(sxx * syy)) : null,
  };
}

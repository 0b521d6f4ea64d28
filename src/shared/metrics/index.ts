export { computePerformanceMetrics, type PerformanceInput, type PerformanceMetrics } from './performance';
export { tradeStatistics, type ClosedTrade, type TradeStatistics } from './trades';
export { analyzeDrawdowns, drawdownSeries, type DrawdownEpisode, type DrawdownSummary } from './drawdown';
export { compareWithBenchmark, type BenchmarkComparison } from './benchmark';
export { performanceByRegime, type RegimePerformance } from './regimes';
export {
  DAY_MS, YEAR_MS, compound, downsideDeviation, finiteOrNull, mean, perPeriodRate, periodReturns, sampleStd,
} from './returns';
export { DEFAULT_PERCENTILES, percentileList, percentileOfSorted, percentileTable, type PercentileValue } from './percentiles';

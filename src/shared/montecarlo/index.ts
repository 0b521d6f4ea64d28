export { resampleTradeReturns, type TradeResamplingOptions } from './trade-resampling';
export { blockBootstrapReturns, type BlockBootstrapOptions } from './block-bootstrap';
export { type MonteCarloResult, type MonteCarloSummary, type RecordedPaths, type SimulationOptions } from './simulation';

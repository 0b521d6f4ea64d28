/** Query keys of the trading surfaces, in one place so events and mutations refresh the right data. */
export const queryKeys = {
  tradingConfig: ['trading', 'config'] as const,
  configChanges: ['trading', 'changes'] as const,
  secrets: ['secrets', 'status'] as const,
  signals: ['signals', 'list'] as const,
  signalEndpoint: ['signals', 'endpoint'] as const,
  liveStrategies: ['strategies', 'live'] as const,
  regimeCurrent: ['regime', 'current'] as const,
  regimeSeries: (dataset: number | null) => ['regime', 'series', dataset] as const,
  regimeHeldBars: (dataset: number, since: number, t: number) => ['regime', 'held-bars', dataset, since, t] as const,
};

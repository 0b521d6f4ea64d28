import type { Signal, SignalAction } from '../domain/signal';

/** A signal from a strategy: full confidence unless told, stamped with the step's time. */
export function strategySignal(strategyId: string, symbol: string, action: SignalAction, t: number, extra?: Partial<Signal>): Signal {
  const signal: Signal = { symbol, action, confidence: 1, strategyId, timestamp: t };
  return extra === undefined ? signal : { ...signal, ...extra };
}

import type { Instrument } from '../domain/instrument';
import { orderRequestProblems, type OrderRequest } from '../domain/order';
import type { Signal } from '../domain/signal';
import { isSignal } from '../engine/signal-router';
import type { StrategyIntent, StrategyOutput } from '../engine/strategy';
import { parseSignal, signalToWire } from './signal-wire';

/** Stands in for a signal's own time while the rest of it is checked as an outside signal would be. */
const CHECKED_TIME = Date.UTC(2020, 0, 1);

export type CheckedIntent = { readonly kind: 'signal'; readonly signal: Signal } | { readonly kind: 'order'; readonly request: OrderRequest };

export type IntentCheck = { readonly ok: true; readonly intents: readonly CheckedIntent[] } | { readonly ok: false; readonly problem: string };

/**
 * What a live strategy returned from `onBar`, checked as a whole before any of it is sent (so a bad
 * intent never leaves half of a decision submitted): each signal passes the checks of a signal from
 * outside and is put under the strategy's configured id; each order passes the order checks; every
 * symbol is one the strategy trades.
 */
export function checkStrategyIntents(output: StrategyOutput, strategyId: string, symbols: readonly string[], instrumentOf: (symbol: string) => Instrument): IntentCheck {
  if (output === undefined || output === null) return { ok: true, intents: [] };
  const list: readonly unknown[] = Array.isArray(output) ? output : [output];
  const intents: CheckedIntent[] = [];
  for (let k = 0; k < list.length; k++) {
    const intent = list[k];
    const where = list.length > 1 ? `intent ${k + 1} of ${list.length}` : 'its intent';
    if (intent === null || typeof intent !== 'object') return { ok: false, problem: `${where} is not a signal or an order` };
    const symbol = (intent as { symbol?: unknown }).symbol;
    if (typeof symbol !== 'string' || !symbols.includes(symbol)) {
      return { ok: false, problem: `${where} is for ${JSON.stringify(symbol)}, which this strategy does not trade (${symbols.join(', ')})` };
    }
    if (isSignal(intent as StrategyIntent)) {
      const signal = intent as Signal;
      // The time is the bar's, which may be any date a replay holds: only its being a time is checked.
      if (typeof signal.timestamp !== 'number' || !Number.isFinite(signal.timestamp)) return { ok: false, problem: `${where}: timestamp must be a time in epoch ms` };
      const parsed = parseSignal(signalToWire({ ...signal, strategyId, timestamp: CHECKED_TIME }));
      if (!parsed.ok) return { ok: false, problem: `${where}: ${parsed.message}` };
      intents.push({ kind: 'signal', signal: { ...parsed.signal, timestamp: signal.timestamp } });
    } else {
      const request = intent as OrderRequest;
      let problems: string[];
      try {
        problems = orderRequestProblems(request, instrumentOf(symbol));
      } catch (error) {
        problems = [error instanceof Error ? error.message : String(error)];
      }
      if (problems.length > 0) return { ok: false, problem: `${where}: ${problems.join('; ')}` };
      intents.push({ kind: 'order', request });
    }
  }
  return { ok: true, intents };
}

import type { StrategyLiveState, StrategyLiveStatus } from '../../../shared/ipc/services/strategies';
import { parseTimeframe, isDailyOrLonger } from '../../../shared/domain/timeframe';
import { formatLocalDateTime } from '../../format/local-time';

export const STATE_LABEL: Readonly<Record<StrategyLiveState, string>> = {
  disabled: 'Stopped',
  warming_up: 'Warming up',
  waiting: 'Waiting for bars',
  running: 'Running',
  errored: 'Error',
  stopped: 'Trading off',
};

/** The tone of a state chip (the signals log's colours). */
export function stateTone(state: StrategyLiveState): 'ok' | 'bad' | 'warn' | 'muted' {
  if (state === 'running') return 'ok';
  if (state === 'errored') return 'bad';
  if (state === 'waiting' || state === 'warming_up') return 'warn';
  return 'muted';
}

/** A bar's time as its timeframe means it: a daily bar is a date (its UTC date), an intraday one a local time. */
export function formatBarTime(t: number, timeframe: string): string {
  const parsed = parseTimeframe(timeframe);
  if (parsed && isDailyOrLonger(parsed)) return new Date(t).toISOString().slice(0, 10);
  return formatLocalDateTime(t);
}

export function formatParameters(parameters: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(parameters);
  return entries.length === 0 ? 'default parameters' : entries.map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

/** The last signal in a few words: `BUY SPY → filled`. */
export function lastSignalText(status: StrategyLiveStatus): string | null {
  const last = status.lastSignal;
  if (!last) return null;
  const outcome = last.status === 'order' ? (last.reason ?? 'order') : last.status.replace(/_/g, ' ');
  return `${last.action} ${last.symbol} → ${outcome}`;
}

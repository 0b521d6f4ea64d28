import type { TradingStateView } from '../../../shared/ipc/services/trading';
import { formatLocalDateTime } from '../../format/local-time';
import { useResetHalt } from '../../queries/trading';

const TONE = { ACTIVE: 'ok', REDUCING: 'warn', HALTED: 'bad' } as const;

function explain(state: TradingStateView): string {
  const lines = [`Trading ${state.state} since ${formatLocalDateTime(state.since)}`];
  if (state.reason) lines.push(state.reason);
  if (state.state === 'HALTED') {
    lines.push('Only orders that reduce a position are accepted.');
    lines.push(state.haltedBy === 'daily_loss' ? 'It lifts at the next session, or with Reset.' : 'It stays until you reset it.');
  } else if (state.state === 'REDUCING') {
    lines.push('Only orders that reduce a position are accepted until you reset.');
  }
  return lines.join('\n');
}

/** ACTIVE / REDUCING / HALTED with why, and the way back to ACTIVE. */
export function TradingStateChip({ state }: { state: TradingStateView | null }) {
  const reset = useResetHalt();
  if (!state) {
    return (
      <span className="state-chip state-unknown" data-testid="trading-state" data-state="unknown">
        …
      </span>
    );
  }
  return (
    <span className="trading-state">
      <span className={`state-chip state-${TONE[state.state]}`} data-testid="trading-state" data-state={state.state} title={explain(state)}>
        <span className="state-name">{state.state}</span>
        {state.reason && <span className="state-reason">{state.reason}</span>}
      </span>
      {state.state !== 'ACTIVE' && (
        <button type="button" className="reset-halt" data-testid="reset-halt" disabled={reset.isPending} title="Back to ACTIVE: new orders are accepted again (a daily-loss count starts again from the current equity)" onClick={() => reset.mutate()}>
          Reset
        </button>
      )}
      {reset.error && (
        <span className="bad" role="alert">
          {reset.error.message}
        </span>
      )}
      {!state.ready && (
        <span className="chip chip-warn" data-testid="not-reconciled" title="Orders are refused until Sextant has compared its journal with the broker">
          {state.reconciling ? 'Reconciling…' : 'Waiting for the broker'}
        </span>
      )}
    </span>
  );
}

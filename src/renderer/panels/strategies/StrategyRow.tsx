import { Fragment, useState } from 'react';
import type { StrategyLiveStatus } from '../../../shared/ipc/services/strategies';
import { formatLocalDateTime } from '../../format/local-time';
import { formatBarTime, formatParameters, lastSignalText, STATE_LABEL, stateTone } from './strategy-format';

const COLUMNS = 8;

export interface StrategyRowProps {
  readonly status: StrategyLiveStatus;
  /** Real money: starting a strategy asks for a confirmation first. */
  readonly live: boolean;
  readonly busy: boolean;
  onSetEnabled(enabled: boolean): void;
}

/** One strategy: what it trades, its state, its warm-up, its last bar and signal, and its start/stop switch. */
export function StrategyRow({ status, live, busy, onSetEnabled }: StrategyRowProps) {
  const [confirming, setConfirming] = useState(false);
  const running = status.enabled && status.state !== 'errored';
  const signal = lastSignalText(status);
  const start = () => {
    if (live && !confirming) setConfirming(true);
    else {
      setConfirming(false);
      onSetEnabled(true);
    }
  };
  return (
    <Fragment>
      <tr className="strategy-row" data-testid="strategy-row" data-strategy={status.id} data-state={status.state}>
        <td>
          <div className="strategy-id">{status.id}</div>
          <div className="muted small" title={formatParameters(status.parameters)}>
            {status.strategy} · {formatParameters(status.parameters)}
          </div>
        </td>
        <td className="symbol">
          {status.symbols.join(' / ')}
          <div className="muted small">{status.timeframe}</div>
        </td>
        <td>
          <span className={`status status-${stateTone(status.state)}`} data-testid="strategy-state" title={status.detail ?? undefined}>
            {STATE_LABEL[status.state]}
          </span>
          <div className="muted small" title={formatLocalDateTime(status.since)}>
            since {formatLocalDateTime(status.since)}
          </div>
        </td>
        <td data-testid="strategy-warmup">
          {status.warmup.done ? (
            status.warmup.bars > 0 ? (
              <>
                {status.warmup.bars} bars
                <div className="muted small">to {formatBarTime(status.warmup.to!, status.timeframe)}</div>
              </>
            ) : (
              <span className="muted">no stored bars</span>
            )
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td data-testid="strategy-last-bar">
          {status.lastBar ? (
            <>
              {formatBarTime(status.lastBar.t, status.timeframe)}
              <div className="muted small">{status.lastBar.source}</div>
            </>
          ) : (
            <span className="muted">none yet</span>
          )}
        </td>
        <td className="number">
          {status.barsProcessed}
          <div className="muted small">{status.intents} sent</div>
        </td>
        <td className="strategy-signal" data-testid="strategy-last-signal" title={status.lastSignal?.reason ?? undefined}>
          {signal ?? <span className="muted">none yet</span>}
          {status.lastSignal?.reason && <div className="muted small note">{status.lastSignal.reason}</div>}
        </td>
        <td className="strategy-actions">
          {running ? (
            <button type="button" data-testid="strategy-stop" disabled={busy} onClick={() => onSetEnabled(false)} title="Writes enabled: false into trading.yaml">
              Stop
            </button>
          ) : confirming ? (
            <span className="confirm-start">
              <button type="button" className="danger" data-testid="strategy-confirm-start" disabled={busy} onClick={start}>
                Start with real money
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" data-testid="strategy-start" disabled={busy} onClick={start} title="Writes enabled: true into trading.yaml">
              {status.state === 'errored' ? 'Restart' : 'Start'}
            </button>
          )}
        </td>
      </tr>
      {(status.state === 'errored' || (status.detail && status.state !== 'running')) && (
        <tr className={status.state === 'errored' ? 'strategy-detail-row error' : 'strategy-detail-row'}>
          <td colSpan={COLUMNS} data-testid="strategy-detail">
            {status.detail}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

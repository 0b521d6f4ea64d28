import { useCallback, useState } from 'react';
import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import { formatLocalDateTime } from '../../../format/local-time';
import { useSecretsStatus } from '../../../queries/secrets';
import { useLeaveLive } from '../../../queries/trading-mode';
import { GoLiveDialog } from './GoLiveDialog';

export interface ModeSectionProps {
  readonly state: TradingConfigState;
  readonly onOpenKeys: () => void;
}

/** PAPER or LIVE now, and the switch: "Go live…" through a confirmation, "Back to paper" in one click. */
export function ModeSection({ state, onOpenKeys }: ModeSectionProps) {
  const [dialog, setDialog] = useState(false);
  const leave = useLeaveLive();
  const secrets = useSecretsStatus();
  const closeDialog = useCallback(() => setDialog(false), []);
  const live = state.mode.effective === 'live';
  const liveKeys = secrets.data?.alpaca.live;
  return (
    <section className="settings-section" data-testid="mode-settings" aria-label="Trading mode">
      <div className={live ? 'mode-card live' : 'mode-card paper'} data-testid="mode-card">
        <div className="mode-card-title">{live ? 'LIVE' : 'PAPER'}</div>
        <div className="mode-card-text">
          {live ? (
            <>
              Trading <strong>with real money</strong> on your live Alpaca account{state.mode.since !== null && <> since {formatLocalDateTime(state.mode.since)}</>}.
            </>
          ) : (
            <>No real money: orders go to {state.config.execution.broker === 'alpaca' ? 'your Alpaca paper account' : 'Sextant’s simulated broker'}.</>
          )}
        </div>
        {live ? (
          <button type="button" className="primary" data-testid="leave-live" disabled={leave.isPending} onClick={() => leave.mutate()}>
            Back to paper
          </button>
        ) : (
          <button type="button" className="danger-outline" data-testid="go-live" onClick={() => setDialog(true)}>
            Go live…
          </button>
        )}
      </div>
      {!live && state.config.execution.mode === 'live' && (
        <p className="warn">trading.yaml asks for live trading (<code>execution.mode: live</code>): it starts only once you confirm the switch here.</p>
      )}
      <p className="section-note">
        Live keys:{' '}
        {liveKeys?.present ? (
          <>
            present, key id ending <code>{liveKeys.keyIdLast4}</code> ({liveKeys.source}).
          </>
        ) : (
          <>
            none.{' '}
            <button type="button" className="link" onClick={onOpenKeys}>
              Enter live keys
            </button>{' '}
            before going live.
          </>
        )}
      </p>
      {leave.error && <p className="bad" role="alert">{leave.error.message}</p>}
      {dialog && <GoLiveDialog state={state} onClose={closeDialog} onOpenKeys={() => (setDialog(false), onOpenKeys())} />}
    </section>
  );
}

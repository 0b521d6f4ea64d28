import { useEffect, useState } from 'react';
import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import { normalisePhrase } from '../../../../shared/trading/live-mode';
import { IpcRequestError } from '../../../ipc/client-core';
import { useSecretsStatus } from '../../../queries/secrets';
import { useConfirmLive, useRequestLive } from '../../../queries/trading-mode';
import { Dialog } from '../../../shell/Dialog';
import { riskSummary } from './risk-summary';
import { formatCountdown, useCountdown } from './useCountdown';

export interface GoLiveDialogProps {
  readonly state: TradingConfigState;
  readonly onClose: () => void;
  readonly onOpenKeys: () => void;
}

interface Challenge {
  readonly challengeId: string;
  readonly phrase: string;
  /** In this window's clock. */
  readonly deadline: number;
}

function refusalOf(error: unknown): string | null {
  if (!(error instanceof IpcRequestError)) return null;
  const refusal = (error.details as { refusal?: unknown } | undefined)?.refusal;
  return typeof refusal === 'string' ? refusal : null;
}

/**
 * The switch to live: what changes, then a phrase to type before the code expires. Main refuses
 * without live keys (the reason is shown, with the way to the keys), and checks the phrase itself.
 */
export function GoLiveDialog({ state, onClose, onOpenKeys }: GoLiveDialogProps) {
  const request = useRequestLive();
  const confirm = useConfirmLive();
  const secrets = useSecretsStatus();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [typed, setTyped] = useState('');
  const left = useCountdown(challenge?.deadline ?? null);

  const ask = () => {
    setChallenge(null);
    setTyped('');
    confirm.reset();
    request.mutate(undefined, {
      onSuccess: (answer) => setChallenge({ challengeId: answer.challengeId, phrase: answer.phrase, deadline: Date.now() + answer.expiresInMs }),
    });
  };
  useEffect(ask, []);
  useEffect(() => {
    if (state.mode.effective === 'live') onClose();
  }, [state.mode.effective, onClose]);

  const live = secrets.data?.alpaca.live;
  const expired = left === 0;
  const matches = challenge !== null && normalisePhrase(typed) === normalisePhrase(challenge.phrase);
  const refusal = refusalOf(request.error);
  const broker = state.config.execution.broker;

  return (
    <Dialog title="Switch to LIVE trading" tone="danger" onClose={onClose} testId="go-live-dialog">
      <ul className="live-consequences">
        <li>
          <strong>Real money.</strong> Orders go to your <strong>live Alpaca account</strong> (api.alpaca.markets), not the paper account.
        </li>
        <li>
          Account: {live?.present ? (
            <>
              live key id ending <code data-testid="live-key-hint">{live.keyIdLast4}</code> ({live.source})
            </>
          ) : (
            <span className="bad">no live keys</span>
          )}
          .
        </li>
        {broker === 'paper' && (
          <li className="warn">
            trading.yaml has <code>execution.broker: paper</code>: orders stay in Sextant’s simulator until the broker is set to <code>alpaca</code> under Execution.
          </li>
        )}
        <li>Risk limits in force: {riskSummary(state.config.risk)}.</li>
        <li>Going back is one click: “Back to paper” in the top bar.</li>
      </ul>

      {request.isPending && <p className="muted">Asking for a confirmation code…</p>}
      {request.error && (
        <div className="refusal" role="alert" data-testid="go-live-refusal">
          <p>
            <strong>Live trading refused:</strong> {request.error.message}
          </p>
          {refusal === 'no_live_keys' ? (
            <button type="button" className="primary" data-testid="go-to-live-keys" onClick={onOpenKeys}>
              Enter live keys
            </button>
          ) : (
            <button type="button" onClick={ask}>
              Try again
            </button>
          )}
        </div>
      )}

      {challenge && (
        <form
          className="live-confirm"
          onSubmit={(event) => {
            event.preventDefault();
            if (matches && !expired) confirm.mutate({ challengeId: challenge.challengeId, phrase: typed });
          }}
        >
          <label htmlFor="live-phrase">
            Type <code className="live-phrase" data-testid="live-phrase">{challenge.phrase}</code> to confirm
          </label>
          <input id="live-phrase" type="text" autoComplete="off" spellCheck={false} autoFocus data-testid="live-phrase-input" disabled={expired || confirm.isPending} value={typed} onChange={(event) => setTyped(event.target.value)} />
          <div className="live-confirm-actions">
            <span className={expired ? 'bad' : left !== null && left < 20_000 ? 'warn' : 'muted'} data-testid="live-countdown">
              {expired ? 'The code expired.' : `Expires in ${formatCountdown(left ?? 0)}`}
            </span>
            <span className="topbar-spacer" />
            <button type="button" onClick={onClose}>
              Stay on paper
            </button>
            {expired ? (
              <button type="button" onClick={ask}>
                New code
              </button>
            ) : (
              <button type="submit" className="danger" data-testid="confirm-live" disabled={!matches || confirm.isPending}>
                Trade live with real money
              </button>
            )}
          </div>
          {confirm.error && (
            <p className="bad" role="alert" data-testid="confirm-live-error">
              {confirm.error.message}{' '}
              <button type="button" onClick={ask}>
                New code
              </button>
            </p>
          )}
        </form>
      )}
    </Dialog>
  );
}

import { useLeaveLive, useTradingMode } from '../queries/trading-mode';
import { openPanel } from './open-panel';

/**
 * PAPER or LIVE, as main says now (it follows every switch, in every window). In paper it opens
 * the mode settings; in live "Back to paper" sits beside it, one click away.
 */
export function ModeBadge() {
  const { mode } = useTradingMode();
  const leave = useLeaveLive();
  const live = mode === 'live';
  if (mode === null) {
    return (
      <span className="badge mode-unknown" data-testid="mode-badge" title="Waiting for the trading mode">
        …
      </span>
    );
  }
  return (
    <div className="mode-switch">
      <button
        type="button"
        className={`badge mode-${mode}`}
        data-testid="mode-badge"
        title={live ? 'LIVE: orders go to your live Alpaca account with real money' : 'PAPER: no real money. Click for the trading mode settings.'}
        onClick={() => openPanel('trading-settings', { section: 'mode' })}
      >
        {mode.toUpperCase()}
      </button>
      {live && (
        <button type="button" className="back-to-paper" data-testid="back-to-paper" disabled={leave.isPending} onClick={() => leave.mutate()}>
          Back to paper
        </button>
      )}
    </div>
  );
}

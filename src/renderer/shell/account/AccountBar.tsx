import { formatMoney, formatSignedPct, pnlTone } from '../../format/money';
import { useConnection } from '../../state/connection';
import { useTrading } from '../../state/trading/store';
import { ModeBadge } from '../ModeBadge';
import { KillSwitch } from './KillSwitch';
import { Metric } from './Metric';
import { ReplayChip } from './ReplayChip';
import { StreamIndicators } from './StreamIndicators';
import { TradingStateChip } from './TradingStateChip';

/**
 * Always under the top bar, in every window: PAPER or LIVE and the broker, the account's figures
 * (cash + positions = equity), the trading state with its way back, the broker's streams, and the
 * kill switch. Figures go dim while this window is cut off from main (they may be stale).
 */
export function AccountBar() {
  const account = useTrading((s) => s.data.account);
  const state = useTrading((s) => s.data.state);
  const problem = useTrading((s) => s.problem);
  const link = useConnection((s) => s.state);
  const stale = link !== 'connected';
  const positionsValue = account ? account.longMarketValue + account.shortMarketValue : null;
  return (
    <div className={stale ? 'account-bar stale' : 'account-bar'} data-testid="account-bar" title={stale ? 'Not connected to Sextant: these figures may be out of date' : undefined}>
      <ModeBadge />
      <span className="broker" data-testid="broker" data-kind={state?.broker.kind ?? ''} title={state ? `Account ${state.broker.id}` : undefined}>
        {state?.broker.label ?? '…'}
      </span>
      <span className="account-sep" aria-hidden />
      {problem && !account ? (
        <span className="bad account-problem" data-testid="trading-problem">
          Trading unavailable: {problem}
        </span>
      ) : (
        <span className="metrics">
          <Metric label="Equity" testId="account-equity" value={account?.equity ?? null} text={formatMoney(account?.equity)} title="Cash + positions at the last prices" />
          <Metric
            label="Day P&L"
            testId="account-day-pnl"
            priority="high"
            value={account?.dayPnl ?? null}
            text={formatMoney(account?.dayPnl, { signed: true })}
            detail={account?.dayPnlPct !== null && account?.dayPnlPct !== undefined ? `(${formatSignedPct(account.dayPnlPct)})` : undefined}
            tone={pnlTone(account?.dayPnl)}
            title={account?.sessionStartEquity ? `Since the session started at ${formatMoney(account.sessionStartEquity)} equity` : 'The session has not started yet'}
          />
          <Metric label="Cash" testId="account-cash" priority="secondary" value={account?.cash ?? null} text={formatMoney(account?.cash)} />
          <Metric
            label="Positions"
            testId="account-positions"
            priority="secondary"
            value={positionsValue}
            text={formatMoney(positionsValue)}
            title={account ? `Long ${formatMoney(account.longMarketValue)}, short ${formatMoney(account.shortMarketValue)}` : undefined}
          />
          <Metric
            label="Buying power"
            testId="account-buying-power"
            priority="tertiary"
            value={account?.buyingPower ?? null}
            text={formatMoney(account?.buyingPower)}
            title="The broker's figure at the last reconciliation"
          />
        </span>
      )}
      <span className="account-sep" aria-hidden />
      <TradingStateChip state={state} />
      <ReplayChip />
      <span className="topbar-spacer" />
      <StreamIndicators />
      <KillSwitch />
    </div>
  );
}

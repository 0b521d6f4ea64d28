import type { RegimeCurrent } from '../../../shared/ipc/services/regime';
import { formatReception } from '../../format/regime';
import { RegimeChip } from './RegimeChip';

/** Reception of the stream, the last label change, and what the figures are as of. */
export function RegimeFacts({ current, formatTime }: { current: RegimeCurrent; formatTime: (t: number) => string }) {
  const last = current.lastTransition;
  const lowReception = current.reception.low < 0.95;
  return (
    <dl className="facts regime-facts">
      <dt>Last change</dt>
      <dd data-testid="regime-last-transition">
        {last ? (
          <>
            <RegimeChip regime={last.from} /> → <RegimeChip regime={last.to} /> <span className="muted">on {formatTime(last.t)}</span>
          </>
        ) : (
          <span className="muted">none yet</span>
        )}
      </dd>
      <dt>Reception</dt>
      <dd
        data-testid="regime-reception"
        className={lowReception ? 'warn' : undefined}
        title="Share of the bars due by the market calendar that arrived, with its 95% interval; missing bars are predicted, not observed"
      >
        {formatReception(current.reception)}
      </dd>
      <dt>As of</dt>
      <dd>
        {formatTime(current.t)} <span className="muted">· {current.bars.toLocaleString('en-US')} bars read</span>
      </dd>
    </dl>
  );
}

import type { CSSProperties } from 'react';
import type { RegimeCurrent } from '../../../shared/ipc/services/regime';
import { REGIMES } from '../../../shared/domain/regime';
import { confidenceLevel, formatBarsAgo, formatProbability } from '../../format/regime';
import { RegimeChip } from './RegimeChip';

export interface RegimeSummaryProps {
  readonly current: RegimeCurrent;
  readonly formatTime: (t: number) => string;
  /** Bars since the label started; undefined while counted. */
  readonly heldBars: number | undefined;
}

/** The displayed label, how sure the bank is, since when, and where it leans when that differs. */
export function RegimeSummary({ current, formatTime, heldBars }: RegimeSummaryProps) {
  const level = confidenceLevel(current.confidence);
  const leader = current.mostLikely;
  const leaderP = current.p[REGIMES.indexOf(leader)] ?? NaN;
  return (
    <div className="regime-summary">
      <div className="regime-headline">
        <span data-testid="regime-label" data-regime={current.label} title="The displayed label: it changes only when a challenger keeps a clear lead for a few bars, so it does not flicker">
          <RegimeChip regime={current.label} size="large" />
        </span>
        <span className={`regime-confidence confidence-${level}`} data-testid="regime-confidence" data-value={current.confidence} title="1 − normalised entropy of the six probabilities: 0 when all are equally likely, 1 when one is certain">
          <span className="regime-confidence-text">
            <span className="muted">Confidence</span> <b>{Math.round(current.confidence * 100)}%</b> <span className="muted">· {level}</span>
          </span>
          <span className="regime-confidence-track" aria-hidden>
            <span className="regime-confidence-fill" style={{ width: `${Math.round(current.confidence * 100)}%` } as CSSProperties} />
          </span>
        </span>
      </div>
      <div className="regime-since" data-testid="regime-since">
        {current.since === null ? (
          <span className="muted">No label established yet: showing the most likely regime.</span>
        ) : (
          <>
            since <b>{formatTime(current.since)}</b>
            {heldBars !== undefined && <span className="muted"> · {formatBarsAgo(heldBars)}</span>}
          </>
        )}
      </div>
      {leader !== current.label && (
        <div className="regime-leaning" data-testid="regime-leaning">
          Most likely now: <RegimeChip regime={leader} /> <b>{formatProbability(leaderP)}</b>
          <span className="muted">The label holds until one regime has a clear lead for a few bars.</span>
        </div>
      )}
      {current.stale && (
        <div className="regime-stale" role="alert" data-testid="regime-stale">
          Stale: the stream missed many bars in a row. The bank restarts its state at the next price; until then these figures are old.
        </div>
      )}
    </div>
  );
}

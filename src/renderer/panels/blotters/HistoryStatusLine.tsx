import { formatQty } from '../../format/money';
import type { HistoryStatus } from '../../state/trading/store';

/** How much of the journal a blotter has read, and the way to read older rows. */
export function HistoryStatusLine({ status, noun, onMore }: { status: HistoryStatus; noun: string; onMore: () => void }) {
  const loaded = `${formatQty(status.loaded)} ${noun} read`;
  return (
    <span className="history-status" data-testid={`${noun}-history`} data-state={status.state} data-loaded={status.loaded}>
      {status.state === 'loading' && <span className="muted">Reading history… {loaded}</span>}
      {status.state === 'complete' && <span className="muted">All history read</span>}
      {status.state === 'more' && (
        <>
          <span className="muted">Newest {loaded}</span>
          <button type="button" className="link" onClick={onMore}>
            Load older
          </button>
        </>
      )}
      {status.state === 'error' && (
        <>
          <span className="bad">History not read: {status.error}</span>
          <button type="button" className="link" onClick={onMore}>
            Try again
          </button>
        </>
      )}
    </span>
  );
}

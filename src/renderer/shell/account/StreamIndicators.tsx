import type { ConnectionView } from '../../../shared/ipc/services/trading';
import { formatLocalTime } from '../../format/local-time';
import { useTrading } from '../../state/trading/store';

const STREAM_LABEL: Record<ConnectionView['stream'], string> = { trading: 'Trading', 'market-data': 'Market data' };
const STATE_WORD: Record<ConnectionView['state'], string> = {
  connected: 'connected',
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
  error: 'error',
};

function explain(view: ConnectionView): string {
  const lines = [`${STREAM_LABEL[view.stream]} stream: ${STATE_WORD[view.state]} since ${formatLocalTime(view.since)}`];
  if (view.reason) lines.push(view.reason);
  if (view.attempt > 0 && view.state !== 'connected') lines.push(`attempt ${view.attempt}`);
  if (view.retryInMs !== null) lines.push(`next try in ${Math.ceil(view.retryInMs / 1000)} s`);
  return lines.join('\n');
}

/** The broker's streams, each with its state (the reason on hover). The offline paper broker has none. */
export function StreamIndicators() {
  const kind = useTrading((s) => s.data.state?.broker.kind ?? null);
  const rows = useTrading((s) => s.data.connections.rows);
  if (kind === null) return null;
  if (kind === 'paper') {
    return (
      <span className="streams" data-testid="streams">
        <span className="stream stream-offline" data-testid="stream-offline" title="The offline paper broker needs no connection: it fills orders on the last stored bar and on replayed bars">
          <span className="dot" aria-hidden /> Simulator
        </span>
      </span>
    );
  }
  const views = [...rows.values()].sort((a, b) => a.stream.localeCompare(b.stream)).reverse();
  return (
    <span className="streams" data-testid="streams">
      {views.length === 0 && <span className="stream stream-connecting">Streams: waiting</span>}
      {views.map((view) => (
        <span key={view.stream} className={`stream stream-${view.state}`} data-testid={`stream-${view.stream}`} data-state={view.state} title={explain(view)}>
          <span className="dot" aria-hidden /> {STREAM_LABEL[view.stream]}
          {view.state !== 'connected' && <span className="stream-state"> {STATE_WORD[view.state]}</span>}
        </span>
      ))}
    </span>
  );
}

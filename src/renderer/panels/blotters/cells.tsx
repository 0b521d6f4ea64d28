/** Cells shared by the blotters. */
import { formatBlotterTime, formatLocalDateTime } from '../../format/local-time';
import type { StatusTone } from './order-status';

export function SideCell({ side }: { side: 'buy' | 'sell' }) {
  return <span className={side === 'buy' ? 'side side-buy' : 'side side-sell'}>{side.toUpperCase()}</span>;
}

export function TimeCell({ t }: { t: number }) {
  return <span title={formatLocalDateTime(t)}>{formatBlotterTime(t)}</span>;
}

export function StatusCell({ tone, label, title }: { tone: StatusTone; label: string; title?: string }) {
  return (
    <span className={`status status-${tone}`} title={title}>
      {label}
    </span>
  );
}

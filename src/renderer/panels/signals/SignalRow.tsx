import { Fragment } from 'react';
import type { SignalRecordShape } from '../../../shared/ipc/services/signals';
import { formatLocalDateTime, formatLocalTime } from '../../format/local-time';
import { SignalDetails } from './SignalDetails';
import { formatLatency, outcomeNote, riskTooltip, statusLabel, statusTone, wireField } from './signal-format';

const COLUMNS = 10;

export interface SignalRowProps {
  readonly record: SignalRecordShape;
  readonly expanded: boolean;
  readonly onToggle: () => void;
}

/** One signal: a line of the table, and its details below it when expanded. */
export function SignalRow({ record, expanded, onToggle }: SignalRowProps) {
  const quantity = wireField(record, 'quantity');
  const confidence = wireField(record, 'confidence');
  const note = outcomeNote(record);
  return (
    <Fragment>
      <tr
        className={expanded ? 'signal-row expanded' : 'signal-row'}
        data-testid="signal-row"
        data-status={record.status}
        tabIndex={0}
        aria-expanded={expanded}
        onClick={onToggle}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onToggle();
          }
        }}
      >
        <td title={formatLocalDateTime(record.receivedAt)}>{formatLocalTime(record.receivedAt)}</td>
        <td>{record.source}</td>
        <td>{record.strategyId ?? '—'}</td>
        <td className="symbol">{record.symbol ?? '—'}</td>
        <td className={record.action === 'BUY' ? 'up' : record.action === 'SELL' ? 'down' : 'muted'}>{record.action ?? '—'}</td>
        <td className="number">{quantity ?? (record.action && record.action !== 'HOLD' ? 'sized' : '—')}</td>
        <td className="number">{confidence !== null ? confidence.toFixed(2) : '—'}</td>
        <td>
          <span className={`status status-${statusTone(record.status)}`} title={riskTooltip(record)}>
            {statusLabel(record.status)}
          </span>
        </td>
        <td className="number">{formatLatency(record.outcome?.latency_ms.total)}</td>
        <td className="note" title={note}>
          {note}
        </td>
      </tr>
      {expanded && (
        <tr className="signal-details-row">
          <td colSpan={COLUMNS}>
            <SignalDetails record={record} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

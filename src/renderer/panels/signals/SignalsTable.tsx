import { useState } from 'react';
import type { SignalRecordShape } from '../../../shared/ipc/services/signals';
import { SignalRow } from './SignalRow';

/** The signals, newest first; a click on a row shows its risk verdicts and the rest of its story. */
export function SignalsTable({ records }: { records: readonly SignalRecordShape[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <table className="data-table signals-table" data-testid="signals-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Source</th>
          <th>Strategy</th>
          <th>Symbol</th>
          <th>Action</th>
          <th className="number">Qty</th>
          <th className="number">Conf.</th>
          <th>Status</th>
          <th className="number">Latency</th>
          <th>Reason / error</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <SignalRow key={record.id} record={record} expanded={expanded.has(record.id)} onToggle={() => toggle(record.id)} />
        ))}
      </tbody>
    </table>
  );
}

import { useEffect, useMemo, useState } from 'react';
import type { DatasetSummary } from '../../../shared/ipc/services/datasets';
import { formatQty } from '../../format/money';
import { useDatasets } from '../../queries/datasets';
import { useReplayStart, useReplayStop } from '../../queries/trading';
import { useTrading } from '../../state/trading/store';

const SPEEDS = [1, 5, 25, 100, 500] as const;
const DAY_MS = 86_400_000;
const STARTS = [
  { value: 'year', label: '1 year back', back: 365 * DAY_MS },
  { value: 'five', label: '5 years back', back: 5 * 365 * DAY_MS },
  { value: 'all', label: 'the first bar', back: null },
] as const;

function preferred(datasets: readonly DatasetSummary[], symbol: string): DatasetSummary | undefined {
  const upper = symbol.trim().toUpperCase();
  return datasets.find((d) => d.symbol === upper && !d.closesOnly) ?? datasets.find((d) => d.symbol === upper) ?? datasets.find((d) => !d.closesOnly) ?? datasets[0];
}

/**
 * Paper trading without an account: replay a stored dataset's bars into the paper broker at a chosen
 * speed. Orders then fill on the replayed bars, and the paper clock is the replayed time.
 */
export function ReplayControls({ symbol }: { symbol: string }) {
  const datasets = useDatasets();
  const replay = useTrading((s) => s.data.state?.replay ?? null);
  const start = useReplayStart();
  const stop = useReplayStop();
  const list = useMemo(() => datasets.data ?? [], [datasets.data]);
  const [dataset, setDataset] = useState<number | null>(null);
  const [speed, setSpeed] = useState<number>(25);
  const [from, setFrom] = useState<(typeof STARTS)[number]['value']>('year');
  const running = replay?.running ?? false;
  const [open, setOpen] = useState(running);
  useEffect(() => {
    if (running) setOpen(true);
  }, [running]);
  const chosen = list.find((d) => d.dataset === dataset) ?? preferred(list, symbol);
  const begin = () => {
    if (!chosen) return;
    const back = STARTS.find((s) => s.value === from)!.back;
    const fromT = back !== null && chosen.lastT !== null ? chosen.lastT - back : undefined;
    start.mutate({ datasets: [chosen.dataset], barsPerSecond: speed, ...(fromT !== undefined ? { from: fromT } : {}) });
  };
  const progress = replay && replay.total > 0 ? replay.done / replay.total : 0;
  const day = replay?.t != null ? new Date(replay.t).toISOString().slice(0, 10) : null;
  return (
    <details className="replay" data-testid="replay" data-running={running} open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>
        Paper replay
        <span className="replay-summary" data-testid="replay-summary">
          {running ? `▶ ${replay!.symbols.join(', ')} ${day ?? ''} · ${Math.round(progress * 100)}%` : replay?.finished ? `finished · ${formatQty(replay.done)} bars` : 'trade against stored bars'}
        </span>
      </summary>
      <div className="replay-body">
        <div className="ticket-row two">
          <label className="ticket-field">
            <span className="ticket-label">Dataset</span>
            <select data-testid="replay-dataset" disabled={running} value={chosen?.dataset ?? ''} onChange={(event) => setDataset(Number(event.target.value))}>
              {list.map((d) => (
                <option key={d.dataset} value={d.dataset}>
                  {d.symbol} {d.timeframe}
                  {d.closesOnly ? ' (closes)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="ticket-field">
            <span className="ticket-label">Speed</span>
            <select data-testid="replay-speed" disabled={running} value={speed} onChange={(event) => setSpeed(Number(event.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s} bars/s
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="replay-actions">
          <label className="ticket-field inline">
            <span className="ticket-label">From</span>
            <select data-testid="replay-from" disabled={running} value={from} onChange={(event) => setFrom(event.target.value as typeof from)}>
              {STARTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          {running ? (
            <button type="button" data-testid="replay-stop" disabled={stop.isPending} onClick={() => stop.mutate()}>
              ■ Stop
            </button>
          ) : (
            <button type="button" className="primary" data-testid="replay-start" disabled={!chosen || start.isPending} onClick={begin}>
              ▶ Start
            </button>
          )}
        </div>
        <p className="replay-hint muted">Orders placed while it runs trade on the replayed bars; the paper clock is the replayed time.</p>
        {replay && (
          <div className="replay-progress" data-testid="replay-progress" data-done={replay.done} data-total={replay.total}>
            <div className="replay-bar" style={{ width: `${Math.min(100, progress * 100)}%` }} />
            <span>
              {formatQty(replay.done)} / {formatQty(replay.total)} bars{day ? ` · ${day}` : ''}
            </span>
          </div>
        )}
        {(start.error ?? stop.error) && (
          <p className="bad" role="alert">
            {(start.error ?? stop.error)!.message}
          </p>
        )}
      </div>
    </details>
  );
}

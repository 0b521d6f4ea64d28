import { formatQty } from '../../format/money';
import { useTrading } from '../../state/trading/store';

/** While a paper replay runs, the paper clock is the replayed time: say so where the figures are. */
export function ReplayChip() {
  const replay = useTrading((s) => s.data.state?.replay ?? null);
  if (!replay?.running) return null;
  const day = replay.t !== null ? new Date(replay.t).toISOString().slice(0, 10) : '…';
  return (
    <span className="chip chip-replay" data-testid="replay-chip" title={`Replaying ${replay.symbols.join(', ')} at ${replay.barsPerSecond} bars/s: fills and prices follow the replayed time`}>
      Replay {day} · {formatQty(replay.done)}/{formatQty(replay.total)}
    </span>
  );
}

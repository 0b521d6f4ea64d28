import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { TimeKind } from '../../../../shared/domain/time-format';
import type { TradeWire } from '../../../../shared/ipc/services/backtest';
import { formatBarLabel, formatPrice } from '../../../charts/format';
import { formatDays, formatSignedMoney, formatSignedPercent } from '../format/metric-format';

export interface TradesTableProps {
  readonly trades: readonly TradeWire[];
  readonly timeKind: TimeKind;
  readonly tz: string;
  readonly selected: number | null;
  readonly onSelect: (index: number) => void;
}

const ROW_HEIGHT = 24;
const COLUMNS = ['#', 'Side', 'Symbol', 'Qty', 'Entry', 'Price', 'Exit', 'Price', 'P&L', 'Return', 'Held'];

/** Closed trades, one row each (only the rows in view are drawn); click one to see it on the chart. */
export function TradesTable({ trades, timeKind, tz, selected, onSelect }: TradesTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: trades.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const pnlTotal = trades.reduce((sum, t) => sum + t.pnl, 0);
  return (
    <div className="trades-table" data-testid="trades-table" data-count={trades.length}>
      <div className="table-caption">
        <span>
          {trades.length.toLocaleString('en-US')} closed trade{trades.length === 1 ? '' : 's'}
        </span>
        {trades.length > 0 && <span className={pnlTotal >= 0 ? 'up' : 'down'}>net {formatSignedMoney(pnlTotal)}</span>}
        <span className="muted">click a trade to zoom the chart to it</span>
      </div>
      <div className="trade-row trade-head" role="row">
        {COLUMNS.map((c, i) => (
          <span key={i} role="columnheader">
            {c}
          </span>
        ))}
      </div>
      <div className="trades-scroll" ref={scrollRef} role="grid" aria-rowcount={trades.length}>
        {trades.length === 0 && <div className="panel-empty">No closed trades in this run.</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const trade = trades[item.index]!;
            const tone = trade.pnl > 0 ? 'up' : trade.pnl < 0 ? 'down' : '';
            return (
              <div
                key={item.key}
                role="row"
                tabIndex={0}
                data-testid="trade-row"
                data-index={item.index}
                aria-selected={selected === item.index}
                className={selected === item.index ? 'trade-row selected' : 'trade-row'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(item.index)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(item.index);
                  }
                }}
              >
                <span className="muted">{item.index + 1}</span>
                <span className={trade.side === 'long' ? 'side-long' : 'side-short'}>{trade.side}</span>
                <span>{trade.symbol}</span>
                <span className="number">{trade.qty.toLocaleString('en-US')}</span>
                <span>{formatBarLabel(trade.entryTime, timeKind, tz)}</span>
                <span className="number">{formatPrice(trade.entryPrice)}</span>
                <span>{formatBarLabel(trade.exitTime, timeKind, tz)}</span>
                <span className="number">{formatPrice(trade.exitPrice)}</span>
                <span className={`number ${tone}`}>{formatSignedMoney(trade.pnl)}</span>
                <span className={`number ${tone}`}>{formatSignedPercent(trade.returnPct)}</span>
                <span className="number">{formatDays((trade.exitTime - trade.entryTime) / 86_400_000)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

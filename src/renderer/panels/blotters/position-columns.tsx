import type { PositionView } from '../../../shared/ipc/services/trading';
import { formatMoney, formatPrice, formatQty, formatSignedPct, pnlTone } from '../../format/money';
import { ConfirmButton } from './ConfirmButton';
import type { Column } from './VirtualTable';

function Pnl({ value, text }: { value: number | null; text: string }) {
  return <span className={`pnl-${pnlTone(value)}`}>{text}</span>;
}

/** The positions blotter's columns; `onClose` closes one position at market. */
export function positionColumns(onClose: (symbol: string) => void, busy: ReadonlySet<string>): Column<PositionView>[] {
  return [
    { id: 'symbol', header: 'Symbol', width: '90px', sortValue: (p) => p.symbol, cell: (p) => <span className="symbol">{p.symbol}</span> },
    {
      id: 'qty',
      header: 'Qty',
      width: '90px',
      align: 'right',
      firstDirection: 'desc',
      sortValue: (p) => p.qty,
      title: 'Shares held: + long, − short',
      cell: (p) => <span className={p.qty > 0 ? 'side-buy' : 'side-sell'}>{`${p.qty > 0 ? '+' : ''}${formatQty(p.qty)}`}</span>,
    },
    { id: 'avg', header: 'Avg entry', width: '90px', align: 'right', sortValue: (p) => p.avgEntryPrice, cell: (p) => formatPrice(p.avgEntryPrice) },
    { id: 'last', header: 'Last', width: '90px', align: 'right', sortValue: (p) => p.lastPrice, cell: (p) => formatPrice(p.lastPrice) },
    { id: 'value', header: 'Market value', width: '120px', align: 'right', firstDirection: 'desc', sortValue: (p) => Math.abs(p.marketValue), cell: (p) => formatMoney(p.marketValue) },
    {
      id: 'upnl',
      header: 'Unrealized P&L',
      width: '130px',
      align: 'right',
      firstDirection: 'desc',
      sortValue: (p) => p.unrealizedPnl,
      cell: (p) => <Pnl value={p.unrealizedPnl} text={formatMoney(p.unrealizedPnl, { signed: true })} />,
    },
    { id: 'upnlPct', header: '%', width: '76px', align: 'right', firstDirection: 'desc', sortValue: (p) => p.unrealizedPnlPct, cell: (p) => <Pnl value={p.unrealizedPnlPct} text={formatSignedPct(p.unrealizedPnlPct)} /> },
    {
      id: 'rpnl',
      header: 'Realized',
      width: '110px',
      align: 'right',
      firstDirection: 'desc',
      sortValue: (p) => p.realizedPnl,
      cell: (p) => <Pnl value={p.realizedPnl} text={formatMoney(p.realizedPnl, { signed: true })} />,
    },
    { id: 'stop', header: 'Stop', width: '80px', align: 'right', sortValue: (p) => p.stopPrice, title: 'The working stop order protecting it', cell: (p) => formatPrice(p.stopPrice) },
    {
      id: 'actions',
      header: '',
      width: 'minmax(120px, 1fr)',
      cell: (p) => (
        <ConfirmButton
          label="Close"
          confirmLabel="Confirm close"
          testId={`close-${p.symbol}`}
          disabled={busy.has(p.symbol)}
          title={`${p.qty > 0 ? 'Sell' : 'Buy'} ${formatQty(Math.abs(p.qty))} ${p.symbol} at market`}
          onConfirm={() => onClose(p.symbol)}
        />
      ),
    },
  ];
}

import { useMemo } from 'react';
import type { BarColumnsWire } from '../../../../shared/ipc/services/datasets';
import type { OpenPositionWire, TradeWire } from '../../../../shared/ipc/services/backtest';
import { CandleChart } from '../../../charts/CandleChart';
import { hasVolume, isClosesOnly, type OhlcSeries } from '../../../charts/ohlc';
import type { XSpan } from '../../../charts/span-plugin';
import type { XRangeSync } from '../../../charts/x-sync';
import { tradeMarkers } from './run-series';

export interface PriceWithTradesProps {
  readonly bars: BarColumnsWire;
  readonly series: OhlcSeries;
  readonly trades: readonly TradeWire[];
  readonly openPositions: readonly OpenPositionWire[];
  readonly sync: XRangeSync;
  readonly highlight: XSpan | null;
}

/** The traded instrument's bars over the run, every buy (▲) and sell (▼) at its bar. */
export function PriceWithTrades({ bars, series, trades, openPositions, sync, highlight }: PriceWithTradesProps) {
  const markers = useMemo(() => tradeMarkers(trades, bars.symbol, series.t, openPositions), [trades, bars.symbol, series, openPositions]);
  const shape = useMemo(() => ({ style: isClosesOnly(series) ? ('line' as const) : ('candles' as const), volume: hasVolume(series) }), [series]);
  return (
    <div className="price-with-trades" data-testid="lab-price-chart" data-markers={markers.length} data-symbol={bars.symbol}>
      <CandleChart
        series={series}
        symbol={bars.symbol}
        timeframe={bars.timeframe}
        timeKind={bars.timeKind}
        tz={bars.tz}
        sync={sync}
        markers={markers}
        style={shape.style}
        volume={shape.volume}
        initialView="all"
        highlight={highlight}
      />
    </div>
  );
}

import { useMemo } from 'react';
import type { TimeKind } from '../../../../shared/domain/time-format';
import { formatPrice } from '../../../charts/format';
import { chartTheme } from '../../../charts/theme';
import type { XSpan } from '../../../charts/span-plugin';
import type { XRangeSync } from '../../../charts/x-sync';
import { SeriesPane, type PaneSeries } from '../charts/SeriesPane';
import { formatMoney, formatSignedPercent } from '../format/metric-format';
import type { CurveOnBars } from './run-series';

export interface PerformanceChartsProps {
  readonly curve: CurveOnBars;
  /** Time of each bar index. */
  readonly times: ArrayLike<number>;
  /** Buy and hold of the first symbol at each point of the curve, or null to leave it out. */
  readonly benchmark: { readonly label: string; readonly values: Float64Array } | null;
  readonly timeKind: TimeKind;
  readonly tz: string;
  readonly sync: XRangeSync;
  readonly highlight: XSpan | null;
  /** Bar indices where walk-forward windows meet. */
  readonly seams?: readonly number[];
}

const BENCHMARK = '#8b93a7';
const DRAWDOWN_FILL = 'rgba(239, 83, 80, 0.28)';

function compactMoney(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(v / 1e3).toFixed(0)}K`;
  return formatPrice(v);
}

/** Top at zero; the floor a little under the deepest fall (never below −100%). */
function drawdownRange(min: number): [number, number] {
  return [Math.max(-1, Math.min(-0.01, min * 1.1)), 0];
}

/** Whole percents, one decimal for shallow falls (so −0.5% does not read −1%). */
function drawdownAxis(v: number): string {
  return formatSignedPercent(v, v !== 0 && Math.abs(v) < 0.05 ? 1 : 0);
}

/** The equity curve (with buy and hold beside it) over the drawdown, an area below zero. */
export function PerformanceCharts({ curve, times, benchmark, timeKind, tz, sync, highlight, seams }: PerformanceChartsProps) {
  const equitySeries = useMemo<PaneSeries[]>(
    () => [
      { label: 'Equity', values: curve.equity, stroke: chartTheme.line, width: 1.6, format: formatMoney },
      ...(benchmark ? [{ label: benchmark.label, values: benchmark.values, stroke: BENCHMARK, width: 1, dash: [4, 3], format: formatMoney }] : []),
    ],
    [curve, benchmark],
  );
  const drawdownSeries = useMemo<PaneSeries[]>(
    () => [{ label: 'Drawdown', values: curve.drawdown, stroke: chartTheme.down, width: 1, fill: DRAWDOWN_FILL, format: (v) => formatSignedPercent(v) }],
    [curve],
  );
  return (
    <div className="performance-charts">
      <div className="pane-equity">
        <SeriesPane x={curve.x} times={times} series={equitySeries} timeKind={timeKind} tz={tz} yFormat={compactMoney} sync={sync} xLabels={false} title="Equity" testId="equity-chart" highlight={highlight} seams={seams} />
      </div>
      <div className="pane-drawdown">
        <SeriesPane
          x={curve.x}
          times={times}
          series={drawdownSeries}
          timeKind={timeKind}
          tz={tz}
          yFormat={drawdownAxis}
          yRange={drawdownRange}
          sync={sync}
          title="Drawdown"
          testId="drawdown-chart"
          highlight={highlight}
          seams={seams}
        />
      </div>
    </div>
  );
}

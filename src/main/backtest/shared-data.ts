import type { BacktestSymbolData } from '../../shared/backtest/run-backtest';
import type { BarColumns } from '../../shared/domain/bar';
import { REGIME_COUNT } from '../../shared/domain/regime';
import type { RegimeSeries } from '../../shared/engine/trading-engine';

/**
 * A run's bars (and regimes) moved into shared memory once, so every task of a search — and
 * every worker — reads the same copy: a task then carries views, not megabytes.
 */
export function sharedSymbolData(data: BacktestSymbolData): BacktestSymbolData {
  return { ...data, bars: sharedColumns(data.bars), regimes: data.regimes ? sharedRegimes(data.regimes) : null };
}

function sharedColumns(bars: BarColumns): BarColumns {
  const n = bars.t.length;
  const buffer = new SharedArrayBuffer(6 * n * Float64Array.BYTES_PER_ELEMENT);
  const column = (k: number, source: Float64Array): Float64Array => {
    const view = new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n);
    view.set(source);
    return view;
  };
  return { t: column(0, bars.t), o: column(1, bars.o), h: column(2, bars.h), l: column(3, bars.l), c: column(4, bars.c), v: column(5, bars.v) };
}

function sharedRegimes(regimes: RegimeSeries): RegimeSeries {
  const n = regimes.label.length;
  const p = new Float64Array(new SharedArrayBuffer(n * REGIME_COUNT * Float64Array.BYTES_PER_ELEMENT));
  p.set(regimes.p.subarray(0, n * REGIME_COUNT));
  const label = new Int8Array(new SharedArrayBuffer(n));
  for (let i = 0; i < n; i++) label[i] = regimes.label[i]!;
  return { p, label };
}

/**
 * What the stored bars tell the trading service: the last known price of a symbol (when no live
 * price has come yet, e.g. offline paper trading) and the correlation of two symbols' daily returns
 * (the risk manager's correlation rule). Correlations are cached per pair until the bars change.
 */
import type { Bar } from '../../shared/domain/bar';
import { returnCorrelation } from '../../shared/risk/return-correlation';
import type { Db } from '../storage/database';

export interface StoredBar extends Bar {
  readonly dataset: number;
  readonly timeframe: string;
}

const LOOKBACK = 60;

export class StoredMarket {
  private readonly correlations = new Map<string, number | undefined>();
  private readonly closes = new Map<string, { t: Float64Array; c: Float64Array } | null>();

  constructor(private readonly db: Db) {}

  /** The newest stored bar of `symbol` over all its datasets (the one ending latest). */
  lastBar(symbol: string): StoredBar | null {
    const dataset = this.db
      .prepare('SELECT id, timeframe, last_t AS lastT FROM datasets WHERE symbol = ? AND last_t IS NOT NULL ORDER BY last_t DESC, id DESC LIMIT 1')
      .get(symbol) as { id: number; timeframe: string; lastT: number } | undefined;
    if (!dataset) return null;
    const bar = this.db.prepare('SELECT t, o, h, l, c, v FROM bars WHERE dataset_id = ? AND t = ?').get(dataset.id, dataset.lastT) as Bar | undefined;
    return bar ? { dataset: dataset.id, timeframe: dataset.timeframe, ...bar } : null;
  }

  lastPrice(symbol: string): number {
    return this.lastBar(symbol)?.c ?? Number.NaN;
  }

  /** Correlation of daily log returns over the last 60 common days (undefined when unknown). */
  correlation(a: string, b: string): number | undefined {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (this.correlations.has(key)) return this.correlations.get(key);
    const x = this.dailyCloses(a);
    const y = this.dailyCloses(b);
    const rho = x && y ? returnCorrelation(x.t, x.c, y.t, y.c, LOOKBACK) : undefined;
    this.correlations.set(key, rho);
    return rho;
  }

  /** Forget cached figures (the bars changed). */
  invalidate(): void {
    this.correlations.clear();
    this.closes.clear();
  }

  private dailyCloses(symbol: string): { t: Float64Array; c: Float64Array } | null {
    if (this.closes.has(symbol)) return this.closes.get(symbol)!;
    const dataset = this.db
      .prepare("SELECT id FROM datasets WHERE symbol = ? AND timeframe = '1Day' AND rows > 0 ORDER BY last_t DESC, id DESC LIMIT 1")
      .get(symbol) as { id: number } | undefined;
    let result: { t: Float64Array; c: Float64Array } | null = null;
    if (dataset) {
      const rows = this.db.prepare('SELECT t, c FROM bars WHERE dataset_id = ? ORDER BY t DESC LIMIT ?').raw(true).all(dataset.id, LOOKBACK + 1) as Array<[number, number]>;
      rows.reverse();
      result = { t: Float64Array.from(rows, (r) => r[0]), c: Float64Array.from(rows, (r) => r[1]) };
    }
    this.closes.set(symbol, result);
    return result;
  }
}

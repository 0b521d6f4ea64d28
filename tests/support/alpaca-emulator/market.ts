/**
 * The emulator's market: the current price per symbol (set by the test), bar history per symbol and
 * timeframe (what the bars REST endpoint serves and what the data stream publishes into), the
 * known assets, the clock and the trading calendar.
 */
import { IdSource } from './wire';

export interface EmulatorBar {
  /** Bar start, epoch ms. */
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  vw: number;
}

export interface EmulatorAsset {
  id: string;
  symbol: string;
  name: string;
  exchange: string;
  tradable: boolean;
  shortable: boolean;
  fractionable: boolean;
}

export class Market {
  readonly prices = new Map<string, number>();
  readonly assets = new Map<string, EmulatorAsset>();
  private readonly bars = new Map<string, EmulatorBar[]>();
  private readonly assetIds = new IdSource('a55e7000');
  /** When set, the emulator's wall clock; otherwise real time. */
  fixedNow: number | null = null;
  marketOpen = true;
  readonly holidays = new Set<string>();

  constructor() {
    for (const symbol of ['AAPL', 'MSFT', 'SPY', 'QQQ', 'TSLA', 'FAKEPACA']) this.addAsset(symbol);
  }

  now(): number {
    return this.fixedNow ?? Date.now();
  }

  addAsset(symbol: string, overrides: Partial<EmulatorAsset> = {}): EmulatorAsset {
    const existing = this.assets.get(symbol);
    if (existing) return Object.assign(existing, overrides);
    const asset: EmulatorAsset = {
      id: this.assetIds.next(),
      symbol,
      name: `${symbol} emulated`,
      exchange: 'NASDAQ',
      tradable: true,
      shortable: true,
      fractionable: true,
      ...overrides,
    };
    this.assets.set(symbol, asset);
    return asset;
  }

  setPrice(symbol: string, price: number): void {
    if (!(price > 0)) throw new RangeError(`price must be > 0, got ${price}`);
    this.addAsset(symbol);
    this.prices.set(symbol, price);
  }

  /** Add bars to the history, kept sorted; a bar at an existing time replaces it. */
  addBars(symbol: string, bars: readonly EmulatorBar[], timeframe = '1Min'): void {
    this.addAsset(symbol);
    const key = `${symbol}|${timeframe}`;
    const list = this.bars.get(key) ?? [];
    const byTime = new Map(list.map((bar) => [bar.t, bar]));
    for (const bar of bars) byTime.set(bar.t, { ...bar });
    this.bars.set(key, [...byTime.values()].sort((a, b) => a.t - b.t));
  }

  history(symbol: string, timeframe: string): readonly EmulatorBar[] {
    return this.bars.get(`${symbol}|${timeframe}`) ?? [];
  }

  /** Trading days between two dates (inclusive): weekdays that are not holidays, 09:30–16:00. */
  calendar(start: string, end: string): { date: string; open: string; close: string; session_open: string; session_close: string; settlement_date: string }[] {
    const out = [];
    const day = 86_400_000;
    for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += day) {
      const date = new Date(t);
      const weekday = date.getUTCDay();
      const text = date.toISOString().slice(0, 10);
      if (weekday === 0 || weekday === 6 || this.holidays.has(text)) continue;
      let settlement = t + day;
      while ([0, 6].includes(new Date(settlement).getUTCDay())) settlement += day;
      out.push({ date: text, open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: new Date(settlement).toISOString().slice(0, 10) });
    }
    return out;
  }
}

/** A simple deterministic minute-bar series for tests: `count` bars from `start`, one per minute. */
export function minuteBars(start: number, count: number, firstClose = 100): EmulatorBar[] {
  const out: EmulatorBar[] = [];
  for (let i = 0; i < count; i++) {
    const c = Math.round((firstClose + i * 0.25) * 100) / 100;
    out.push({ t: start + i * 60_000, o: c - 0.1, h: c + 0.2, l: c - 0.2, c, v: 1000 + i, n: 10 + i, vw: c });
  }
  return out;
}

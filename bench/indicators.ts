/**
 * Incremental indicator throughput: updates per second, one instance fed a 1,000,000-bar synthetic
 * random walk (best of 3 runs after a warm-up run). Prints JSON.
 *   npx tsx bench/indicators.ts [--bars N]
 */
import {
  Adx, Atr, Bollinger, Ema, Macd, Obv, RollingCorrelation, RollingMax, RollingOls, RollingStd, RollingZScore, Rsi,
  Sma, Stochastic, Vwap, Wma,
} from '../src/shared/indicators';

const barsFlag = process.argv.indexOf('--bars');
const n = barsFlag > 0 ? Number(process.argv[barsFlag + 1]) : 1_000_000;

let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const close = new Float64Array(n);
const high = new Float64Array(n);
const low = new Float64Array(n);
const volume = new Float64Array(n);
let price = 100;
for (let i = 0; i < n; i++) {
  price *= 1 + (random() - 0.5) * 0.02;
  close[i] = price;
  high[i] = price * (1 + random() * 0.01);
  low[i] = price * (1 - random() * 0.01);
  volume[i] = 1e5 + random() * 1e6;
}

type Case = [name: string, run: () => number];
const cases: Case[] = [
  ['sma_20', () => { const x = new Sma(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['sma_200', () => { const x = new Sma(200); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['ema_20', () => { const x = new Ema(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['wma_20', () => { const x = new Wma(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['rsi_14', () => { const x = new Rsi(14); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['macd_12_26_9', () => { const x = new Macd(); let s = 0; for (let i = 0; i < n; i++) { x.update(close[i]!); s += x.histogram; } return s; }],
  ['bollinger_20_2', () => { const x = new Bollinger(20, 2); let s = 0; for (let i = 0; i < n; i++) { x.update(close[i]!); s += x.upper; } return s; }],
  ['rolling_std_20', () => { const x = new RollingStd(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['zscore_20', () => { const x = new RollingZScore(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!); return s; }],
  ['atr_14', () => { const x = new Atr(14); let s = 0; for (let i = 0; i < n; i++) s += x.update(high[i]!, low[i]!, close[i]!); return s; }],
  ['stochastic_14_3', () => { const x = new Stochastic(14, 3); let s = 0; for (let i = 0; i < n; i++) { x.update(high[i]!, low[i]!, close[i]!); s += x.d; } return s; }],
  ['adx_14', () => { const x = new Adx(14); let s = 0; for (let i = 0; i < n; i++) s += x.update(high[i]!, low[i]!, close[i]!); return s; }],
  ['obv', () => { const x = new Obv(); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!, volume[i]!); return s; }],
  ['vwap', () => { const x = new Vwap(); let s = 0; for (let i = 0; i < n; i++) s += x.update(high[i]!, low[i]!, close[i]!, volume[i]!, i >> 10); return s; }],
  ['rolling_max_20', () => { const x = new RollingMax(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(high[i]!); return s; }],
  ['rolling_ols_20', () => { const x = new RollingOls(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!, high[i]!); return s; }],
  ['rolling_correlation_20', () => { const x = new RollingCorrelation(20); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]!, low[i]!); return s; }],
];

const updatesPerSecond: Record<string, number> = {};
let sink = 0;
for (const [name, run] of cases) {
  sink += run();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    sink += run();
    best = Math.min(best, performance.now() - start);
  }
  updatesPerSecond[name] = Math.round(n / (best / 1000));
}

// Consumes the results so the loops cannot be optimised away.
if (sink === 0.123456789) console.error('');
console.log(JSON.stringify({ bars: n, node: process.version, updates_per_sec: updatesPerSecond }, null, 2));

import { formatMetric, toneOf, type MetricKind, type Tone } from './metric-format';

/**
 * Every metric of a run (`PerformanceMetrics` from src/shared/metrics), with a trader's label, how
 * to write it and which way is better. The key is a path into the metrics object ("trades.winRate").
 */
export interface MetricSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: MetricKind;
  readonly group: MetricGroup;
  /** Which way is better, for picking the best of several runs; null when neither is. */
  readonly better: 'higher' | 'lower' | null;
  readonly help?: string;
}

export type MetricGroup = 'Returns' | 'Risk' | 'Drawdown' | 'Trades' | 'Benchmark' | 'Period';

export const METRIC_GROUPS: readonly MetricGroup[] = ['Returns', 'Risk', 'Drawdown', 'Trades', 'Benchmark', 'Period'];

export const METRICS: readonly MetricSpec[] = [
  { key: 'totalReturn', label: 'Total return', kind: 'signed-percent', group: 'Returns', better: 'higher' },
  { key: 'cagr', label: 'CAGR', kind: 'signed-percent', group: 'Returns', better: 'higher', help: 'compound annual growth rate' },
  { key: 'endEquity', label: 'Final equity', kind: 'money', group: 'Returns', better: 'higher' },
  { key: 'startEquity', label: 'Starting equity', kind: 'money', group: 'Returns', better: null },
  { key: 'annualizedVolatility', label: 'Volatility (ann.)', kind: 'percent', group: 'Risk', better: 'lower' },
  { key: 'sharpe', label: 'Sharpe', kind: 'ratio', group: 'Risk', better: 'higher' },
  { key: 'sortino', label: 'Sortino', kind: 'ratio', group: 'Risk', better: 'higher' },
  { key: 'calmar', label: 'Calmar', kind: 'ratio', group: 'Risk', better: 'higher', help: 'CAGR / max drawdown' },
  { key: 'exposure', label: 'Exposure', kind: 'percent', group: 'Risk', better: null, help: 'share of bars with a position' },
  { key: 'turnover', label: 'Turnover', kind: 'per-year', group: 'Risk', better: null, help: 'traded value / mean equity per year' },
  { key: 'maxDrawdown', label: 'Max drawdown', kind: 'drawdown', group: 'Drawdown', better: 'lower' },
  { key: 'maxDrawdownDays', label: 'Max drawdown duration', kind: 'days', group: 'Drawdown', better: 'lower', help: 'peak to recovery of the deepest drawdown' },
  { key: 'maxDrawdownBars', label: 'Max drawdown duration (bars)', kind: 'bars', group: 'Drawdown', better: 'lower' },
  { key: 'longestDrawdownDays', label: 'Longest drawdown', kind: 'days', group: 'Drawdown', better: 'lower', help: 'longest time under water, any depth' },
  { key: 'longestDrawdownBars', label: 'Longest drawdown (bars)', kind: 'bars', group: 'Drawdown', better: 'lower' },
  { key: 'deepestDrawdown.peakT', label: 'Deepest drawdown: peak', kind: 'date', group: 'Drawdown', better: null },
  { key: 'deepestDrawdown.troughT', label: 'Deepest drawdown: trough', kind: 'date', group: 'Drawdown', better: null },
  { key: 'deepestDrawdown.recoveryT', label: 'Deepest drawdown: recovered', kind: 'date', group: 'Drawdown', better: null },
  { key: 'trades.tradeCount', label: 'Trades', kind: 'count', group: 'Trades', better: null },
  { key: 'trades.winRate', label: 'Win rate', kind: 'percent', group: 'Trades', better: 'higher' },
  { key: 'trades.profitFactor', label: 'Profit factor', kind: 'ratio', group: 'Trades', better: 'higher', help: 'gross profit / gross loss' },
  { key: 'trades.expectancy', label: 'Expectancy', kind: 'signed-money', group: 'Trades', better: 'higher', help: 'mean P&L per trade' },
  { key: 'trades.expectancyReturn', label: 'Expectancy (return)', kind: 'signed-percent', group: 'Trades', better: 'higher', help: 'mean return per trade' },
  { key: 'trades.averageWin', label: 'Average win', kind: 'signed-money', group: 'Trades', better: 'higher' },
  { key: 'trades.averageLoss', label: 'Average loss', kind: 'signed-money', group: 'Trades', better: 'higher' },
  { key: 'trades.grossProfit', label: 'Gross profit', kind: 'money', group: 'Trades', better: 'higher' },
  { key: 'trades.grossLoss', label: 'Gross loss', kind: 'money', group: 'Trades', better: 'lower' },
  { key: 'trades.winners', label: 'Winners', kind: 'count', group: 'Trades', better: null },
  { key: 'trades.losers', label: 'Losers', kind: 'count', group: 'Trades', better: null },
  { key: 'trades.averageHoldingDays', label: 'Average holding time', kind: 'days', group: 'Trades', better: null },
  { key: 'alpha', label: 'Alpha (ann.)', kind: 'signed-percent', group: 'Benchmark', better: 'higher' },
  { key: 'beta', label: 'Beta', kind: 'ratio', group: 'Benchmark', better: null },
  { key: 'benchmarkCorrelation', label: 'Correlation', kind: 'ratio', group: 'Benchmark', better: null },
  { key: 'start', label: 'First bar', kind: 'date', group: 'Period', better: null },
  { key: 'end', label: 'Last bar', kind: 'date', group: 'Period', better: null },
  { key: 'years', label: 'Length', kind: 'years', group: 'Period', better: null },
  { key: 'bars', label: 'Bars', kind: 'count', group: 'Period', better: null },
];

const BY_KEY = new Map(METRICS.map((m) => [m.key, m]));

export function metricSpec(key: string): MetricSpec | undefined {
  return BY_KEY.get(key);
}

/** snake_case (the CLI's JSON) and camelCase keys both find their metric. */
function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The value at a dotted path of a metrics object; undefined when a step is missing. */
export function metricValue(metrics: unknown, key: string): unknown {
  let node: unknown = metrics;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    node = part in record ? record[part] : record[part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
  }
  return node;
}

export interface MetricRow {
  readonly key: string;
  readonly label: string;
  readonly group: MetricGroup | 'Other';
  readonly value: number | null;
  readonly text: string;
  readonly tone: Tone;
  readonly help?: string;
}

/** A label for a metric the catalogue does not know yet: "profitFactor" → "Profit factor". */
function labelOf(key: string): string {
  const words = camel(key).replace(/\./g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Guesses the kind of an unknown metric from its name, so a metric added later still reads right. */
export function guessKind(key: string): MetricKind {
  const name = camel(key).split('.').pop()!;
  if (/[a-z]T$|Time$|^(start|end)$/.test(name)) return 'date';
  const k = name.toLowerCase();
  if (k.endsWith('days')) return 'days';
  if (k.endsWith('bars') || k.endsWith('count')) return 'count';
  if (k.includes('drawdown')) return 'drawdown';
  if (k.includes('return') || k.includes('cagr') || k.includes('alpha')) return 'signed-percent';
  if (k.includes('rate') || k.includes('share') || k.includes('exposure') || k.includes('volatility')) return 'percent';
  if (k.includes('pnl') || k.includes('equity') || k.includes('profit') || k.includes('loss')) return 'signed-money';
  return 'ratio';
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Leaf numbers of a metrics object not in the catalogue (arrays such as per-regime rows are shown elsewhere). */
function unknownLeaves(metrics: unknown, prefix = ''): string[] {
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) return [];
  const keys: string[] = [];
  for (const [k, v] of Object.entries(metrics as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${camel(k)}` : camel(k);
    if (v !== null && typeof v === 'object') {
      keys.push(...unknownLeaves(v, key));
    } else if ((typeof v === 'number' || v === null) && !BY_KEY.has(key)) {
      keys.push(key);
    }
  }
  return keys;
}

/** Shown elsewhere: episode details repeat the headline drawdown metrics, regimes get their own table. */
const SHOWN_ELSEWHERE = /^(regimes|deepestDrawdown|longestDrawdown)(\.|$)/;

/** Every metric of a run as formatted rows, the catalogue's first (in its order), then any others. */
export function metricRows(metrics: unknown): MetricRow[] {
  const rows: MetricRow[] = METRICS.filter((spec) => metricValue(metrics, spec.key) !== undefined).map((spec) => {
    const value = metricValue(metrics, spec.key);
    return { key: spec.key, label: spec.label, group: spec.group, value: numberOrNull(value), text: formatMetric(spec.kind, value), tone: toneOf(spec.kind, value), help: spec.help };
  });
  for (const key of unknownLeaves(metrics)) {
    if (SHOWN_ELSEWHERE.test(key)) continue;
    const value = metricValue(metrics, key);
    const kind = guessKind(key);
    rows.push({ key, label: labelOf(key), group: 'Other', value: numberOrNull(value), text: formatMetric(kind, value), tone: toneOf(kind, value) });
  }
  return rows;
}

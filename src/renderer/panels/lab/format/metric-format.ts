/**
 * How the strategy lab writes numbers, the way a trader reads them: returns as signed percents,
 * shares as plain percents, ratios with two decimals, money with two decimals and a thousands
 * separator, durations in days and bars. A missing value (null, NaN, ±Infinity) is "—".
 */

export const MISSING = '—';
const MINUS = '−';

export type MetricKind =
  /** A return or gain that may be negative: +12.34% / −5.60%. */
  | 'signed-percent'
  /** A share of something, never negative: 54.10%. */
  | 'percent'
  /** A loss depth stored as a positive fraction, shown as a fall: −23.45%. */
  | 'drawdown'
  | 'ratio'
  | 'money'
  | 'signed-money'
  | 'count'
  | 'days'
  | 'bars'
  | 'years'
  | 'date'
  /** Turnover: times the mean equity traded per year. */
  | 'per-year';

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function grouped(value: number, digits: number): string {
  return Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** −0.0001 rounds to "0.00": a sign would claim a direction the digits do not show. */
function signOf(value: number, digits: number, scale = 1): string {
  const rounded = Number((Math.abs(value) * scale).toFixed(digits));
  if (rounded === 0) return '';
  return value > 0 ? '+' : MINUS;
}

export function formatSignedPercent(value: unknown, digits = 2): string {
  if (!finite(value)) return MISSING;
  return `${signOf(value, digits, 100)}${grouped(value * 100, digits)}%`;
}

export function formatPercentShare(value: unknown, digits = 2): string {
  if (!finite(value)) return MISSING;
  return `${value < 0 && signOf(value, digits, 100) ? MINUS : ''}${grouped(value * 100, digits)}%`;
}

/** A drawdown depth (0.2345, a positive fraction) as the fall it is: −23.45%. */
export function formatDrawdown(depth: unknown, digits = 2): string {
  if (!finite(depth)) return MISSING;
  return formatSignedPercent(-Math.abs(depth), digits);
}

export function formatRatio(value: unknown, digits = 2): string {
  if (!finite(value)) return MISSING;
  return `${value < 0 && signOf(value, digits) ? MINUS : ''}${grouped(value, digits)}`;
}

export function formatMoney(value: unknown, digits = 2): string {
  if (!finite(value)) return MISSING;
  return `${value < 0 && signOf(value, digits) ? MINUS : ''}${grouped(value, digits)}`;
}

export function formatSignedMoney(value: unknown, digits = 2): string {
  if (!finite(value)) return MISSING;
  return `${signOf(value, digits)}${grouped(value, digits)}`;
}

export function formatCount(value: unknown): string {
  if (!finite(value)) return MISSING;
  return `${value < 0 ? MINUS : ''}${grouped(Math.round(value), 0)}`;
}

/** Calendar days: whole days from ten on, one decimal below (a 2.5-day holding time). */
export function formatDays(value: unknown): string {
  if (!finite(value)) return MISSING;
  const digits = Math.abs(value) >= 10 ? 0 : 1;
  return `${grouped(value, digits)} d`;
}

export function formatBars(value: unknown): string {
  if (!finite(value)) return MISSING;
  return `${grouped(Math.round(value), 0)} ${Math.round(value) === 1 ? 'bar' : 'bars'}`;
}

export function formatYears(value: unknown): string {
  if (!finite(value)) return MISSING;
  return `${grouped(value, 2)} y`;
}

export function formatDate(value: unknown): string {
  if (!finite(value)) return MISSING;
  return new Date(value).toISOString().slice(0, 10);
}

export function formatPerYear(value: unknown): string {
  if (!finite(value)) return MISSING;
  return `${grouped(value, 2)}×/y`;
}

const FORMATTERS: Record<MetricKind, (value: unknown) => string> = {
  'signed-percent': (v) => formatSignedPercent(v),
  percent: (v) => formatPercentShare(v),
  drawdown: (v) => formatDrawdown(v),
  ratio: (v) => formatRatio(v),
  money: (v) => formatMoney(v),
  'signed-money': (v) => formatSignedMoney(v),
  count: formatCount,
  days: formatDays,
  bars: formatBars,
  years: formatYears,
  date: formatDate,
  'per-year': formatPerYear,
};

export function formatMetric(kind: MetricKind, value: unknown): string {
  return FORMATTERS[kind](value);
}

/** Green for a good number, red for a bad one, none when the number says nothing either way. */
export type Tone = 'up' | 'down' | null;

export function toneOf(kind: MetricKind, value: unknown): Tone {
  if (!finite(value) || value === 0) return null;
  if (kind === 'drawdown') return 'down';
  if (kind === 'signed-percent' || kind === 'signed-money') return value > 0 ? 'up' : 'down';
  return null;
}

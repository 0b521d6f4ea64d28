import { REGIMES, type RegimeName } from '../../shared/domain/regime';
import { regimeColors } from '../charts/theme';

const TITLES: Record<RegimeName, string> = {
  bull: 'Bull',
  bear: 'Bear',
  sideways: 'Sideways',
  high_vol: 'High vol',
  low_vol: 'Low vol',
  crisis: 'Crisis',
};

/** A regime's name as a trader reads it ("High vol", not "high_vol"). */
export function regimeTitle(name: RegimeName): string {
  return TITLES[name];
}

/** The regime at an index of a probability vector or label column; undefined outside 0..5. */
export function regimeAt(index: number): RegimeName | undefined {
  return Number.isInteger(index) ? REGIMES[index] : undefined;
}

export function regimeColor(name: RegimeName): string {
  return regimeColors[name];
}

/**
 * A probability as a percentage with one decimal; shares that round to nothing say so
 * ("<0.1%") rather than claim an exact zero the bank never gives.
 */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p <= 0) return '0%';
  if (p < 0.0005) return '<0.1%';
  if (p > 0.9995 && p < 1) return '>99.9%';
  return `${(p * 100).toFixed(1)}%`;
}

/** How long a label has held, counted in bars of the dataset. */
export function formatBarsAgo(bars: number): string {
  if (!Number.isFinite(bars) || bars < 0) return '';
  if (bars === 0) return 'this bar';
  return `${bars.toLocaleString('en-US')} ${bars === 1 ? 'bar' : 'bars'} ago`;
}

export type ConfidenceLevel = 'low' | 'moderate' | 'high';

/**
 * Confidence is 1 − normalised entropy: 0.5 already means one regime clearly ahead (e.g. 68%
 * with the rest spread), so the words are pitched at that scale.
 */
export function confidenceLevel(confidence: number): ConfidenceLevel {
  if (confidence >= 0.5) return 'high';
  if (confidence >= 0.25) return 'moderate';
  return 'low';
}

/** A share close to 100% needs more digits to say anything ("99.98%", not "100.0%"). */
export function formatShare(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  const pct = rate * 100;
  const digits = rate >= 0.99 && rate < 1 ? 2 : 1;
  return `${pct.toFixed(digits)}%`;
}

/** The reception rate with its 95% interval: "99.98% (95%: 99.93–100.00%)". */
export function formatReception(r: { rate: number; low: number; high: number }): string {
  const digits = r.low >= 0.99 ? 2 : 1;
  const pct = (v: number) => (v * 100).toFixed(digits);
  return `${formatShare(r.rate)} (95%: ${pct(r.low)}–${pct(r.high)}%)`;
}

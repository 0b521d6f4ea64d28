import { REGIMES } from '../domain/regime';
import { compound, finiteOrNull, mean, sampleStd } from './returns';

export interface RegimePerformance {
  readonly regime: string;
  /** Periods labelled with this regime. */
  readonly bars: number;
  /** Their share of all periods (labelled or not). */
  readonly share: number;
  /** Compounded return over those periods. */
  readonly totalReturn: number;
  /** Sample std of those period returns × √periodsPerYear; null for fewer than two periods. */
  readonly annualizedVolatility: number | null;
  /** (mean − rf) / std × √periodsPerYear; null for fewer than two periods or no spread. */
  readonly sharpe: number | null;
}

/**
 * Performance split by the regime label of each period. The return from point i−1 to point i
 * belongs to the label of point i (the bar it ends on), so returns[k] goes with labels[k + 1].
 * Null or empty labels are left out of every group but still count in the shares' denominator.
 * Known regime names come in REGIMES order, other labels after them in order of appearance.
 */
export function performanceByRegime(
  returns: Float64Array,
  labels: ArrayLike<string | null>,
  riskFreePerPeriod: number,
  periodsPerYear: number,
): RegimePerformance[] {
  const groups = new Map<string, number[]>();
  for (let k = 0; k < returns.length; k++) {
    const label = labels[k + 1];
    if (label === null || label === undefined || label === '') continue;
    let group = groups.get(label);
    if (!group) groups.set(label, (group = []));
    group.push(returns[k]!);
  }
  const known = REGIMES.filter((r) => groups.has(r));
  const others = [...groups.keys()].filter((label) => !(REGIMES as readonly string[]).includes(label));
  const annualizer = Math.sqrt(periodsPerYear);
  return [...known, ...others].map((regime) => {
    const group = groups.get(regime)!;
    const std = sampleStd(group);
    return {
      regime,
      bars: group.length,
      share: group.length / returns.length,
      totalReturn: compound(group),
      annualizedVolatility: finiteOrNull(std * annualizer),
      sharpe: std > 0 ? finiteOrNull(((mean(group) - riskFreePerPeriod) / std) * annualizer) : null,
    };
  });
}

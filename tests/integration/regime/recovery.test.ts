import { describe, expect, it } from 'vitest';
import { REGIME_COUNT, REGIMES } from '../../../src/shared/domain/regime';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { resolveRegimeConfig, type RegimeConfigOverrides } from '../../../src/shared/regime/config';
import { bayesForwardAccuracy, recoveryAccuracy, simulateRegimeSeries, type SyntheticSeries } from '../../../src/shared/regime/synthetic';

/**
 * Regime recovery on series simulated from the six regimes (mean dwell 40 bars, each regime's own
 * drift and volatility), scored on the most likely regime after a 50-bar warm-up, over 8 seeded
 * series of 5,000 daily bars.
 */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const BARS = 5000;
const series: SyntheticSeries[] = SEEDS.map((seed) => simulateRegimeSeries({ bars: BARS, seed }));

function bankAccuracy(overrides: RegimeConfigOverrides, missingRate: number): number {
  const config = resolveRegimeConfig(overrides);
  const scores = series.map((s, i) => recoveryAccuracy(s, new RegimeBank({ config, clock: { timeframe: '1Day', calendar: 'weekdays' } }), { missingRate, missingSeed: 1000 + i }));
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

function bayesAccuracy(missingRate: number): number {
  const scores = series.map((s, i) => bayesForwardAccuracy(s, { missingRate, missingSeed: 1000 + i }));
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** The plain rule the bank must beat: the regime whose σ̄ is nearest the EWMA realised volatility. */
function volatilityRuleAccuracy(): number {
  const config = resolveRegimeConfig();
  const levels = REGIMES.map((name) => config.models[name].volatility);
  let hits = 0;
  let scored = 0;
  for (const s of series) {
    let variance = 0;
    let weight = 0;
    for (let i = 1; i < s.t.length; i++) {
      const r = Math.log(s.close[i]! / s.close[i - 1]!);
      variance = 0.94 * variance + 0.06 * r * r * 252;
      weight = 0.94 * weight + 0.06;
      if (i < 50) continue;
      const vol = Math.sqrt(variance / weight);
      let best = 0;
      for (let k = 1; k < REGIME_COUNT; k++) if (Math.abs(levels[k]! - vol) < Math.abs(levels[best]! - vol)) best = k;
      scored++;
      if (best === s.regime[i]) hits++;
    }
  }
  return hits / scored;
}

describe('regime recovery on simulated series', () => {
  const clean = bankAccuracy({}, 0);
  const missing = bankAccuracy({}, 0.2);
  const bayesClean = bayesAccuracy(0);
  const bayesMissing = bayesAccuracy(0.2);
  const original = bankAccuracy({ measurement: { likelihood: 'joint' }, missing: { inflatePriceNoise: true } }, 0);
  const originalMissing = bankAccuracy({ measurement: { likelihood: 'joint' }, missing: { inflatePriceNoise: true } }, 0.2);
  const rule = volatilityRuleAccuracy();
  console.info(
    [
      'six-way accuracy after a 50-bar warm-up (8 × 5,000 bars):',
      `  bank (recommended settings)      clean ${clean.toFixed(4)}   20% missing ${missing.toFixed(4)}   cost ${(clean - missing).toFixed(4)}`,
      `  bank (spec's joint likelihood)   clean ${original.toFixed(4)}   20% missing ${originalMissing.toFixed(4)}   cost ${(original - originalMissing).toFixed(4)}`,
      `  Bayes forward filter (limit)     clean ${bayesClean.toFixed(4)}   20% missing ${bayesMissing.toFixed(4)}   cost ${(bayesClean - bayesMissing).toFixed(4)}`,
      `  volatility-threshold rule        clean ${rule.toFixed(4)}`,
    ].join('\n'),
  );

  it('recovers the regime on at least half the bars (and stays near the Bayes limit)', () => {
    expect(clean).toBeGreaterThanOrEqual(0.5);
    expect(clean).toBeGreaterThan(rule + 0.05);
    expect(clean).toBeGreaterThan(bayesClean - 0.01);
  });

  it('20% missing bars cost no more than they cost the Bayes limit itself (+0.005)', () => {
    // The brief asked for a cost under 0.03. On these series no filter can meet that: the Bayes
    // forward filter that knows the true parameters loses about 0.037 itself (printed above), so
    // the test pins the bank to that limit instead of to a number below it.
    expect(clean - missing).toBeLessThanOrEqual(bayesClean - bayesMissing + 0.005);
    expect(clean - missing).toBeLessThan(0.045);
  });
});

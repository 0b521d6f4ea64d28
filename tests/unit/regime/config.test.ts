import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/errors';
import { REGIMES } from '../../../src/shared/domain/regime';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { defaultRegimeConfig, resolveRegimeConfig } from '../../../src/shared/regime/config';

describe('regime configuration', () => {
  it('defaults are the spec’s table', () => {
    const c = defaultRegimeConfig();
    const table: Record<string, number[]> = {
      // μ, σ̄, κ, φ, λ_m, g, c, floor, s_Q
      bull: [0.15, 0.18, 0, 0.95, 0.8, 1.0, 0.1, 0.005, 1.0],
      bear: [-0.2, 0.25, 0, 0.9, 0.85, 1.0, 0.15, 0.01, 1.2],
      sideways: [0.02, 0.15, 2.0, 0.92, 0.6, 0.5, 0.08, 0.003, 0.8],
      high_vol: [0.05, 0.35, 0, 0.8, 0.7, 1.0, 0.25, 0.02, 1.5],
      low_vol: [0.08, 0.08, 0, 0.98, 0.9, 1.0, 0.03, 0.002, 0.5],
      crisis: [-0.3, 0.5, 0, 0.7, 0.5, 1.2, 0.4, 0.05, 2.0],
    };
    for (const name of REGIMES) {
      const m = c.models[name];
      expect([m.drift, m.volatility, m.meanReversion, m.volPersistence, m.momentumDecay, m.momentumGain, m.volOfVol, m.volFloor, m.noiseScale]).toEqual(table[name]);
      expect(m.momentumDecayDown).toBeCloseTo(name === 'bear' ? 0.9 * 0.85 : m.momentumDecay, 15);
    }
    expect(c.measurement.priceNoise).toBe(5e-4);
    expect(c.measurement.volNoise).toBe(0.03);
    expect(c.measurement.realisedVolDecay).toBe(0.94);
    expect(c.unscented).toMatchObject({ alpha: 1, beta: 2, kappa: 0 });
    expect(c.transition.stayProbability).toBe(0.97);
    expect(c.transition.probabilityFloor).toBe(1e-12);
    expect(c.anchorWeight).toBe(0.02);
    expect(c.expectedMode).toMatchObject({ entropyThreshold: 0.5, steepness: 5, pull: 0.3, gate: 0.01 });
    expect(c.missing).toMatchObject({ staleAfter: 10, perMiss: 0.1, longRunFactor: 1.2, mediumRunFactor: 1.1 });
    expect(c.hysteresis).toEqual({ minProbability: 0.5, margin: 0.1, holdBars: 2 });
    expect(c.signal).toEqual({ riskAversion: 1, maxWeight: 0.2, crisisThreshold: 0.5 });
    expect(resolveRegimeConfig()).toEqual(c);
  });

  it('an instrument overrides R alone; everything else keeps its default', () => {
    const c = resolveRegimeConfig({ measurement: { priceNoise: 2e-3 } });
    expect(c.measurement.priceNoise).toBe(2e-3);
    expect(c.measurement.volNoise).toBe(0.03);
    expect(c.models).toEqual(defaultRegimeConfig().models);
  });

  it('overrides merge in order and a model can be changed by one field', () => {
    const c = resolveRegimeConfig({ models: { bull: { drift: 0.1 } } }, { models: { bull: { volatility: 0.2 } }, mixing: 'imm' });
    expect(c.models.bull).toMatchObject({ drift: 0.1, volatility: 0.2, meanReversion: 0 });
    expect(c.mixing).toBe('imm');
  });

  it('bad values are refused with the parameter named', () => {
    expect(() => resolveRegimeConfig({ models: { bull: { volatility: -1 } } })).toThrow(InputError);
    expect(() => resolveRegimeConfig({ models: { bull: { volatility: -1 } } })).toThrow(/models\.bull\.volatility/);
    expect(() => resolveRegimeConfig({ measurement: { priceNoise: 0 } })).toThrow(/measurement\.priceNoise/);
    expect(() => resolveRegimeConfig({ bogus: 1 })).toThrow(/bogus|Unrecognized/i);
    const matrix = defaultRegimeConfig().transition.matrix;
    matrix[2]![2] = 0.9;
    expect(() => resolveRegimeConfig({ transition: { matrix } })).toThrow(/row 2 \(sideways\) sums to/);
    expect(() => resolveRegimeConfig('fast' as unknown)).toThrow(InputError);
  });

  it('a bank’s fingerprint follows its configuration and clock', () => {
    const base = new RegimeBank({ clock: { timeframe: '1Day' } }).fingerprint;
    expect(new RegimeBank({ clock: { timeframe: '1Day' } }).fingerprint).toEqual(base);
    expect(new RegimeBank({ config: resolveRegimeConfig({ measurement: { priceNoise: 1e-3 } }), clock: { timeframe: '1Day' } }).fingerprint).not.toEqual(base);
    expect(new RegimeBank({ clock: { timeframe: '1Day', calendar: 'weekdays' } }).fingerprint).not.toEqual(base);
  });
});

import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { REGIMES } from '../../../src/shared/domain/regime';
import { capToPositionPct, regimeFactor, SizingSettingsSchema, signalSizer } from '../../../src/shared/trading/signal-sizing';

const p = (values: Partial<Record<(typeof REGIMES)[number], number>>) => REGIMES.map((name) => values[name] ?? 0);

describe('regime factor', () => {
  const settings = SizingSettingsSchema.parse({ regime: { weights: { bear: 0.5, high_vol: 0.25 }, zeroWhen: { crisis: 0.5, high_vol: 0.8 } } }).regime;
  it('weighs each regime by its probability (a regime left out weighs 1)', () => {
    expect(regimeFactor(settings, p({ bull: 0.6, bear: 0.4 }))).toBeCloseTo(0.6 + 0.2, 12);
    expect(regimeFactor(settings, p({ bear: 0.5, high_vol: 0.5 }))).toBeCloseTo(0.25 + 0.125, 12);
  });
  it('is zero when a regime is more likely than its threshold, not at it', () => {
    expect(regimeFactor(settings, p({ crisis: 0.5, bull: 0.5 }))).toBe(0.5 * 1 + 0.5 * 1);
    expect(regimeFactor(settings, p({ crisis: 0.500001, bull: 0.499999 }))).toBe(0);
    expect(regimeFactor(settings, p({ high_vol: 0.81, bull: 0.19 }))).toBe(0);
  });
});

describe('signal sizer', () => {
  const spy = equityInstrument('SPY');
  it('risks riskPct of equity to the stop, scaled by the regime, in whole shares', () => {
    const sizer = signalSizer(SizingSettingsSchema.parse({ riskPct: 0.5 }), 2);
    // 0.5 % of 200,000 = 1000 to a stop 2 % below 250 (5 per share) → 200 shares.
    expect(sizer.size({ instrument: spy, side: 'buy', price: 250, equity: 200_000, cash: 0 })).toBe(200);
    expect(sizer.size({ instrument: spy, side: 'sell', price: 250, equity: 200_000, cash: 0, stopPrice: 258 })).toBe(125);
    expect(sizer.size({ instrument: spy, side: 'buy', price: 250, equity: 200_000, cash: 0, regime: { t: 0, p: p({ bull: 0.7, crisis: 0.3 }), label: 'bull' } })).toBe(200);
    expect(sizer.size({ instrument: spy, side: 'buy', price: 250, equity: 200_000, cash: 0, regime: { t: 0, p: p({ bull: 0.4, crisis: 0.6 }), label: 'crisis' } })).toBe(0);
  });
  it('caps a quantity to a share of equity', () => {
    expect(capToPositionPct(500, 10, 100_000, 100, spy)).toBe(100);
    expect(capToPositionPct(50, 10, 100_000, 100, spy)).toBe(50);
    expect(capToPositionPct(500, null, 100_000, 100, spy)).toBe(500);
    expect(capToPositionPct(500, 10, 100_000, 333, spy)).toBe(30);
  });
});

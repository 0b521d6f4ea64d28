import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { InputError } from '../../../src/shared/errors';
import { fixedFractional, kellyFraction, parseSizing, regimeScaled, zeroWhen, type SizingInput } from '../../../src/shared/risk/sizing';

const input = (fields: Partial<SizingInput> = {}): SizingInput => ({ instrument: equityInstrument('XYZ'), side: 'buy', price: 150, equity: 100_000, cash: 100_000, ...fields });

describe('sizing', () => {
  it('fixed, percent of equity and all-in give whole shares, rounded down', () => {
    expect(parseSizing('fixed:100').size(input())).toBe(100);
    expect(parseSizing('percent:10').size(input())).toBe(66); // 10,000 / 150 = 66.67
    expect(parseSizing('all-in').size(input())).toBe(666); // 100,000 / 150 = 666.67
    expect(parseSizing('all-in').size(input({ equity: -5 }))).toBe(0);
  });

  it('fixed-fractional risks the percent between entry and stop, capped by half Kelly', () => {
    // 1 % of 100,000 = 1,000 at risk; stop 5 below: 200 shares.
    expect(parseSizing('risk:1').size(input({ stopPrice: 145 }))).toBe(200);
    // No stop: the default 2 % (3.00 per share at 150): 333 shares.
    expect(parseSizing('risk:1').size(input())).toBe(333);
    // W 0.55, R 1: f* = 0.10; half Kelly 0.05 > 0.01 → not binding. W 0.51: f* = 0.02, half 0.01.
    expect(kellyFraction({ winRate: 0.55, payoff: 1 })).toBeCloseTo(0.1, 12);
    expect(fixedFractional(2, 2, { winRate: 0.51, payoff: 1, fraction: 0.5 }).size(input({ stopPrice: 145 }))).toBe(200);
    expect(kellyFraction({ winRate: 0.4, payoff: 1 })).toBe(0);
  });

  it('regime scaling: nothing when crisis is above one half', () => {
    const sizer = regimeScaled(parseSizing('fixed:100'), zeroWhen('crisis', 0.5));
    const regime = (crisis: number) => ({ t: 0, p: [1 - crisis, 0, 0, 0, 0, crisis], label: 'bull' as const });
    expect(sizer.size(input({ regime: regime(0.5) }))).toBe(100);
    expect(sizer.size(input({ regime: regime(0.51) }))).toBe(0);
    expect(sizer.size(input())).toBe(100);
  });

  it('a bad sizing says what it accepts', () => {
    expect(() => parseSizing('half')).toThrow(InputError);
    expect(() => parseSizing('half')).toThrow(/fixed:N, all-in, percent:P, risk:P/);
    expect(() => parseSizing('percent:150')).toThrow(/at most 100/);
    expect(() => parseSizing('fixed:0')).toThrow(/positive/);
  });
});

import { describe, expect, it } from 'vitest';
import { orderCommission, parseCommission, parseSlippage, roundCents, slipPrice } from '../../../src/shared/broker/sim/costs';
import { InputError } from '../../../src/shared/errors';

describe('commission and slippage specs', () => {
  it('parse every form the CLI accepts', () => {
    expect(parseCommission('none')).toEqual({ kind: 'none' });
    expect(parseCommission('per-share:0.005,min:1,max:1%')).toEqual({ kind: 'per_share', rate: 0.005, min: 1, maxPct: 1 });
    expect(parseCommission('per-share:0.005')).toEqual({ kind: 'per_share', rate: 0.005, min: 0, maxPct: null });
    expect(parseCommission('per-order:1')).toEqual({ kind: 'per_order', amount: 1 });
    expect(parseCommission('bps:5,min:1')).toEqual({ kind: 'bps', bps: 5, min: 1 });
    expect(parseSlippage('bps:5')).toEqual({ kind: 'bps', bps: 5 });
    expect(parseSlippage('ticks:2')).toEqual({ kind: 'ticks', ticks: 2 });
    expect(parseSlippage('none')).toEqual({ kind: 'none' });
  });

  it('refuse what they do not understand, saying what they would accept', () => {
    expect(() => parseCommission('per-share')).toThrow(InputError);
    expect(() => parseCommission('bps:5,max:1')).toThrow(/unknown field max/);
    expect(() => parseCommission('flat:2')).toThrow(/unknown kind "flat"/);
    expect(() => parseSlippage('percent:1')).toThrow(/none \| bps:B \| ticks:N/);
  });

  it('compute to the cent', () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(5.1051)).toBe(5.11);
    expect(orderCommission({ kind: 'bps', bps: 5, min: 1 }, 100, 10_210.2)).toBe(5.11);
    expect(orderCommission({ kind: 'bps', bps: 5, min: 1 }, 10, 1_000)).toBe(1);
    expect(orderCommission({ kind: 'per_share', rate: 0.005, min: 1, maxPct: 1 }, 300, 30_000)).toBe(1.5);
    expect(orderCommission({ kind: 'per_share', rate: 0.005, min: 1, maxPct: 1 }, 10_000, 2_000)).toBe(20);
    expect(slipPrice({ kind: 'bps', bps: 10 }, 'sell', 100, 0.01)).toBeCloseTo(99.9, 12);
    expect(slipPrice({ kind: 'ticks', ticks: 3 }, 'buy', 0.5, 0.0001)).toBeCloseTo(0.5003, 12);
  });
});

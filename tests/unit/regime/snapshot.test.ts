import { describe, expect, it } from 'vitest';
import { RegimeBank, snapshotValues, STATE_LENGTH } from '../../../src/shared/regime/bank';
import { resolveRegimeConfig } from '../../../src/shared/regime/config';
import { sliceRegimeBatch } from '../../../src/shared/regime/output';
import { simulateRegimeSeries } from '../../../src/shared/regime/synthetic';
import { batchDifference, spyBars } from '../../helpers/regime';

describe('state that survives restarts', () => {
  const spy = spyBars();
  // Missing bars and a stale stretch in the middle, so the cut points land in every situation.
  const close = spy.close.slice();
  close.fill(Number.NaN, 1000, 1003);
  close.fill(Number.NaN, 2000, 2015);
  const bars = { t: spy.t, close };

  for (const config of [{}, { mixing: 'imm' as const }]) {
    it(`resuming from a snapshot gives the uninterrupted run’s output to the last bit ${JSON.stringify(config)}`, () => {
      const resolved = resolveRegimeConfig(config);
      const whole = new RegimeBank({ config: resolved, clock: { timeframe: '1Day' } }).runBatch(bars);
      for (const cut of [1, 2, 999, 1001, 2007, 2016, 4000, spy.t.length - 1]) {
        const first = new RegimeBank({ config: resolved, clock: { timeframe: '1Day' } });
        first.runBatch({ t: bars.t.subarray(0, cut), close: bars.close.subarray(0, cut) });
        const blob = first.saveState();
        expect(blob.byteLength).toBe((5 + STATE_LENGTH) * 8);
        const resumed = new RegimeBank({ config: resolveRegimeConfig(config), clock: { timeframe: '1Day' } });
        resumed.loadState(blob.slice());
        const rest = resumed.runBatch({ t: bars.t.subarray(cut), close: bars.close.subarray(cut) });
        expect(batchDifference(rest, sliceRegimeBatch(whole, cut, whole.count)), `cut at ${cut}`).toBeNull();
        expect(resumed.bars).toBe(spy.t.length);
      }
    });
  }

  it('a snapshot only restores into a bank with the same configuration and clock, and a damaged blob is refused', () => {
    const bank = new RegimeBank({ clock: { timeframe: '1Day' } });
    bank.runBatch(simulateRegimeSeries({ bars: 100, seed: 1 }));
    const blob = bank.saveState();
    expect(() => new RegimeBank({ config: resolveRegimeConfig({ measurement: { priceNoise: 1e-3 } }), clock: { timeframe: '1Day' } }).loadState(blob)).toThrow(/different configuration/);
    expect(() => new RegimeBank({ clock: { timeframe: '1Hour' } }).loadState(blob)).toThrow(/different configuration or bar clock/);
    expect(() => snapshotValues(blob.subarray(0, 17))).toThrow(/not a regime snapshot/);
    const wrongVersion = blob.slice();
    new Float64Array(wrongVersion.buffer)[1] = 99;
    expect(() => snapshotValues(wrongVersion)).toThrow(/version 99/);
    const wrongMagic = blob.slice();
    wrongMagic[0] = wrongMagic[0]! ^ 0xff;
    expect(() => snapshotValues(wrongMagic)).toThrow(/magic/);
  });

  it('runBatch skips bars that do not move forward and reports them', () => {
    const bank = new RegimeBank({ clock: { timeframe: '1Day' } });
    const t = Float64Array.of(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4));
    const batch = bank.runBatch({ t, close: Float64Array.of(100, 101, 102, 103) });
    expect(batch.count).toBe(3);
    expect(batch.skipped).toBe(1);
    expect(Array.from(batch.t)).toEqual([t[0], t[1], t[3]]);
  });
});

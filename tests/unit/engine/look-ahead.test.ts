import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { LookAheadError } from '../../../src/shared/engine/bar-view';
import type { Strategy, StrategyContext } from '../../../src/shared/engine/strategy';
import { Sma, sma } from '../../../src/shared/indicators/moving-averages';
import { closeBars } from '../../helpers/trading';

const bars = closeBars([10, 11, 12, 13, 14, 15, 16, 17]);

describe('no look-ahead by construction', () => {
  it('a strategy reading the next bar fails with LookAheadError', () => {
    const peeker: Strategy = {
      id: 'peeker',
      onBar(ctx: StrategyContext) {
        const view = ctx.bars('XYZ');
        if (view.close(view.index + 1) > view.lastClose) return { symbol: 'XYZ', action: 'BUY', confidence: 1, strategyId: 'peeker', timestamp: ctx.t };
        return;
      },
    };
    expect(() => runBacktest({ data: [{ symbol: 'XYZ', bars }], strategy: { instance: peeker } })).toThrow(LookAheadError);
    expect(() => runBacktest({ data: [{ symbol: 'XYZ', bars }], strategy: { instance: peeker } })).toThrow(/bar 1 was read while the current bar is 0/);
  });

  it('every accessor refuses a future index, even when the data holds it', () => {
    const tried: string[] = [];
    const prober: Strategy = {
      id: 'prober',
      onBar(ctx) {
        const view = ctx.bars('XYZ');
        if (view.index !== 3) return;
        for (const read of [() => view.open(4), () => view.high(4), () => view.low(4), () => view.close(4), () => view.volume(4), () => view.time(4), () => view.bar(4), () => view.closeAgo(-1)]) {
          try {
            read();
            tried.push('read');
          } catch (error) {
            tried.push(error instanceof LookAheadError ? 'refused' : 'other');
          }
        }
        tried.push(String(view.close(3)), String(view.closes().length));
        return;
      },
    };
    runBacktest({ data: [{ symbol: 'XYZ', bars }], strategy: { instance: prober } });
    expect(tried).toEqual(['refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', '13', '4']);
  });

  it('tracked indicators have seen exactly the bars up to now', () => {
    const seen: number[] = [];
    const expected = sma(bars.c, 3);
    let tracked!: Sma;
    const watcher: Strategy = {
      id: 'watcher',
      init(setup) {
        tracked = setup.track('XYZ', 'close', new Sma(3));
      },
      onBar(ctx) {
        seen.push(tracked.value);
        expect(ctx.bars('XYZ').length).toBe(seen.length);
        return;
      },
    };
    runBacktest({ data: [{ symbol: 'XYZ', bars }], strategy: { instance: watcher } });
    expect(seen).toEqual(Array.from(expected));
  });
});

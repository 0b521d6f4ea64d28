import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/shared/domain/bar';
import { StepAssembler, type AssembledStep } from '../../../src/shared/engine/step-assembler';

const bar = (t: number, c = 100): Bar => ({ t, o: c, h: c, l: c, c, v: 1 });
/** A step as [t, which symbols have a bar, trade]. */
const shape = (steps: AssembledStep[]): Array<[number, number[], boolean]> => steps.map((s) => [s.t, s.bars.flatMap((b, i) => (b ? [i] : [])), s.trade]);

describe('StepAssembler: live bars into the steps a backtest makes', () => {
  it('one symbol: every new bar is a step at once', () => {
    const a = new StepAssembler(1);
    expect(shape(a.offer(0, bar(1), true).steps)).toEqual([[1, [0], true]]);
    expect(shape(a.offer(0, bar(2), false).steps)).toEqual([[2, [0], false]]);
    expect(a.waiting).toBe(false);
  });

  it('two symbols: a step waits for both bars of its time', () => {
    const a = new StepAssembler(2);
    expect(a.offer(0, bar(10), true).steps).toEqual([]);
    expect(a.waiting).toBe(true);
    const { steps } = a.offer(1, bar(10, 50), true);
    expect(shape(steps)).toEqual([[10, [0, 1], true]]);
    expect(steps[0]!.bars[1]!.c).toBe(50);
  });

  it('a symbol without a bar at a time does not hold the other back: the later bar completes the step', () => {
    const a = new StepAssembler(2);
    a.offer(0, bar(10), true);
    expect(shape(a.offer(0, bar(20), true).steps)).toEqual([[10, [0], true]]);
    expect(shape(a.offer(1, bar(20), true).steps)).toEqual([[20, [0, 1], true]]);
  });

  it('a bar from before the step being gathered is its own step first', () => {
    const a = new StepAssembler(2);
    a.offer(0, bar(20), true);
    expect(shape(a.offer(1, bar(15), true).steps)).toEqual([[15, [1], true]]);
    expect(shape(a.offer(1, bar(20), true).steps)).toEqual([[20, [0, 1], true]]);
  });

  it('refuses a duplicate and a bar older than a step already run', () => {
    const a = new StepAssembler(2);
    a.offer(0, bar(10), true);
    a.offer(1, bar(10), true);
    expect(a.offer(0, bar(10), true)).toEqual({ steps: [], dropped: 'duplicate' });
    a.offer(0, bar(30), true);
    // Symbol 1 has no bar at 30: the step at 30 runs when symbol 0's next bar comes.
    expect(shape(a.offer(0, bar(40), true).steps)).toEqual([[30, [0], true]]);
    // Symbol 1 never had 20, but a step at 30 has run: 20 is late.
    expect(a.offer(1, bar(20), true)).toEqual({ steps: [], dropped: 'late' });
    expect(a.lastTime(1)).toBe(10);
  });

  it('a step trades when any of its bars may be traded on (a backfilled bar alone does not)', () => {
    const a = new StepAssembler(2);
    a.offer(0, bar(10), false);
    expect(shape(a.offer(1, bar(10), true).steps)).toEqual([[10, [0, 1], true]]);
    a.offer(0, bar(20), false);
    expect(shape(a.offer(1, bar(20), false).steps)).toEqual([[20, [0, 1], false]]);
  });

  it('flush hands out the step being gathered, as it is', () => {
    const a = new StepAssembler(3);
    a.offer(2, bar(5), false);
    a.offer(0, bar(5), false);
    expect(shape([a.flush()!])).toEqual([[5, [0, 2], false]]);
    expect(a.flush()).toBeNull();
  });
});

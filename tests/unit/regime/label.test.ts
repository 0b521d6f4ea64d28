import { describe, expect, it } from 'vitest';
import { HysteresisLabeler, LABEL_STATE_LENGTH, LabelStep } from '../../../src/shared/regime/label';

const BULL = 0;
const BEAR = 1;

function run(sequence: number[][]): LabelStep[] {
  const labeler = new HysteresisLabeler({ minProbability: 0.5, margin: 0.1, holdBars: 2 });
  const state = new Float64Array(LABEL_STATE_LENGTH);
  HysteresisLabeler.initialise(state, 0);
  return sequence.map((mu) => {
    const out = new LabelStep();
    labeler.step(state, 0, Float64Array.from(mu), 0, out);
    return out;
  });
}

const p = (bull: number, bear: number): number[] => {
  const rest = (1 - bull - bear) / 4;
  return [bull, bear, rest, rest, rest, rest];
};

describe('hysteresis label', () => {
  it('before a first label the display follows the most likely regime; a leader ≥ 0.5 for 2 bars establishes it without a transition', () => {
    const steps = run([p(0.4, 0.3), p(0.3, 0.4), p(0.6, 0.2), p(0.6, 0.2)]);
    expect(steps.map((s) => s.label)).toEqual([BULL, BEAR, BULL, BULL]);
    expect(steps.map((s) => s.changed)).toEqual([false, false, false, true]);
    expect(steps.some((s) => s.transition)).toBe(false);
  });

  it('a challenger with ≥ 0.5 that beats the label by ≥ 0.10 for 2 consecutive bars takes over, as a transition', () => {
    const steps = run([p(0.7, 0.1), p(0.7, 0.1), p(0.35, 0.55), p(0.35, 0.55)]);
    expect(steps.map((s) => s.label)).toEqual([BULL, BULL, BULL, BEAR]);
    expect(steps[3]).toMatchObject({ transition: true, from: BULL, to: BEAR, leader: BEAR });
  });

  it('a lead under the margin, under 0.5, or interrupted never changes the label', () => {
    const margin = run([p(0.7, 0.1), p(0.7, 0.1), p(0.45, 0.52), p(0.45, 0.52), p(0.45, 0.52)]);
    expect(margin.map((s) => s.label)).toEqual([BULL, BULL, BULL, BULL, BULL]);
    const weak = run([p(0.7, 0.1), p(0.7, 0.1), p(0.2, 0.45), p(0.2, 0.45)]);
    expect(weak.map((s) => s.label)).toEqual([BULL, BULL, BULL, BULL]);
    expect(weak[3]!.leader).toBe(BEAR);
    const interrupted = run([p(0.7, 0.1), p(0.7, 0.1), p(0.3, 0.6), p(0.6, 0.3), p(0.3, 0.6), p(0.3, 0.6)]);
    expect(interrupted.map((s) => s.label)).toEqual([BULL, BULL, BULL, BULL, BULL, BEAR]);
  });
});

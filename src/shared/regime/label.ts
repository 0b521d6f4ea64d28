import { REGIME_COUNT } from '../domain/regime';

/**
 * The displayed regime label with hysteresis: it changes only when the most likely regime has at
 * least `minProbability`, beats the current label by at least `margin`, and has done so for
 * `holdBars` consecutive bars. Until a first label is established the display follows the most
 * likely regime; establishing the first label is not a transition.
 *
 * State: three slots of the caller's Float64Array — label (−1 before the first), candidate
 * (−1 for none), bars the candidate has held.
 */
export const LABEL_STATE_LENGTH = 3;

export interface HysteresisRule {
  readonly minProbability: number;
  readonly margin: number;
  readonly holdBars: number;
}

/** What one bar did to the label (integers only, so nothing is boxed on the hot path). */
export class LabelStep {
  /** Most likely regime at this bar. */
  leader = 0;
  /** Label to display. */
  label = 0;
  /** The label was established or changed at this bar. */
  changed = false;
  /** The label changed from one regime to another (a transition event). */
  transition = false;
  from = -1;
  to = -1;
}

export class HysteresisLabeler {
  private readonly minProbability: number;
  private readonly margin: number;
  private readonly holdBars: number;

  constructor(rule: HysteresisRule) {
    this.minProbability = rule.minProbability;
    this.margin = rule.margin;
    this.holdBars = rule.holdBars;
  }

  static initialise(state: Float64Array, offset: number): void {
    state[offset] = -1;
    state[offset + 1] = -1;
    state[offset + 2] = 0;
  }

  step(state: Float64Array, offset: number, mu: Float64Array, muo: number, out: LabelStep): void {
    let leader = 0;
    for (let r = 1; r < REGIME_COUNT; r++) if (mu[muo + r]! > mu[muo + leader]!) leader = r;
    const label = state[offset]!;
    const leaderP = mu[muo + leader]!;
    out.leader = leader;
    out.changed = false;
    out.transition = false;
    out.from = -1;
    out.to = -1;
    const challenges = leader !== label && leaderP >= this.minProbability && (label < 0 || leaderP - mu[muo + label]! >= this.margin);
    if (!challenges) {
      state[offset + 1] = -1;
      state[offset + 2] = 0;
    } else {
      state[offset + 2] = state[offset + 1] === leader ? state[offset + 2]! + 1 : 1;
      state[offset + 1] = leader;
      if (state[offset + 2]! >= this.holdBars) {
        out.changed = true;
        if (label >= 0) {
          out.transition = true;
          out.from = label;
          out.to = leader;
        }
        state[offset] = leader;
        state[offset + 1] = -1;
        state[offset + 2] = 0;
      }
    }
    const current = state[offset]!;
    out.label = current >= 0 ? current : leader;
  }
}

import type { StrategyInfo, WalkForwardSpec } from '../../../../shared/ipc/services/backtest';
import { walkForwardWindows } from '../../../../shared/optimization/walk-forward';
import { buildOptimizationSpec, type OptimizeDraft } from '../optimize/optimize-spec';
import type { LabSetupDraft } from '../setup/lab-setup';

/**
 * The walk-forward form: how many bars to optimise on, how many to test the chosen set on, how
 * far each window moves, rolling or anchored. The searched parameters and the objective are the
 * optimisation form's.
 */
export interface WalkForwardDraft {
  readonly inSample: string;
  readonly outOfSample: string;
  /** Empty: the out-of-sample length, so the test parts tile the data. */
  readonly step: string;
  readonly mode: 'rolling' | 'anchored';
}

/** About two years in, six months out, on daily bars. */
export const DEFAULT_WALK_FORWARD: WalkForwardDraft = { inSample: '504', outOfSample: '126', step: '', mode: 'rolling' };

export interface ParsedWalkForward {
  readonly spec: WalkForwardSpec | null;
  /** Setup and search problems, plus 'wf.inSample', 'wf.outOfSample', 'wf.step'. */
  readonly problems: Readonly<Record<string, string>>;
  /** Windows the data gives (null while the data's length is unknown). */
  readonly windows: number | null;
  /** Backtests it runs: every set in every window, plus one test per window. */
  readonly runs: number | null;
}

function wholeBars(text: string, minimum: number): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return `a whole number of bars, at least ${minimum}`;
  const value = Number(trimmed);
  return value >= minimum ? value : `at least ${minimum} bars`;
}

/** Windows of a walk-forward over `bars` bars, by the engine's own rule (0 when none fits). */
export function windowCount(bars: number, inSample: number, outOfSample: number, step: number, mode: 'rolling' | 'anchored'): number {
  if (bars < inSample + outOfSample) return 0;
  return walkForwardWindows({ bars, inSample, outOfSample, step, mode }).length;
}

export function buildWalkForwardSpec(setup: LabSetupDraft, info: StrategyInfo | undefined, search: OptimizeDraft, draft: WalkForwardDraft, bars: number | null): ParsedWalkForward {
  const optimization = buildOptimizationSpec(setup, info, search);
  const problems: Record<string, string> = { ...optimization.problems };
  const inSample = wholeBars(draft.inSample, 2);
  const outOfSample = wholeBars(draft.outOfSample, 2);
  const step = draft.step.trim() === '' ? outOfSample : wholeBars(draft.step, 1);
  if (typeof inSample === 'string') problems['wf.inSample'] = inSample;
  if (typeof outOfSample === 'string') problems['wf.outOfSample'] = outOfSample;
  if (typeof step === 'string' && draft.step.trim() !== '') problems['wf.step'] = step;
  if (typeof step === 'number' && typeof outOfSample === 'number' && step < outOfSample) problems['wf.step'] = `at least the out-of-sample length (${outOfSample}), or the test parts would overlap`;
  let windows: number | null = null;
  if (typeof inSample === 'number' && typeof outOfSample === 'number' && typeof step === 'number' && bars !== null) {
    windows = windowCount(bars, inSample, outOfSample, step, draft.mode);
    if (windows === 0) problems['wf.inSample'] = `in-sample + out-of-sample (${inSample + outOfSample} bars) is more than the data's ${bars} bars`;
  }
  const runs = windows === null ? null : windows * (optimization.sets + 1);
  if (Object.keys(problems).length > 0 || !optimization.spec || typeof inSample !== 'number' || typeof outOfSample !== 'number' || typeof step !== 'number') {
    return { spec: null, problems, windows, runs };
  }
  const spec: WalkForwardSpec = {
    ...optimization.spec,
    inSample,
    outOfSample,
    ...(draft.step.trim() !== '' ? { step } : {}),
    mode: draft.mode,
  };
  return { spec, problems, windows, runs };
}

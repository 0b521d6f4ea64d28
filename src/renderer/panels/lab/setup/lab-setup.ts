import type { BacktestSpec, StrategyInfo } from '../../../../shared/ipc/services/backtest';
import { defaultDraft, parseParamDraft, type ParamDraft, type ParamValues } from '../params/param-form';
import { schemaProblems } from '../params/schema-check';
import { DEFAULT_RUN_SETTINGS, parseRunSettings, type RunSettingsDraft } from '../run-form/run-settings';

/**
 * What the lab's setup form holds (data, strategy, parameters, account and costs) and the run
 * spec it becomes, or the problems that stop it, each keyed by the field to show it at.
 */
export type RegimeSource = 'auto' | 'stored' | 'computed' | 'none';

export interface LabSetupDraft {
  /** Dataset per symbol slot (pairs: A then B); null where none is chosen. */
  readonly datasets: readonly (number | null)[];
  readonly strategy: string;
  /** Parameter text per strategy, so switching strategies and back keeps what was typed. */
  readonly params: Readonly<Record<string, ParamDraft>>;
  readonly settings: RunSettingsDraft;
  /** Optional ISO dates (YYYY-MM-DD) bounding the bars used. */
  readonly from: string;
  readonly to: string;
  readonly regime: RegimeSource;
  readonly name: string;
}

export const EMPTY_SETUP: LabSetupDraft = {
  datasets: [null, null],
  strategy: 'sma-cross',
  params: {},
  settings: DEFAULT_RUN_SETTINGS,
  from: '',
  to: '',
  regime: 'auto',
  name: '',
};

/** Field keys: 'dataset.0', 'dataset.1', 'strategy', 'param.NAME', 'cash', 'sizing', 'commission', 'slippage', 'from', 'to'. */
export type SetupProblems = Readonly<Record<string, string>>;

/** The parameter draft of a strategy: what was typed, else its defaults. */
export function paramDraftOf(setup: LabSetupDraft, info: StrategyInfo): ParamDraft {
  return setup.params[info.name] ?? defaultDraft(info.params);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → 00:00 UTC of that date (how daily bars are stamped); '' → undefined. */
export function parseDay(text: string): { value?: number; problem?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const match = ISO_DATE.exec(trimmed);
  if (!match) return { problem: 'a date as YYYY-MM-DD' };
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return { problem: `${trimmed} is not a calendar date` };
  return { value: t };
}

export interface ParsedSetup {
  readonly spec: BacktestSpec | null;
  readonly params: ParamValues;
  readonly problems: SetupProblems;
}

/**
 * The backtest spec of the setup, checked field by field. Parameters in `searched` (an
 * optimisation's) are left out, and so are the schema's rules across fields: the optimiser checks
 * each combination and reports the ones refused.
 */
export function buildBacktestSpec(setup: LabSetupDraft, info: StrategyInfo | undefined, searched: readonly string[] = []): ParsedSetup {
  const problems: Record<string, string> = {};
  if (!info) return { spec: null, params: {}, problems: { strategy: 'choose a strategy' } };
  const datasets: number[] = [];
  for (let slot = 0; slot < info.symbols; slot++) {
    const id = setup.datasets[slot] ?? null;
    if (id === null) problems[`dataset.${slot}`] = info.symbols > 1 ? `choose the ${slot === 0 ? 'first (A)' : 'second (B)'} dataset` : 'choose a dataset';
    else datasets.push(id);
  }
  if (info.symbols === 2 && datasets.length === 2 && datasets[0] === datasets[1]) problems['dataset.1'] = 'choose two different datasets';

  const fixedFields = info.params.filter((p) => !searched.includes(p.name));
  const parsed = parseParamDraft(fixedFields, paramDraftOf(setup, info));
  for (const [name, problem] of Object.entries(parsed.problems)) problems[`param.${name}`] = problem;
  if (Object.keys(parsed.problems).length === 0 && searched.length === 0) {
    for (const [name, problem] of Object.entries(schemaProblems(info.name, parsed.values))) problems[name ? `param.${name}` : 'strategy'] = problem;
  }

  const run = parseRunSettings(setup.settings);
  Object.assign(problems, run.problems);

  const from = parseDay(setup.from);
  const to = parseDay(setup.to);
  if (from.problem) problems.from = from.problem;
  if (to.problem) problems.to = to.problem;
  if (from.value !== undefined && to.value !== undefined && to.value <= from.value) problems.to = 'must be after the start date';

  if (Object.keys(problems).length > 0 || !run.settings) return { spec: null, params: parsed.values, problems };
  const s = run.settings;
  const name = setup.name.trim();
  const spec: BacktestSpec = {
    datasets,
    strategy: info.name,
    params: parsed.values,
    initialCash: s.initialCash,
    ...(s.sizing ? { sizing: s.sizing } : {}),
    fill: { marketFill: s.fill, commission: s.commission, slippage: s.slippage },
    ...(from.value !== undefined ? { from: from.value } : {}),
    // The end date is inclusive: every bar of that day.
    ...(to.value !== undefined ? { to: to.value + 86_400_000 - 1 } : {}),
    ...(info.usesRegime ? { regime: setup.regime } : {}),
    ...(name ? { name } : {}),
  };
  return { spec, params: parsed.values, problems };
}

/** "sma-cross on SPY" / "pairs on XLE/XOP", for the job bar. */
export function runLabel(strategy: string, symbols: readonly string[]): string {
  return symbols.length > 0 ? `${strategy} on ${symbols.join('/')}` : strategy;
}

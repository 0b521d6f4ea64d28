import type { ProblemMap } from './number-rows';

/** What became of the last save, for the save bar. */
export type SaveOutcome =
  | { readonly kind: 'saved'; readonly keys: readonly string[] }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'invalid'; readonly problems: ProblemMap; readonly message: string }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

interface ServerProblem {
  readonly key: string;
  readonly message: string;
}

function isServerProblem(value: unknown): value is ServerProblem {
  return typeof value === 'object' && value !== null && typeof (value as ServerProblem).key === 'string' && typeof (value as ServerProblem).message === 'string';
}

/** The problems main sent with a refused update, by key (`''` for the file as a whole). */
export function problemsFromDetails(details: unknown): ProblemMap {
  const list = (details as { problems?: unknown } | null)?.problems;
  const out: Record<string, string[]> = {};
  if (!Array.isArray(list)) return out;
  for (const problem of list) {
    if (!isServerProblem(problem)) continue;
    (out[problem.key] ??= []).push(problem.message);
  }
  return out;
}

/** The problems of `key` and of keys under it (`risk.orderRate` holds `risk.orderRate.maxOrders`'s). */
export function problemsUnder(problems: ProblemMap, key: string): string[] {
  const out: string[] = [];
  for (const [problemKey, messages] of Object.entries(problems)) {
    if (problemKey === key || problemKey.startsWith(`${key}.`) || problemKey.startsWith(`${key}[`)) out.push(...messages);
  }
  return out;
}

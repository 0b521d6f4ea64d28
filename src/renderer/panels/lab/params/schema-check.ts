import { STRATEGIES } from '../../../../shared/strategies/registry';
import type { ParamValues } from './param-form';

/**
 * Checks parsed parameters against the strategy's own schema (the one the backtest uses), so rules
 * across fields ("fast must be shorter than slow") show at their field before a run is sent.
 * A strategy this build does not know is left for main to check.
 */
export function schemaProblems(strategy: string, values: ParamValues): Record<string, string> {
  const definition = STRATEGIES.find((s) => s.name === strategy);
  if (!definition) return {};
  const result = definition.params.safeParse(values);
  if (result.success) return {};
  const problems: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!(key in problems)) problems[key] = issue.message;
  }
  return problems;
}

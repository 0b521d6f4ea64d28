import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';

type Problem = TradingConfigState['problems'][number];

/** The problems of trading.yaml by line and key; a click shows the line. */
export function ProblemList({ problems, onShowLine }: { problems: readonly Problem[]; onShowLine?: (line: number) => void }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" data-testid="config-problems" role="alert">
      {problems.map((problem, index) => (
        <li key={index}>
          {problem.line !== null ? (
            <button type="button" className="problem-line" onClick={() => onShowLine?.(problem.line!)}>
              line {problem.line}
            </button>
          ) : (
            <span className="problem-line">file</span>
          )}
          {problem.key && <code>{problem.key}</code>}
          <span>{problem.message}</span>
        </li>
      ))}
    </ul>
  );
}

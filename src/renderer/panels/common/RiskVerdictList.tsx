import type { RiskDecisionView } from '../../../shared/ipc/services/trading';

/** Every rule's verdict, in the order the risk manager ran them: passed or failed, and why (a passed rule's reason on one line, a failed one's in full). */
export function RiskVerdictList({ rules, testId }: { rules: RiskDecisionView['rules']; testId?: string }) {
  return (
    <ul className="verdicts" data-testid={testId}>
      {rules.map((rule) => (
        <li key={rule.rule} className={rule.passed ? 'verdict passed' : 'verdict failed'} data-testid="verdict" data-rule={rule.rule} data-passed={rule.passed}>
          <span className="verdict-mark" aria-label={rule.passed ? 'passed' : 'failed'}>
            {rule.passed ? '✓' : '✗'}
          </span>
          <span className="verdict-rule">{rule.rule.replace(/_/g, ' ')}</span>
          <span className="verdict-detail" title={rule.detail}>
            {rule.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

export interface MetricProps {
  readonly label: string;
  readonly text: string;
  /** The number shown, for tests and tools (`data-value`); absent when unknown. */
  readonly value: number | null;
  readonly tone?: 'up' | 'down' | 'flat';
  /** Shown after the value, smaller (a percentage beside an amount). */
  readonly detail?: string;
  readonly title?: string;
  readonly testId: string;
  /** Which figures give way when the window is narrow: `tertiary` first, then `secondary`, then `high`. */
  readonly priority?: 'primary' | 'high' | 'secondary' | 'tertiary';
}

/** One figure of the account bar: a small label over a tabular number. */
export function Metric({ label, text, value, tone, detail, title, testId, priority = 'primary' }: MetricProps) {
  return (
    <span className={`metric metric-${priority}`} data-testid={testId} data-value={value ?? ''} title={title}>
      <span className="metric-label">{label}</span>
      <span className={`metric-value${tone ? ` ${tone}` : ''}`}>
        {text}
        {detail && <span className="metric-detail"> {detail}</span>}
      </span>
    </span>
  );
}

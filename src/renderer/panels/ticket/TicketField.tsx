import type { ReactNode } from 'react';

export interface TicketFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  readonly problem?: string;
  readonly placeholder?: string;
  /** Shown after the input (a unit, a toggle). */
  readonly suffix?: ReactNode;
  readonly title?: string;
  readonly inputMode?: 'decimal' | 'text';
}

/** A labelled text input of the ticket, its problem under it. */
export function TicketField({ label, value, onChange, testId, problem, placeholder, suffix, title, inputMode = 'decimal' }: TicketFieldProps) {
  return (
    <label className="ticket-field" title={title}>
      <span className="ticket-label">{label}</span>
      <span className="ticket-input">
        <input
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          data-testid={testId}
          aria-invalid={problem ? true : undefined}
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
        {suffix}
      </span>
      {problem && (
        <span className="field-problem" data-testid={`${testId}-problem`}>
          {problem}
        </span>
      )}
    </label>
  );
}

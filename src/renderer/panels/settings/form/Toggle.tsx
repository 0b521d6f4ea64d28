export interface ToggleProps {
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly label: string;
  readonly testId?: string;
  readonly disabled?: boolean;
}

/** An on/off switch (a checkbox underneath, so keyboards and screen readers know it). */
export function Toggle({ checked, onChange, label, testId, disabled }: ToggleProps) {
  return (
    <label className={checked ? 'toggle on' : 'toggle'} title={label}>
      <input type="checkbox" role="switch" aria-label={label} checked={checked} disabled={disabled} data-testid={testId} onChange={(event) => onChange(event.target.checked)} />
      <span className="toggle-track" aria-hidden>
        <span className="toggle-thumb" />
      </span>
      <span className="toggle-text">{checked ? 'On' : 'Off'}</span>
    </label>
  );
}

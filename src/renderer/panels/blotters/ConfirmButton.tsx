import { useEffect, useState } from 'react';

export interface ConfirmButtonProps {
  readonly label: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly disabled?: boolean;
  readonly title?: string;
  readonly testId?: string;
}

const ARMED_MS = 4_000;

/** A row button that asks "sure?" in place: the first click arms it, a second within 4 s acts. */
export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, title, testId }: ConfirmButtonProps) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = window.setTimeout(() => setArmed(false), ARMED_MS);
    return () => window.clearTimeout(timer);
  }, [armed]);
  return (
    <button
      type="button"
      className={armed ? 'row-button armed' : 'row-button'}
      data-testid={testId}
      data-armed={armed}
      disabled={disabled}
      title={armed ? 'Click again to confirm' : title}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? confirmLabel : label}
    </button>
  );
}

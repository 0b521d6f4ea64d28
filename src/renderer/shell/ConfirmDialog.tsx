import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly tone?: 'normal' | 'danger';
  readonly confirmLabel: string;
  /** The button that leaves things as they are (say what stays: "Keep orders", not a second "Cancel"). */
  readonly dismissLabel?: string;
  readonly testId?: string;
  /** Runs on confirm; the dialog closes when it resolves, and shows the error when it throws. */
  readonly onConfirm: () => Promise<void> | void;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

/** "Are you sure?" with what will happen, one button to go ahead and one to stay. */
export function ConfirmDialog({ title, tone = 'normal', confirmLabel, dismissLabel = 'Cancel', testId, onConfirm, onClose, children }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} tone={tone} onClose={onClose} testId={testId}>
      <div className="confirm-body">{children}</div>
      {error && (
        <p className="bad" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          {dismissLabel}
        </button>
        <button type="button" className={tone === 'danger' ? 'danger' : 'primary'} data-testid={testId ? `${testId}-confirm` : undefined} disabled={busy} onClick={() => void confirm()}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

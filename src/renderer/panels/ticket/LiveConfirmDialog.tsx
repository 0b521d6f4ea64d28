import { formatMoney } from '../../format/money';
import { ConfirmDialog } from '../../shell/ConfirmDialog';

export interface LiveConfirmDialogProps {
  readonly line: string;
  readonly estimatedValue: number | null;
  readonly account: string;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

/** In LIVE mode every ticket order is read back and confirmed before it goes out with real money. */
export function LiveConfirmDialog({ line, estimatedValue, account, onConfirm, onClose }: LiveConfirmDialogProps) {
  return (
    <ConfirmDialog title="Send a LIVE order" tone="danger" confirmLabel="Send LIVE order" dismissLabel="Don't send" testId="live-order-dialog" onConfirm={onConfirm} onClose={onClose}>
      <p className="live-order-line" data-testid="live-order-line">
        {line}
      </p>
      <p>
        This order goes to your <strong>live Alpaca account</strong> ({account}) and trades <strong>real money</strong>
        {estimatedValue !== null ? <> (about {formatMoney(estimatedValue)})</> : null}.
      </p>
    </ConfirmDialog>
  );
}

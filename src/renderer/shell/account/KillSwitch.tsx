import { useState } from 'react';
import { useTrading } from '../../state/trading/store';
import { KillSwitchDialog } from './KillSwitchDialog';

/** The red button: everything off (cancel all, flatten, halt), after a confirmation. */
export function KillSwitch() {
  const [open, setOpen] = useState(false);
  const available = useTrading((s) => s.data.state !== null);
  return (
    <>
      <button
        type="button"
        className="kill-switch"
        data-testid="kill-switch"
        disabled={!available}
        title="Kill switch: cancel every order, close every position at market and halt trading"
        onClick={() => setOpen(true)}
      >
        <span className="kill-icon" aria-hidden>
          ■
        </span>
        Kill switch
      </button>
      {open && <KillSwitchDialog onClose={() => setOpen(false)} />}
    </>
  );
}

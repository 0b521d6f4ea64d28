import type { DraftField, TicketDraft } from './ticket-draft';
import { TicketField } from './TicketField';

export interface ExitLegsProps {
  readonly draft: TicketDraft;
  readonly change: (changes: Partial<TicketDraft>) => void;
  readonly problems: Partial<Record<DraftField | 'form', string>>;
}

/** Optional exit legs sent with the entry: a take-profit limit and a stop-loss stop (or stop-limit). */
export function ExitLegs({ draft, change, problems }: ExitLegsProps) {
  return (
    <fieldset className={draft.bracket ? 'ticket-exits open' : 'ticket-exits'}>
      <legend>
        <label className="check">
          <input type="checkbox" data-testid="ticket-bracket" checked={draft.bracket} onChange={(event) => change({ bracket: event.target.checked })} />
          Exit legs (bracket)
        </label>
      </legend>
      {draft.bracket && (
        <div className="ticket-row three">
          <TicketField label="Take profit" testId="ticket-take-profit" value={draft.takeProfit} problem={problems.takeProfit} placeholder="limit" onChange={(takeProfit) => change({ takeProfit })} />
          <TicketField label="Stop loss" testId="ticket-stop-loss" value={draft.stopLoss} problem={problems.stopLoss} placeholder="stop" onChange={(stopLoss) => change({ stopLoss })} />
          <TicketField
            label="SL limit"
            testId="ticket-stop-loss-limit"
            value={draft.stopLossLimit}
            problem={problems.stopLossLimit}
            placeholder="optional"
            title="Makes the stop-loss a stop-limit order"
            onChange={(stopLossLimit) => change({ stopLossLimit })}
          />
        </div>
      )}
    </fieldset>
  );
}

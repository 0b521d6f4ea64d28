import { allowedTimesInForce, notionalAllowed, ORDER_TYPES, priceFieldsOf, TIME_IN_FORCE, type TicketDraft, type TicketOrderType, type TicketTimeInForce } from './ticket-draft';
import { TicketField } from './TicketField';
import type { DraftField } from './ticket-draft';

export interface OrderTermsProps {
  readonly draft: TicketDraft;
  readonly change: (changes: Partial<TicketDraft>) => void;
  readonly problems: Partial<Record<DraftField | 'form', string>>;
}

/** Order type, time in force, size (shares or dollars) and the prices the type needs. */
export function OrderTerms({ draft, change, problems }: OrderTermsProps) {
  const needs = priceFieldsOf(draft.type);
  const tifs = allowedTimesInForce(draft);
  const dollarsAllowed = notionalAllowed({ ...draft, timeInForce: 'day' }) && draft.type === 'market';
  return (
    <>
      <div className="ticket-row two">
        <label className="ticket-field">
          <span className="ticket-label">Type</span>
          <select data-testid="ticket-type" value={draft.type} onChange={(event) => change({ type: event.target.value as TicketOrderType })}>
            {ORDER_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="ticket-field">
          <span className="ticket-label">Time in force</span>
          <select data-testid="ticket-tif" value={draft.timeInForce} onChange={(event) => change({ timeInForce: event.target.value as TicketTimeInForce })}>
            {TIME_IN_FORCE.filter((t) => tifs.includes(t.value)).map((t) => (
              <option key={t.value} value={t.value} title={t.title}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="ticket-row two">
        <TicketField
          label={draft.sizeBy === 'qty' ? 'Quantity' : 'Amount ($)'}
          testId={draft.sizeBy === 'qty' ? 'ticket-qty' : 'ticket-notional'}
          value={draft.sizeBy === 'qty' ? draft.qty : draft.notional}
          placeholder={draft.sizeBy === 'qty' ? 'shares' : '$0.00'}
          problem={draft.sizeBy === 'qty' ? problems.qty : problems.notional}
          onChange={(value) => change(draft.sizeBy === 'qty' ? { qty: value } : { notional: value })}
          suffix={
            <span className="unit-switch" role="group" aria-label="Size by">
              <button type="button" aria-pressed={draft.sizeBy === 'qty'} data-testid="ticket-size-qty" title="A number of shares" onClick={() => change({ sizeBy: 'qty' })}>
                #
              </button>
              <button
                type="button"
                aria-pressed={draft.sizeBy === 'notional'}
                data-testid="ticket-size-notional"
                disabled={!dollarsAllowed}
                title={dollarsAllowed ? 'A dollar amount, turned into whole shares at the last price (DAY only)' : 'A dollar amount works for market orders without exit legs only'}
                onClick={() => change({ sizeBy: 'notional', timeInForce: 'day' })}
              >
                $
              </button>
            </span>
          }
        />
        {needs.stop && <TicketField label="Stop price" testId="ticket-stop" value={draft.stopPrice} problem={problems.stopPrice} placeholder="0.00" onChange={(stopPrice) => change({ stopPrice })} />}
        {needs.limit && <TicketField label="Limit price" testId="ticket-limit" value={draft.limitPrice} problem={problems.limitPrice} placeholder="0.00" onChange={(limitPrice) => change({ limitPrice })} />}
        {needs.trail && (
          <TicketField
            label={draft.trailBy === 'percent' ? 'Trail (%)' : 'Trail ($)'}
            testId="ticket-trail"
            value={draft.trail}
            problem={problems.trail}
            placeholder={draft.trailBy === 'percent' ? '1.5' : '2.00'}
            title={draft.trailBy === 'percent' ? 'Percent from the best price since the order started' : 'Dollars from the best price since the order started'}
            onChange={(trail) => change({ trail })}
            suffix={
              <span className="unit-switch" role="group" aria-label="Trail by">
                <button type="button" aria-pressed={draft.trailBy === 'percent'} data-testid="ticket-trail-percent" onClick={() => change({ trailBy: 'percent' })}>
                  %
                </button>
                <button type="button" aria-pressed={draft.trailBy === 'price'} data-testid="ticket-trail-price" onClick={() => change({ trailBy: 'price' })}>
                  $
                </button>
              </span>
            }
          />
        )}
      </div>
    </>
  );
}

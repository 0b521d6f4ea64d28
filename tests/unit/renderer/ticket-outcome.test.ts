/**
 * What the ticket says after a submit (refused by risk with the rules, rejected by the broker with
 * its reason, filled), the replace dialog's request, blotter times and the ticket's order ids.
 */
import { describe, expect, it } from 'vitest';
import type { OrderView, SubmitResult } from '../../../src/shared/ipc/services/trading';
import { ClientOrderIdSchema } from '../../../src/shared/trading/order-ticket';
import { outcomeView } from '../../../src/renderer/panels/ticket/submit-outcome';
import { newTicketOrderId } from '../../../src/renderer/panels/ticket/client-order-id';
import { replaceDraftOf, replaceFieldsOf, replaceRequest } from '../../../src/renderer/panels/blotters/replace-form';
import { formatBlotterTime } from '../../../src/renderer/format/local-time';

function order(changes: Partial<OrderView> = {}): OrderView {
  return {
    clientOrderId: 'tk-1', brokerOrderId: 'b-1', symbol: 'SPY', side: 'buy', qty: 10, type: 'limit', timeInForce: 'gtc', limitPrice: 340, stopPrice: null,
    trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'simple', role: null, parentId: null, groupId: null, legIds: [], status: 'accepted',
    working: true, filledQty: 0, avgFillPrice: null, commission: 0, createdAt: 1, updatedAt: 1, replaces: null, replacedBy: null, reason: null, source: 'ticket', tag: 'ticket',
    ...changes,
  };
}

function result(changes: Partial<SubmitResult>): SubmitResult {
  return { status: 'submitted', clientOrderId: 'tk-1', brokerOrderId: null, orders: [order({ status: 'pending_new' })], risk: null, reason: null, notes: [], ...changes };
}

describe('submit outcome', () => {
  it('refused by risk: the failed rules by name, with their details', () => {
    const view = outcomeView(
      result({
        status: 'rejected_by_risk',
        risk: {
          approved: false, state: 'ACTIVE', reducing: false,
          rules: [
            { rule: 'trading_state', passed: true, detail: 'ACTIVE' },
            { rule: 'fat_finger', passed: false, detail: 'limit 500 is 42.62% from last 350.58 (band 5.00%)' },
            { rule: 'max_position_size', passed: false, detail: '143.00% of equity (limit 10.00%)' },
          ],
        },
      }),
      undefined,
    );
    expect(view).toEqual({
      tone: 'bad',
      status: 'rejected_by_risk',
      headline: 'Rejected by risk: fat_finger, max_position_size',
      details: ['fat_finger: limit 500 is 42.62% from last 350.58 (band 5.00%)', 'max_position_size: 143.00% of equity (limit 10.00%)'],
    });
  });

  it('sent, then followed on the stream: working, filled, or rejected by the broker with its reason', () => {
    const sent = result({});
    expect(outcomeView(sent, undefined)).toMatchObject({ tone: 'working', status: 'submitted' });
    expect(outcomeView(sent, order({ status: 'accepted' }))).toMatchObject({ status: 'accepted', headline: 'Accepted: working at the broker' });
    expect(outcomeView(sent, order({ status: 'partially_filled', filledQty: 4, avgFillPrice: 340 }))).toMatchObject({ status: 'partially_filled', headline: 'Partially filled 4 of 10 @ 340.00' });
    expect(outcomeView(sent, order({ status: 'filled', filledQty: 10, avgFillPrice: 339.875, working: false }))).toMatchObject({ tone: 'ok', status: 'filled', headline: 'Filled 10 @ 339.88' });
    expect(outcomeView(sent, order({ status: 'rejected', working: false, reason: 'insufficient buying power' }))).toEqual({
      tone: 'bad', status: 'rejected_by_broker', headline: 'Rejected by the broker', details: ['insufficient buying power'],
    });
    expect(outcomeView(sent, order({ status: 'canceled', working: false, filledQty: 3, avgFillPrice: 340 }))).toMatchObject({ status: 'canceled', headline: 'Canceled after 3 @ 340.00' });
    expect(outcomeView(sent, order({ status: 'accepted', legIds: ['tp', 'sl'] })).details).toEqual(['with 2 exit legs']);
  });

  it('not sent: invalid or unavailable, with the reason', () => {
    expect(outcomeView(result({ status: 'invalid', reason: 'limit price 402.123 is not a multiple of the tick 0.01' }), undefined)).toEqual({
      tone: 'bad', status: 'invalid', headline: 'Not sent: the order is not valid', details: ['limit price 402.123 is not a multiple of the tick 0.01'],
    });
    expect(outcomeView(result({ status: 'unavailable', reason: 'not reconciled with the broker yet' }), undefined)).toMatchObject({ status: 'unavailable', details: ['not reconciled with the broker yet'] });
  });
});

describe('replace request', () => {
  it('only what changed, under the contract’s names', () => {
    const limit = order();
    expect(replaceFieldsOf(limit)).toEqual(['qty', 'limitPrice']);
    expect(replaceRequest(limit, { ...replaceDraftOf(limit), limitPrice: '341.5' })).toEqual({ ok: true, input: { clientOrderId: 'tk-1', limitPrice: 341.5 } });
    expect(replaceRequest(limit, { ...replaceDraftOf(limit), qty: '12', timeInForce: 'day' })).toEqual({ ok: true, input: { clientOrderId: 'tk-1', qty: 12, timeInForce: 'day' } });
    const trail = order({ type: 'trailing_stop', limitPrice: null, trailPercent: 1.5, side: 'sell' });
    expect(replaceFieldsOf(trail)).toEqual(['qty', 'trail']);
    expect(replaceRequest(trail, { ...replaceDraftOf(trail), trail: '2' })).toEqual({ ok: true, input: { clientOrderId: 'tk-1', trailPercent: 2 } });
  });

  it('nothing changed, or a bad number, is refused at its field', () => {
    const limit = order();
    expect(replaceRequest(limit, replaceDraftOf(limit))).toEqual({ ok: false, problems: { form: 'Nothing changed: edit the quantity or a price' } });
    expect(replaceRequest(limit, { ...replaceDraftOf(limit), qty: '0', limitPrice: 'abc' })).toEqual({ ok: false, problems: { qty: 'Must be more than 0', limitPrice: '"abc" is not a number' } });
  });
});

describe('blotter time and ticket order ids', () => {
  it('the time alone today, the date and minute otherwise (replayed fills)', () => {
    const now = new Date(2026, 10, 23, 18, 15, 30).getTime();
    expect(formatBlotterTime(new Date(2026, 10, 23, 9, 5, 7).getTime(), now)).toBe('09:05:07');
    expect(formatBlotterTime(new Date(2019, 8, 5, 0, 0, 0).getTime(), now)).toBe('2019-09-05 00:00');
  });

  it('ticket ids are valid client order ids and differ', () => {
    const bytes = [0, 1, 35, 36, 200, 255];
    const id = newTicketOrderId(Date.UTC(2026, 10, 23), () => bytes);
    expect(id).toBe(`tk-${Date.UTC(2026, 10, 23).toString(36)}-00010z105k73`);
    expect(ClientOrderIdSchema.safeParse(id).success).toBe(true);
    expect(newTicketOrderId()).not.toBe(newTicketOrderId());
  });
});

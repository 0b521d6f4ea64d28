/**
 * The order ticket's form: what each order type needs, when a dollar amount may be given, the
 * ticket main receives (or each field's problem), how it reads back, and which keys it takes.
 */
import { describe, expect, it } from 'vitest';
import { allowedTimesInForce, emptyDraft, normaliseDraft, notionalAllowed, priceFieldsOf, type TicketDraft } from '../../../src/renderer/panels/ticket/ticket-draft';
import { draftToTicket, problemsByField, readNumber } from '../../../src/renderer/panels/ticket/ticket-validation';
import { describeTicket } from '../../../src/renderer/panels/ticket/ticket-describe';
import { ticketHotkey, type FocusContext } from '../../../src/renderer/panels/ticket/hotkeys';

const draft = (changes: Partial<TicketDraft>): TicketDraft => ({ ...emptyDraft('SPY'), ...changes });

describe('ticket form → OrderTicket', () => {
  it('a market buy of 10 shares', () => {
    expect(draftToTicket(draft({ qty: '10' }), 'tk-1')).toEqual({
      ticket: { symbol: 'SPY', side: 'buy', type: 'market', qty: 10, timeInForce: 'day', extendedHours: false, clientOrderId: 'tk-1' },
      problems: [],
    });
  });

  it('symbols are upper-cased and numbers may carry separators and a dollar sign', () => {
    const { ticket } = draftToTicket(draft({ symbol: ' brk.b ', side: 'sell', type: 'limit', qty: '1,000', limitPrice: '$412.5', timeInForce: 'gtc' }));
    expect(ticket).toMatchObject({ symbol: 'BRK.B', side: 'sell', type: 'limit', qty: 1000, limitPrice: 412.5, timeInForce: 'gtc' });
  });

  it('each order type asks for its own prices, and only those', () => {
    expect(priceFieldsOf('market')).toEqual({ limit: false, stop: false, trail: false });
    expect(priceFieldsOf('stop_limit')).toEqual({ limit: true, stop: true, trail: false });
    expect(problemsByField(draftToTicket(draft({ type: 'stop_limit', qty: '5' })).problems)).toEqual({ limitPrice: 'Enter a limit price', stopPrice: 'Enter a stop price' });
    // A price left in a field the type does not show is not sent.
    expect(draftToTicket(draft({ type: 'market', qty: '5', limitPrice: '300' })).ticket).not.toHaveProperty('limitPrice');
    expect(draftToTicket(draft({ type: 'stop_limit', qty: '5', stopPrice: '351', limitPrice: '352' })).ticket).toMatchObject({ stopPrice: 351, limitPrice: 352 });
  });

  it('a trailing stop trails by percent or by dollars', () => {
    expect(draftToTicket(draft({ type: 'trailing_stop', side: 'sell', qty: '10', trailBy: 'percent', trail: '1.5' })).ticket).toMatchObject({ trailPercent: 1.5 });
    expect(draftToTicket(draft({ type: 'trailing_stop', side: 'sell', qty: '10', trailBy: 'price', trail: '2' })).ticket).toMatchObject({ trailPrice: 2 });
    expect(problemsByField(draftToTicket(draft({ type: 'trailing_stop', qty: '10', trail: '100' })).problems).trail).toBe('The trail must be less than 100%');
    expect(problemsByField(draftToTicket(draft({ type: 'trailing_stop', qty: '10', trailBy: 'price' })).problems).trail).toBe('Enter the trail in $');
  });

  it('exit legs: take-profit and stop-loss (with an optional limit), at least one of them', () => {
    const bracket = draftToTicket(draft({ qty: '10', bracket: true, takeProfit: '360', stopLoss: '340', stopLossLimit: '339.5' })).ticket;
    expect(bracket).toMatchObject({ takeProfit: { limitPrice: 360 }, stopLoss: { stopPrice: 340, limitPrice: 339.5 } });
    expect(draftToTicket(draft({ qty: '10', bracket: true, stopLoss: '340' })).ticket).toMatchObject({ stopLoss: { stopPrice: 340 } });
    expect(draftToTicket(draft({ qty: '10', bracket: true, stopLoss: '340' })).ticket).not.toHaveProperty('takeProfit');
    expect(problemsByField(draftToTicket(draft({ qty: '10', bracket: true })).problems).takeProfit).toBe('Give a take-profit, a stop-loss or both (or turn exits off)');
    expect(problemsByField(draftToTicket(draft({ qty: '10', bracket: true, takeProfit: '360', stopLossLimit: '339' })).problems).stopLoss).toBe('A stop-loss limit needs a stop-loss price');
    // Legs left in hidden fields are not sent when exits are off.
    expect(draftToTicket(draft({ qty: '10', bracket: false, takeProfit: '360' })).ticket).not.toHaveProperty('takeProfit');
  });

  it('a dollar amount instead of a quantity: market DAY orders without legs only', () => {
    expect(draftToTicket(draft({ sizeBy: 'notional', notional: '5,000' })).ticket).toMatchObject({ notional: 5000, type: 'market', timeInForce: 'day' });
    expect(draftToTicket(draft({ sizeBy: 'notional', notional: '5000' })).ticket).not.toHaveProperty('qty');
    expect(notionalAllowed({ type: 'market', timeInForce: 'day', bracket: false })).toBe(true);
    expect(notionalAllowed({ type: 'limit', timeInForce: 'day', bracket: false })).toBe(false);
    expect(notionalAllowed({ type: 'market', timeInForce: 'gtc', bracket: false })).toBe(false);
    expect(notionalAllowed({ type: 'market', timeInForce: 'day', bracket: true })).toBe(false);
    expect(problemsByField(draftToTicket(draft({ sizeBy: 'notional', notional: '5000', timeInForce: 'gtc' })).problems).notional).toMatch(/market DAY orders without exit legs only/);
  });

  it('problems name the field and say what is wrong', () => {
    const { ticket, problems } = draftToTicket(draft({ symbol: '', qty: 'ten' }));
    expect(ticket).toBeNull();
    expect(problemsByField(problems)).toEqual({ symbol: 'Enter a symbol', qty: '"ten" is not a number' });
    expect(problemsByField(draftToTicket(draft({ qty: '0' })).problems).qty).toBe('Quantity must be more than 0');
    expect(problemsByField(draftToTicket(draft({ qty: '-3' })).problems).qty).toBe('Quantity must be more than 0');
    expect(problemsByField(draftToTicket(draft({ symbol: 'SP Y', qty: '1' })).problems).symbol).toMatch(/is not a symbol/);
    expect(problemsByField(draftToTicket(draft({ qty: '' })).problems).qty).toBe('Enter a quantity');
  });

  it('reads numbers strictly', () => {
    expect(readNumber(' 1,234.50 ')).toEqual({ value: 1234.5 });
    expect(readNumber('$.5')).toEqual({ value: 0.5 });
    expect(readNumber('')).toEqual({ missing: true });
    expect(readNumber('12abc')).toEqual({ error: '"12abc" is not a number' });
    expect(readNumber('1.2.3')).toEqual({ error: '"1.2.3" is not a number' });
  });
});

describe('ticket choices stay consistent', () => {
  it('times in force by order type, legs and sizing', () => {
    expect(allowedTimesInForce({ type: 'market', bracket: false, sizeBy: 'qty' })).toEqual(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls']);
    expect(allowedTimesInForce({ type: 'trailing_stop', bracket: false, sizeBy: 'qty' })).toEqual(['day', 'gtc']);
    expect(allowedTimesInForce({ type: 'limit', bracket: true, sizeBy: 'qty' })).toEqual(['day', 'gtc']);
    expect(allowedTimesInForce({ type: 'stop', bracket: false, sizeBy: 'qty' })).toEqual(['day', 'gtc', 'ioc', 'fok']);
    expect(allowedTimesInForce({ type: 'market', bracket: false, sizeBy: 'notional' })).toEqual(['day']);
  });

  it('a change of type drops what the new type cannot take', () => {
    expect(normaliseDraft(draft({ type: 'limit', sizeBy: 'notional' })).sizeBy).toBe('qty');
    expect(normaliseDraft(draft({ type: 'trailing_stop', timeInForce: 'ioc' })).timeInForce).toBe('day');
    expect(normaliseDraft(draft({ type: 'market', bracket: true, timeInForce: 'opg' })).timeInForce).toBe('day');
    const fine = draft({ type: 'limit', timeInForce: 'gtc' });
    expect(normaliseDraft(fine)).toBe(fine);
  });
});

describe('ticket read back', () => {
  const ticket = (changes: Partial<TicketDraft>) => draftToTicket(draft(changes)).ticket!;
  it('in one line', () => {
    expect(describeTicket(ticket({ qty: '10' }))).toBe('BUY 10 SPY MARKET DAY');
    expect(describeTicket(ticket({ side: 'sell', type: 'limit', qty: '1500', limitPrice: '350.5', timeInForce: 'gtc' }))).toBe('SELL 1,500 SPY LIMIT 350.50 GTC');
    expect(describeTicket(ticket({ type: 'stop_limit', qty: '5', stopPrice: '351', limitPrice: '352' }))).toBe('BUY 5 SPY STOP 351.00 LIMIT 352.00 DAY');
    expect(describeTicket(ticket({ side: 'sell', type: 'trailing_stop', qty: '5', trail: '1.5' }))).toBe('SELL 5 SPY TRAIL 1.5% DAY');
    expect(describeTicket(ticket({ sizeBy: 'notional', notional: '5000' }))).toBe('BUY $5,000.00 of SPY MARKET DAY');
    expect(describeTicket(ticket({ qty: '10', bracket: true, takeProfit: '360', stopLoss: '340', stopLossLimit: '339.5' }))).toBe('BUY 10 SPY MARKET DAY · TP 360.00 · SL 340.00 LMT 339.50');
  });
});

describe('ticket hotkeys never take typing', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  const idle: FocusContext = { inTicket: false, editingText: false, dialogOpen: false };
  const typingInTicket: FocusContext = { inTicket: true, editingText: true, dialogOpen: false };
  const typingElsewhere: FocusContext = { inTicket: false, editingText: true, dialogOpen: false };

  it('B and S choose the side when nothing is being typed', () => {
    expect(ticketHotkey(key('b'), idle)).toBe('buy');
    expect(ticketHotkey(key('S'), idle)).toBe('sell');
    expect(ticketHotkey(key('b'), { ...idle, inTicket: true })).toBe('buy');
  });

  it('B and S type in any text field, the ticket’s own included', () => {
    expect(ticketHotkey(key('b'), typingInTicket)).toBeNull();
    expect(ticketHotkey(key('s'), typingElsewhere)).toBeNull();
    expect(ticketHotkey(key('b', { ctrlKey: true }), idle)).toBeNull();
  });

  it('Ctrl+Enter (or ⌘+Enter) submits and Esc clears from inside the ticket, even in a field', () => {
    expect(ticketHotkey(key('Enter', { ctrlKey: true }), typingInTicket)).toBe('submit');
    expect(ticketHotkey(key('Enter', { metaKey: true }), typingInTicket)).toBe('submit');
    expect(ticketHotkey(key('Escape'), typingInTicket)).toBe('clear');
    expect(ticketHotkey(key('Enter'), typingInTicket)).toBeNull();
  });

  it('…but not from another panel’s text field, nor while a dialog is open', () => {
    expect(ticketHotkey(key('Enter', { ctrlKey: true }), typingElsewhere)).toBeNull();
    expect(ticketHotkey(key('Escape'), typingElsewhere)).toBeNull();
    expect(ticketHotkey(key('Enter', { ctrlKey: true }), idle)).toBe('submit');
    expect(ticketHotkey(key('Escape'), { ...idle, dialogOpen: true })).toBeNull();
    expect(ticketHotkey(key('b'), { ...idle, dialogOpen: true })).toBeNull();
  });
});

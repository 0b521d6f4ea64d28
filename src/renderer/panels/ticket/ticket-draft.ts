/**
 * The order ticket's form as typed (text fields, choices) and what it may combine: which price
 * fields an order type needs, which times in force it takes, when a dollar amount may stand in for
 * a quantity. `normaliseDraft` keeps a draft inside those rules as the trader changes it.
 */

export type TicketOrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type TicketTimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';

export interface TicketDraft {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: TicketOrderType;
  /** A quantity of shares, or a dollar amount (market day orders only). */
  readonly sizeBy: 'qty' | 'notional';
  readonly qty: string;
  readonly notional: string;
  readonly limitPrice: string;
  readonly stopPrice: string;
  /** A trailing stop trails by dollars or by percent of the high-water mark. */
  readonly trailBy: 'price' | 'percent';
  readonly trail: string;
  readonly timeInForce: TicketTimeInForce;
  /** Exit legs: take-profit limit and/or stop-loss stop (with an optional limit). */
  readonly bracket: boolean;
  readonly takeProfit: string;
  readonly stopLoss: string;
  readonly stopLossLimit: string;
}

export type DraftField = Exclude<keyof TicketDraft, 'side' | 'type' | 'sizeBy' | 'trailBy' | 'bracket'>;

export const ORDER_TYPES: ReadonlyArray<{ readonly value: TicketOrderType; readonly label: string }> = [
  { value: 'market', label: 'Market' },
  { value: 'limit', label: 'Limit' },
  { value: 'stop', label: 'Stop' },
  { value: 'stop_limit', label: 'Stop limit' },
  { value: 'trailing_stop', label: 'Trailing stop' },
];

export const TIME_IN_FORCE: ReadonlyArray<{ readonly value: TicketTimeInForce; readonly label: string; readonly title: string }> = [
  { value: 'day', label: 'DAY', title: 'Until the end of the trading day' },
  { value: 'gtc', label: 'GTC', title: 'Good till canceled' },
  { value: 'ioc', label: 'IOC', title: 'Immediate or cancel: fill what can be filled now, cancel the rest' },
  { value: 'fok', label: 'FOK', title: 'Fill or kill: all at once or nothing' },
  { value: 'opg', label: 'OPG', title: 'Only in the opening auction' },
  { value: 'cls', label: 'CLS', title: 'Only in the closing auction' },
];

export function emptyDraft(symbol = ''): TicketDraft {
  return {
    symbol,
    side: 'buy',
    type: 'market',
    sizeBy: 'qty',
    qty: '',
    notional: '',
    limitPrice: '',
    stopPrice: '',
    trailBy: 'percent',
    trail: '',
    timeInForce: 'day',
    bracket: false,
    takeProfit: '',
    stopLoss: '',
    stopLossLimit: '',
  };
}

/** The price fields an order type shows. */
export function priceFieldsOf(type: TicketOrderType): { readonly limit: boolean; readonly stop: boolean; readonly trail: boolean } {
  return { limit: type === 'limit' || type === 'stop_limit', stop: type === 'stop' || type === 'stop_limit', trail: type === 'trailing_stop' };
}

/** Times in force the draft's order may take (Alpaca's rules, as the order manager checks them). */
export function allowedTimesInForce(draft: Pick<TicketDraft, 'type' | 'bracket' | 'sizeBy'>): TicketTimeInForce[] {
  if (draft.sizeBy === 'notional') return ['day'];
  if (draft.bracket || draft.type === 'trailing_stop') return ['day', 'gtc'];
  if (draft.type === 'stop' || draft.type === 'stop_limit') return ['day', 'gtc', 'ioc', 'fok'];
  return TIME_IN_FORCE.map((t) => t.value);
}

/** A dollar amount instead of a quantity: market orders, day, without exit legs. */
export function notionalAllowed(draft: Pick<TicketDraft, 'type' | 'bracket' | 'timeInForce'>): boolean {
  return draft.type === 'market' && draft.timeInForce === 'day' && !draft.bracket;
}

/** The draft with its choices made consistent after a change (a time in force or sizing the new type cannot take goes back to the default). */
export function normaliseDraft(draft: TicketDraft): TicketDraft {
  let next = draft;
  if (next.sizeBy === 'notional' && !(next.type === 'market' && !next.bracket)) next = { ...next, sizeBy: 'qty' };
  if (!allowedTimesInForce(next).includes(next.timeInForce)) next = { ...next, timeInForce: 'day' };
  return next;
}

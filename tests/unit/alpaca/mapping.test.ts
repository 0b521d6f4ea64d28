import { describe, expect, it } from 'vitest';
import { parseOrder, parseTradeUpdateData, tradeUpdateFromWire } from '../../../src/main/broker/alpaca/mapping';
import { AlpacaProtocolError } from '../../../src/main/broker/alpaca/errors';

/** The order of Alpaca's own documentation example (trimmed to the fields it shows). */
const wireOrder = {
  id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
  client_order_id: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4',
  created_at: '2021-03-16T18:38:01.942282Z',
  updated_at: '2021-03-16T18:38:01.942282Z',
  submitted_at: '2021-03-16T18:38:01.937734Z',
  filled_at: null,
  symbol: 'AAPL',
  asset_class: 'us_equity',
  notional: '500',
  qty: null,
  filled_qty: '0',
  filled_avg_price: null,
  order_class: '',
  order_type: 'market',
  type: 'market',
  side: 'buy',
  time_in_force: 'day',
  limit_price: null,
  stop_price: null,
  status: 'accepted',
  extended_hours: false,
  legs: null,
  trail_percent: null,
  trail_price: null,
  hwm: null,
  some_future_field: 'kept out, never fatal',
};

describe('wire mapping', () => {
  it('reads Alpaca\'s documented order into numbers and epoch ms', () => {
    expect(parseOrder(wireOrder)).toMatchObject({
      id: wireOrder.id,
      notional: 500,
      qty: null,
      filledQty: 0,
      filledAvgPrice: null,
      orderClass: 'simple',
      status: 'accepted',
      createdAt: Date.parse('2021-03-16T18:38:01.942Z'),
      filledAt: null,
      legs: [],
    });
  });

  it('reads a fill event with its execution', () => {
    const wire = parseTradeUpdateData({
      event: 'fill',
      execution_id: '2f63ea93-423d-4169-b3f6-3fdafc10c418',
      order: { ...wireOrder, status: 'filled', filled_qty: '1790.86', filled_avg_price: '105.8988475' },
      position_qty: '0',
      price: '105.8988475',
      qty: '1790.86',
      timestamp: '2022-04-19T17:45:05.024916716Z',
    });
    expect(tradeUpdateFromWire(wire, { seq: 7, connection: 2, receivedAt: 1 })).toMatchObject({
      seq: 7, connection: 2, event: 'fill', price: 105.8988475, qty: 1790.86, positionQty: 0, timestamp: Date.parse('2022-04-19T17:45:05.024Z'),
    });
  });

  it('says what is malformed and where', () => {
    expect(() => parseOrder({ ...wireOrder, filled_qty: 'lots' })).toThrow(AlpacaProtocolError);
    expect(() => parseOrder({ ...wireOrder, filled_qty: 'lots' })).toThrow(/malformed order at filled_qty/);
    expect(() => parseOrder({ ...wireOrder, created_at: 'the day before yesterday' })).toThrow('not a timestamp: "the day before yesterday"');
  });
});

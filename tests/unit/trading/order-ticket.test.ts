import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { InputError } from '../../../src/shared/errors';
import { OrderTicketSchema, ticketToRequest } from '../../../src/shared/trading/order-ticket';

const spy = equityInstrument('SPY');
const parse = (input: Record<string, unknown>) => OrderTicketSchema.parse({ symbol: 'spy', side: 'buy', type: 'market', ...input });

describe('order ticket', () => {
  it('a notional becomes whole shares at the last price (never rounded up), and says so', () => {
    expect(ticketToRequest(parse({ notional: 1000 }), 333, spy, 'ticket')).toEqual({
      request: { symbol: 'SPY', side: 'buy', qty: 3, type: 'market', timeInForce: 'day', extendedHours: false, orderClass: 'simple', tag: 'ticket' },
      notes: ['notional $1000 → 3 at 333'],
    });
    expect(ticketToRequest(parse({ notional: 1000, type: 'limit', limitPrice: 250 }), 333, spy, 'ticket').request.qty).toBe(4);
    expect(() => ticketToRequest(parse({ notional: 100 }), 333, spy, 'ticket')).toThrow(InputError);
    expect(() => ticketToRequest(parse({ notional: 100 }), Number.NaN, spy, 'ticket')).toThrow(/no last price for SPY/);
  });

  it('takes the class from the legs given: both → bracket, one → oto', () => {
    const both = ticketToRequest(parse({ qty: 5, takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90, limitPrice: 89.5 } }), 100, spy, 'ticket');
    expect(both.request).toMatchObject({ orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90, limitPrice: 89.5 } });
    expect(both.notes).toEqual(['order class bracket (from the legs given)']);
    expect(ticketToRequest(parse({ qty: 5, stopLoss: { stopPrice: 90 } }), 100, spy, 'ticket').request.orderClass).toBe('oto');
  });

  it('refuses both a quantity and a notional, unknown keys, and a bad client order id', () => {
    expect(OrderTicketSchema.safeParse({ symbol: 'SPY', side: 'buy', type: 'market', qty: 1, notional: 5 }).success).toBe(false);
    expect(OrderTicketSchema.safeParse({ symbol: 'SPY', side: 'buy', type: 'market' }).success).toBe(false);
    expect(OrderTicketSchema.safeParse({ symbol: 'SPY', side: 'buy', type: 'market', qty: 1, stop_loss: 3 }).success).toBe(false);
    expect(OrderTicketSchema.safeParse({ symbol: 'SPY', side: 'buy', type: 'market', qty: 1, clientOrderId: 'has space' }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { toDecimalString, toPatchOrderRequest, toPostOrderRequest, type AlpacaOrderRequest } from '../../../src/main/broker/alpaca/order-request';
import { InputError } from '../../../src/shared/errors';

const base: AlpacaOrderRequest = { clientOrderId: 'c-1', symbol: 'aapl', side: 'buy', type: 'limit', timeInForce: 'day', qty: 10, limitPrice: 101.5 };

describe('order requests', () => {
  it('writes decimals without float noise', () => {
    expect(toDecimalString(0.1 + 0.2, 'x')).toBe('0.3');
    expect(toDecimalString(100, 'x')).toBe('100');
    expect(toDecimalString(0.000000001, 'x')).toBe('0.000000001');
    expect(toDecimalString(-0, 'x')).toBe('0');
    expect(() => toDecimalString(Number.NaN, 'qty')).toThrow('qty must be a finite number, got NaN');
  });

  it('maps to the SDK request with strings and an upper-case symbol', () => {
    expect(toPostOrderRequest(base)).toMatchObject({ clientOrderId: 'c-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: '10', limitPrice: '101.5' });
    expect(toPostOrderRequest({ ...base, type: 'market', limitPrice: undefined, qty: undefined, notional: 250.25 })).toMatchObject({ notional: '250.25', qty: undefined });
    const bracket = toPostOrderRequest({ ...base, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95, limitPrice: 94.5 } });
    expect(bracket).toMatchObject({ orderClass: 'bracket', takeProfit: { limitPrice: '110' }, stopLoss: { stopPrice: '95', limitPrice: '94.5' } });
  });

  it.each<[string, Partial<AlpacaOrderRequest>, RegExp]>([
    ['no client order id', { clientOrderId: '' }, /clientOrderId is required/],
    ['a client order id too long', { clientOrderId: 'x'.repeat(129) }, /at most 128/],
    ['qty and notional', { notional: 5 }, /exactly one of qty and notional/],
    ['neither qty nor notional', { qty: undefined }, /exactly one of qty and notional/],
    ['notional on a limit order', { qty: undefined, notional: 5 }, /notional .* market order/],
    ['a limit order without a price', { limitPrice: undefined }, /needs limitPrice/],
    ['a stop order without a stop', { type: 'stop', limitPrice: undefined }, /needs stopPrice/],
    ['a trailing stop with both trails', { type: 'trailing_stop', limitPrice: undefined, trailPrice: 1, trailPercent: 1 }, /exactly one of trailPrice/],
    ['a zero quantity', { qty: 0 }, /qty must be greater than 0/],
    ['an unknown side', { side: 'short' as never }, /side must be one of buy, sell/],
    ['a bracket without legs', { orderClass: 'bracket' }, /needs both takeProfit and stopLoss/],
    ['a bracket with ioc', { orderClass: 'bracket', timeInForce: 'ioc', takeProfit: { limitPrice: 1 }, stopLoss: { stopPrice: 1 } }, /must be "day" or "gtc"/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => toPostOrderRequest({ ...base, ...change })).toThrow(InputError);
    expect(() => toPostOrderRequest({ ...base, ...change })).toThrow(message);
  });

  it('maps a replace and refuses an empty one', () => {
    expect(toPatchOrderRequest({ limitPrice: 102, qty: 5 })).toMatchObject({ limitPrice: '102', qty: '5' });
    expect(() => toPatchOrderRequest({})).toThrow(/at least one field/);
  });
});

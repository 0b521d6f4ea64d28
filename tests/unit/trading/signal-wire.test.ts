import { describe, expect, it } from 'vitest';
import { parseIsoTime, parseSignal, parseWireTimestamp, signalToWire } from '../../../src/shared/trading/signal-wire';

const valid = {
  symbol: 'AAPL',
  action: 'BUY',
  quantity: 10,
  price_target: 187.5,
  stop_loss: 183,
  take_profit: 195,
  confidence: 0.72,
  strategy_id: 'momo-1',
  timestamp: '2025-03-14T15:30:00Z',
  metadata: { note: 'breakout', bars: [1, 2] },
};

function problemsOf(raw: unknown): Array<{ key: string; message: string }> {
  const parsed = parseSignal(raw);
  if (parsed.ok) throw new Error(`expected a refusal, got ${JSON.stringify(parsed.signal)}`);
  return parsed.problems.map((p) => ({ key: p.key, message: p.message }));
}

/** The one problem of `raw`, which must name `field`. */
function onlyProblem(raw: unknown, field: string): string {
  const problems = problemsOf(raw);
  expect(problems.map((p) => p.key)).toEqual([field]);
  return problems[0]!.message;
}

describe('signal wire format', () => {
  it('maps every snake_case field to the engine Signal', () => {
    const parsed = parseSignal(valid);
    expect(parsed).toEqual({
      ok: true,
      signal: {
        symbol: 'AAPL',
        action: 'BUY',
        quantity: 10,
        priceTarget: 187.5,
        stopLoss: 183,
        takeProfit: 195,
        confidence: 0.72,
        strategyId: 'momo-1',
        timestamp: Date.UTC(2025, 2, 14, 15, 30, 0),
        metadata: { note: 'breakout', bars: [1, 2] },
      },
    });
  });

  it('takes only the required fields, and null for every optional one', () => {
    const minimal = { symbol: 'SPY', action: 'HOLD', confidence: 0, strategy_id: 's', timestamp: 1_700_000_000_000 };
    expect(parseSignal(minimal)).toEqual({ ok: true, signal: { symbol: 'SPY', action: 'HOLD', confidence: 0, strategyId: 's', timestamp: 1_700_000_000_000 } });
    const nulls = { ...minimal, quantity: null, price_target: null, stop_loss: null, take_profit: null, metadata: null };
    expect(parseSignal(nulls)).toEqual(parseSignal(minimal));
  });

  it('round-trips through signalToWire', () => {
    const parsed = parseSignal(valid);
    if (!parsed.ok) throw new Error('valid signal refused');
    expect(parseSignal(signalToWire(parsed.signal))).toEqual(parsed);
  });

  it('normalises the case of symbol and action', () => {
    const parsed = parseSignal({ ...valid, symbol: ' brk.b ', action: 'sell', price_target: undefined, stop_loss: 200, take_profit: 150 });
    expect(parsed.ok && parsed.signal.symbol).toBe('BRK.B');
    expect(parsed.ok && parsed.signal.action).toBe('SELL');
  });

  it('refuses a payload that is not an object', () => {
    for (const raw of [null, [], 'BUY AAPL', 42, true]) {
      const parsed = parseSignal(raw);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/^a signal must be a JSON object, got /);
    }
  });

  it('names symbol for each bad value', () => {
    expect(onlyProblem({ ...valid, symbol: undefined }, 'symbol')).toMatch(/^is required/);
    expect(onlyProblem({ ...valid, symbol: '' }, 'symbol')).toMatch(/^must be a ticker .* got ""$/);
    expect(onlyProblem({ ...valid, symbol: 'AA PL' }, 'symbol')).toContain('got "AA PL"');
    expect(onlyProblem({ ...valid, symbol: 'A'.repeat(25) }, 'symbol')).toContain('at most 24');
    expect(onlyProblem({ ...valid, symbol: 'AAPL\nX' }, 'symbol')).toContain('must be a ticker');
    expect(onlyProblem({ ...valid, symbol: 7 }, 'symbol')).toBe('must be text, got 7');
  });

  it('names action for each bad value', () => {
    expect(onlyProblem({ ...valid, action: 'BUYX' }, 'action')).toBe('must be one of "BUY", "SELL" or "HOLD", got "BUYX"');
    expect(onlyProblem({ ...valid, action: 1 }, 'action')).toContain('got 1');
    expect(onlyProblem({ ...valid, action: undefined }, 'action')).toMatch(/got nothing|is required/);
  });

  it('names quantity for each bad value', () => {
    expect(onlyProblem({ ...valid, quantity: 0 }, 'quantity')).toBe('must be > 0, got 0');
    expect(onlyProblem({ ...valid, quantity: -5 }, 'quantity')).toBe('must be > 0, got -5');
    expect(onlyProblem({ ...valid, quantity: '10' }, 'quantity')).toBe('must be a number > 0 and ≤ 1000000000, or null, got "10"');
    expect(onlyProblem({ ...valid, quantity: 2e9 }, 'quantity')).toBe('must be ≤ 1000000000, got 2000000000');
  });

  it.each(['price_target', 'stop_loss', 'take_profit'])('names %s for each bad value', (field) => {
    expect(onlyProblem({ ...valid, [field]: 0 }, field)).toBe('must be > 0, got 0');
    expect(onlyProblem({ ...valid, [field]: -1 }, field)).toBe('must be > 0, got -1');
    expect(onlyProblem({ ...valid, [field]: 'high' }, field)).toBe('must be a number > 0, or null, got "high"');
    expect(onlyProblem({ ...valid, [field]: {} }, field)).toBe('must be a number > 0, or null, got an object');
  });

  it('names confidence for each bad value', () => {
    expect(onlyProblem({ ...valid, confidence: 1.5 }, 'confidence')).toBe('must be ≤ 1, got 1.5');
    expect(onlyProblem({ ...valid, confidence: -0.1 }, 'confidence')).toBe('must be ≥ 0, got -0.1');
    expect(onlyProblem({ ...valid, confidence: '0.5' }, 'confidence')).toBe('must be a number from 0 to 1, got "0.5"');
    expect(onlyProblem({ ...valid, confidence: undefined }, 'confidence')).toBe('is required (a number from 0 to 1)');
    expect(onlyProblem({ ...valid, confidence: null }, 'confidence')).toBe('must be a number from 0 to 1, got null');
  });

  it('names strategy_id for each bad value', () => {
    expect(onlyProblem({ ...valid, strategy_id: '' }, 'strategy_id')).toContain('got ""');
    expect(onlyProblem({ ...valid, strategy_id: 'has space' }, 'strategy_id')).toContain('must be an id of 1 to 64 letters');
    expect(onlyProblem({ ...valid, strategy_id: 'x'.repeat(65) }, 'strategy_id')).toContain('must be an id');
    expect(onlyProblem({ ...valid, strategy_id: 12 }, 'strategy_id')).toBe('must be text, got 12');
  });

  it('names metadata when it is not an object', () => {
    expect(onlyProblem({ ...valid, metadata: [1] }, 'metadata')).toBe('must be an object, or null, got a list');
    expect(onlyProblem({ ...valid, metadata: 'note' }, 'metadata')).toBe('must be an object, or null, got "note"');
  });

  it('reads the timestamp as epoch ms or as ISO 8601 with a zone', () => {
    const at = Date.UTC(2025, 2, 14, 15, 30, 0);
    expect(parseWireTimestamp(at)).toBe(at);
    expect(parseWireTimestamp(at + 0.4)).toBe(at);
    expect(parseWireTimestamp('2025-03-14T15:30:00Z')).toBe(at);
    expect(parseWireTimestamp('2025-03-14T15:30Z')).toBe(at);
    expect(parseWireTimestamp('2025-03-14 15:30:00z')).toBe(at);
    expect(parseWireTimestamp('2025-03-14T16:30:00+01:00')).toBe(at);
    expect(parseWireTimestamp('2025-03-14T11:30:00-0400')).toBe(at);
    expect(parseWireTimestamp('2025-03-14T15:30:00.123456Z')).toBe(at + 123);
    expect(parseIsoTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('names timestamp for each bad value, with what to do', () => {
    expect(onlyProblem({ ...valid, timestamp: 1_741_966_200 }, 'timestamp')).toBe('looks like epoch seconds (1741966200); send milliseconds (1741966200000)');
    expect(onlyProblem({ ...valid, timestamp: '2025-03-14T15:30:00' }, 'timestamp')).toContain('has no zone');
    expect(onlyProblem({ ...valid, timestamp: '2025-02-29T15:30:00Z' }, 'timestamp')).toContain('is not a real date and time');
    expect(onlyProblem({ ...valid, timestamp: '2025-03-14T24:00:00Z' }, 'timestamp')).toContain('is not a real date and time');
    expect(onlyProblem({ ...valid, timestamp: '2025-03-14T15:30:00+25:00' }, 'timestamp')).toContain('impossible zone offset');
    expect(onlyProblem({ ...valid, timestamp: 'yesterday' }, 'timestamp')).toMatch(/^must be epoch milliseconds .* got "yesterday"$/);
    expect(onlyProblem({ ...valid, timestamp: '1741966200000' }, 'timestamp')).toContain('got "1741966200000"');
    expect(onlyProblem({ ...valid, timestamp: Date.UTC(2150, 0, 1) }, 'timestamp')).toContain('between 2000 and 2100');
    expect(onlyProblem({ ...valid, timestamp: -1 }, 'timestamp')).toContain('between 2000 and 2100');
    expect(onlyProblem({ ...valid, timestamp: undefined }, 'timestamp')).toMatch(/^is required/);
    expect(onlyProblem({ ...valid, timestamp: true }, 'timestamp')).toContain('got true');
  });

  it('refuses camelCase and misspelt keys, pointing at the snake_case one', () => {
    const { strategy_id: _, stop_loss: __, ...rest } = valid;
    const problems = problemsOf({ ...rest, strategyId: 'momo-1', stopLoss: 183 });
    expect(problems).toEqual(
      expect.arrayContaining([
        { key: 'strategy_id', message: 'is required (text)' },
        { key: 'strategyId', message: 'is not a known field (did you mean "strategy_id"?)' },
        { key: 'stopLoss', message: 'is not a known field (did you mean "stop_loss"?)' },
      ]),
    );
    expect(onlyProblem({ ...valid, stoploss: 1 }, 'stoploss')).toBe('is not a known field (did you mean "stop_loss"?)');
  });

  it('refuses protective prices on the wrong side of the entry', () => {
    expect(onlyProblem({ ...valid, stop_loss: 190 }, 'stop_loss')).toBe('must be below price_target (187.5) for a BUY, got 190');
    expect(onlyProblem({ ...valid, take_profit: 186 }, 'take_profit')).toBe('must be above price_target (187.5) for a BUY, got 186');
    const sell = { ...valid, action: 'SELL', stop_loss: 195, take_profit: 183 };
    expect(parseSignal(sell).ok).toBe(true);
    expect(onlyProblem({ ...sell, price_target: undefined, stop_loss: 180 }, 'stop_loss')).toBe('must be above take_profit (183) for a SELL, got 180');
    // A HOLD carries no order, so its prices are not checked against each other.
    expect(parseSignal({ ...valid, action: 'HOLD', stop_loss: 999 }).ok).toBe(true);
  });

  it('reports every problem of a payload at once, joined in the message', () => {
    const parsed = parseSignal({ symbol: '', action: 'BUY', confidence: 2, strategy_id: 'ok', timestamp: 'now' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.key)).toEqual(['symbol', 'confidence', 'timestamp']);
    expect(parsed.message).toMatch(/^symbol: .*; confidence: must be ≤ 1, got 2; timestamp: /);
  });
});

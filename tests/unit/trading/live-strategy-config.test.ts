import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import type { Signal } from '../../../src/shared/domain/signal';
import { DEFAULT_RISK_LIMITS } from '../../../src/shared/risk/risk-limits';
import { DEFAULT_SIZING, signalSizer, strategySizer, capToPositionPct } from '../../../src/shared/trading/signal-sizing';
import { checkStrategyIntents } from '../../../src/shared/trading/strategy-intents';
import { DEFAULT_STRATEGY_SETTINGS, DEFAULT_WARMUP_BARS, liveStrategies, paperFillModel, StrategySettingsSchema } from '../../../src/shared/trading/trading-config';
import { readTradingConfig } from '../../../src/shared/trading/trading-config-yaml';

function problems(text: string): string[] {
  const read = readTradingConfig(text);
  if (read.ok) throw new Error('expected the file to be refused');
  return read.problems.map((p) => p.text);
}

describe('trading.yaml: strategies the host runs', () => {
  it('reads a strategy entry, with the defaults of what is left out', () => {
    const text = ['strategies:', '  spy-trend:', '    strategy: sma-cross', '    symbols: [spy]', '    timeframe: 1Day', '    parameters: { fast: 5, slow: 20 }', '  sma-cross:', '    symbols: [QQQ]', '    timeframe: 1Min', '    enabled: false', '    warmupBars: 0', '  my-bot:', '    confidenceThreshold: 0.7', ''].join('\n');
    const read = readTradingConfig(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(liveStrategies(read.config.strategies)).toEqual([
      { id: 'spy-trend', strategy: 'sma-cross', symbols: ['SPY'], timeframe: '1Day', parameters: { fast: 5, slow: 20 }, warmupBars: DEFAULT_WARMUP_BARS, enabled: true },
      { id: 'sma-cross', strategy: 'sma-cross', symbols: ['QQQ'], timeframe: '1Min', parameters: {}, warmupBars: 0, enabled: false },
    ]);
    // An entry without symbols only sets what happens to signals sent under its id.
    expect(read.config.strategies['my-bot']).toEqual({ ...DEFAULT_STRATEGY_SETTINGS, confidenceThreshold: 0.7 });
  });

  it('names the line and key of each mistake', () => {
    const text = [
      'strategies:', //                       1
      '  spy-trend:', //                      2
      '    strategy: sma-crossover', //       3
      '    symbols: [SPY]', //                4
      '    timeframe: 1Day', //               5
      '  pair:', //                           6
      '    strategy: pairs', //               7
      '    symbols: [EWA]', //                8
      '    timeframe: daily', //              9
      '    parameters:', //                  10
      '      lookback: 2', //                11
      '      entryz: 2', //                  12
      '  trend:', //                         13
      '    symbols: [SPY]', //               14
      '  rsi:', //                           15
      '    strategy: rsi-reversion', //      16
      '    symbols: [SPY]', //               17
      '    sizing: half', //                 18
      '    timeframe: 1Hour', //             19
      '    parameters: { oversold: 60 }', // 20
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      'trading.yaml line 3, strategies.spy-trend.strategy: must be one of sma-cross, rsi-reversion, bollinger-breakout, buy-and-hold, pairs, regime-switch, got "sma-crossover"',
      'trading.yaml line 8, strategies.pair.symbols: must list 2 symbols for pairs, got 1',
      'trading.yaml line 9, strategies.pair.timeframe: must be a bar size such as 1Min, 5Min, 1Hour or 1Day, got "daily"',
      'trading.yaml line 11, strategies.pair.parameters.lookback: must be ≥ 3, got 2',
      'trading.yaml line 12, strategies.pair.parameters.entryz: is not a known parameter of pairs (did you mean "entry"?)',
      'trading.yaml line 13, strategies.trend.strategy: is required: "trend" is not a strategy name, so say which strategy to run (one of sma-cross, rsi-reversion, bollinger-breakout, buy-and-hold, pairs, regime-switch)',
      'trading.yaml line 18, strategies.rsi.sizing: must be all-in, percent:P, fixed:N or risk:P, got "half"',
      'trading.yaml line 20, strategies.rsi.parameters.exit: need oversold < exit < overbought',
    ]);
    expect(problems('strategies:\n  buy-and-hold:\n    symbols: [SPY, SPY]\n')).toEqual([
      'trading.yaml line 3, strategies.buy-and-hold.symbols: must list 1 symbol for buy-and-hold, got 2',
      'trading.yaml line 2, strategies.buy-and-hold.timeframe: is required (the bar size it trades: 1Min, 5Min, 1Hour, 1Day...)',
    ]);
    expect(problems('strategies:\n  x:\n    strategy: pairs\n    timeframe: 1Day\n')).toEqual(['trading.yaml line 2, strategies.x.symbols: is required (the 2 symbols pairs trades, A then B)']);
  });

  it('reads the sizing section, with its errors at their line', () => {
    const read = readTradingConfig('sizing:\n  riskPct: 0.5\n  kelly: { winRate: 0.55, payoff: 1.5, fraction: 0.5 }\n  regime:\n    weights: { bear: 0.25 }\n    zeroWhen: { crisis: 0.4, high_vol: 0.8 }\n');
    expect(read.ok && read.config.sizing).toEqual({ riskPct: 0.5, kelly: { winRate: 0.55, payoff: 1.5, fraction: 0.5 }, regime: { weights: { bear: 0.25 }, zeroWhen: { crisis: 0.4, high_vol: 0.8 } } });
    expect(problems('sizing:\n  riskPct: 0\n  regime:\n    weights: { bull: 2 }\n')).toEqual([
      'trading.yaml line 2, sizing.riskPct: must be > 0, got 0',
      'trading.yaml line 4, sizing.regime.weights.bull: must be ≤ 1, got 2',
    ]);
  });
});

describe('trading.yaml: the paper broker fills', () => {
  it('reads the fill model as a backtest takes it, and refuses one it cannot read', () => {
    const read = readTradingConfig('execution:\n  paper:\n    marketFill: next-open\n    commission: per-share:0.005,min:1\n    slippage: bps:2\n');
    expect(read.ok && paperFillModel(read.config.execution.paper)).toEqual({
      marketFill: 'next-open',
      commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: null },
      slippage: { kind: 'bps', bps: 2 },
    });
    expect(problems('execution:\n  paper:\n    commission: 5 dollars\n    marketFill: open\n')).toEqual([
      'trading.yaml line 4, execution.paper.marketFill: must be one of "close" or "next-open", got "open"',
    ]);
    expect(problems('execution:\n  paper:\n    commission: flat:5\n')[0]).toMatch(/^trading\.yaml line 3, execution\.paper\.commission: unknown kind "flat"/);
  });
});

describe('strategySizer: the one sizer of live signals (and of a backtest run under the live sizing)', () => {
  const instrument = equityInstrument('SPY');
  const input = { instrument, side: 'buy' as const, price: 200, equity: 100_000, cash: 100_000 };

  it('without a sizing of its own: fixed-fractional risk, regime-scaled, capped, as before', () => {
    const settings = StrategySettingsSchema.parse({ maxPositionPct: 5 });
    // 1% of 100,000 over a 2% stop at 200: 250 shares; the 10% limit allows 50, the strategy's 5% 25.
    expect(strategySizer(settings, DEFAULT_SIZING, DEFAULT_RISK_LIMITS).size(input)).toBe(25);
    const old = capToPositionPct(capToPositionPct(signalSizer(DEFAULT_SIZING, 2).size(input), 5, 100_000, 200, instrument), 10, 100_000, 200, instrument);
    expect(old).toBe(25);
    expect(strategySizer(StrategySettingsSchema.parse({}), DEFAULT_SIZING, { maxPositionPct: null, defaultStopPct: 2 }).size(input)).toBe(250);
  });

  it("with one (as a backtest writes it), then the regime, then the caps", () => {
    const own = StrategySettingsSchema.parse({ sizing: 'percent:30', maxPositionQty: 120 });
    const limits = { maxPositionPct: 100, defaultStopPct: 2 };
    expect(strategySizer(own, DEFAULT_SIZING, limits).size(input)).toBe(120);
    expect(strategySizer({ ...own, maxPositionQty: null }, DEFAULT_SIZING, limits).size(input)).toBe(150);
    const calm = { t: 0, p: [0.5, 0.5, 0, 0, 0, 0], label: 'bull' as const };
    const sizing = { ...DEFAULT_SIZING, regime: { weights: { bear: 0.2 }, zeroWhen: { crisis: 0.5 } } };
    // 150 × (0.5 × 1 + 0.5 × 0.2) = 90; a crisis above 0.5 sizes nothing.
    expect(strategySizer({ ...own, maxPositionQty: null }, sizing, limits).size({ ...input, regime: calm })).toBe(90);
    expect(strategySizer({ ...own, maxPositionQty: null }, sizing, limits).size({ ...input, regime: { t: 0, p: [0, 0, 0, 0, 0.4, 0.6], label: 'crisis' } })).toBe(0);
  });
});

describe('checkStrategyIntents: a live strategy decision is checked whole before any of it is sent', () => {
  const instrumentOf = (symbol: string) => equityInstrument(symbol);
  const sig = (fields: Partial<Signal> = {}): Signal => ({ symbol: 'SPY', action: 'BUY', confidence: 1, strategyId: 'sma-cross', timestamp: Date.UTC(1999, 10, 1), ...fields });

  it('puts signals under the configured id and keeps the bar time, whatever its year', () => {
    const checked = checkStrategyIntents([sig(), { symbol: 'SPY', side: 'sell', qty: 5, type: 'limit', limitPrice: 101 }], 'spy-trend', ['SPY'], instrumentOf);
    expect(checked).toEqual({
      ok: true,
      intents: [
        { kind: 'signal', signal: { symbol: 'SPY', action: 'BUY', confidence: 1, strategyId: 'spy-trend', timestamp: Date.UTC(1999, 10, 1) } },
        { kind: 'order', request: { symbol: 'SPY', side: 'sell', qty: 5, type: 'limit', limitPrice: 101 } },
      ],
    });
    expect(checkStrategyIntents(undefined, 'x', ['SPY'], instrumentOf)).toEqual({ ok: true, intents: [] });
  });

  it('refuses the whole decision for one bad intent, saying which and why', () => {
    expect(checkStrategyIntents([sig(), sig({ confidence: 1.5 })], 'x', ['SPY'], instrumentOf)).toEqual({ ok: false, problem: 'intent 2 of 2: confidence: must be ≤ 1, got 1.5' });
    expect(checkStrategyIntents(sig({ symbol: 'QQQ' }), 'x', ['SPY'], instrumentOf)).toEqual({ ok: false, problem: 'its intent is for "QQQ", which this strategy does not trade (SPY)' });
    expect(checkStrategyIntents(sig({ timestamp: Number.NaN }), 'x', ['SPY'], instrumentOf)).toEqual({ ok: false, problem: 'its intent: timestamp must be a time in epoch ms' });
    const badOrder = checkStrategyIntents({ symbol: 'SPY', side: 'buy', qty: 0, type: 'market' }, 'x', ['SPY'], instrumentOf);
    expect(badOrder.ok).toBe(false);
    expect(checkStrategyIntents([42 as never], 'x', ['SPY'], instrumentOf)).toEqual({ ok: false, problem: 'its intent is not a signal or an order' });
  });
});

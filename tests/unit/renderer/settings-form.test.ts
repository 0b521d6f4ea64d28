/**
 * The pure parts of the settings forms: which keys of trading.yaml a form's edits become, how
 * problems from main find their fields, and the curl example that must never carry the token.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRADING_CONFIG, TradingConfigSchema } from '../../../src/shared/trading/trading-config';
import { patchTradingConfig } from '../../../src/shared/trading/trading-config-yaml';
import { DEFAULT_TRADING_CONFIG_TEXT } from '../../../src/shared/trading/default-trading-config';
import { keyOf, patchOf } from '../../../src/renderer/panels/settings/form/config-paths';
import { numberRowsPatch, readNumberRows, readNumberText } from '../../../src/renderer/panels/settings/form/number-rows';
import { problemsFromDetails, problemsUnder } from '../../../src/renderer/panels/settings/form/save-outcome';
import { RISK_ROWS } from '../../../src/renderer/panels/settings/risk/risk-rows';
import { strategyRows } from '../../../src/renderer/panels/settings/strategies/strategy-rows';
import { curlExample } from '../../../src/renderer/panels/signals/curl-example';

const config = DEFAULT_TRADING_CONFIG;

describe('number rows', () => {
  it('read the configuration as typed text, with a rule that is off showing its default', () => {
    const off = TradingConfigSchema.parse({ risk: { orderRate: null, maxCorrelation: null } });
    const draft = readNumberRows(RISK_ROWS, off);
    expect(draft.on['risk.orderRate']).toBe(false);
    expect(draft.on['risk.maxPositionPct']).toBe(true);
    expect(draft.text['risk.orderRate.maxOrders']).toBe('30');
    expect(draft.text['risk.orderRate.windowMs']).toBe('60000');
    expect(draft.text['risk.maxCorrelation']).toBe('0.7');
  });

  it('unchanged rows make no patch', () => {
    expect(numberRowsPatch(RISK_ROWS, readNumberRows(RISK_ROWS, config), config)).toEqual({ entries: [], problems: {} });
  });

  it('a changed number, a rule turned off and a rule of two numbers turned on become exactly those keys', () => {
    const off = TradingConfigSchema.parse({ risk: { orderRate: null } });
    const draft = readNumberRows(RISK_ROWS, off);
    const edited = {
      on: { ...draft.on, 'risk.maxDailyLossPct': false, 'risk.orderRate': true },
      text: { ...draft.text, 'risk.maxPositionPct': ' 8 ', 'risk.orderRate.maxOrders': '12' },
    };
    const { entries, problems } = numberRowsPatch(RISK_ROWS, edited, off);
    expect(problems).toEqual({});
    expect(patchOf(entries)).toEqual({ risk: { maxPositionPct: 8, maxDailyLossPct: null, orderRate: { maxOrders: 12, windowMs: 60000 } } });
    // Main accepts the patch as is.
    const patched = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, patchOf(entries));
    expect(patched.ok && patched.config.risk).toMatchObject({ maxPositionPct: 8, maxDailyLossPct: null, orderRate: { maxOrders: 12, windowMs: 60000 } });
  });

  it('text that is not a number is a problem of its key, and a rule turned off is not read at all', () => {
    const draft = readNumberRows(RISK_ROWS, config);
    const edited = { on: { ...draft.on, 'risk.fatFingerPct': false }, text: { ...draft.text, 'risk.maxPositionPct': 'ten', 'risk.defaultStopPct': '', 'risk.fatFingerPct': 'x' } };
    const { entries, problems } = numberRowsPatch(RISK_ROWS, edited, config);
    expect(problems).toEqual({ 'risk.maxPositionPct': ['"ten" is not a number'], 'risk.defaultStopPct': ['enter a number'] });
    expect(patchOf(entries)).toEqual({ risk: { fatFingerPct: null } });
    expect(readNumberText('1e3')).toBe(1000);
    expect(readNumberText('-0.5')).toBe(-0.5);
    expect(readNumberText('Infinity')).toBe('"Infinity" is not a number');
  });

  it('strategy rows use the key main names in its problems, ids with dots included', () => {
    const rows = strategyRows('desk.alpha');
    expect(keyOf(rows[0]!.offPath)).toBe('strategies["desk.alpha"].confidenceThreshold');
    expect(keyOf(strategyRows('sma-cross')[1]!.offPath)).toBe('strategies.sma-cross.maxPositionPct');
    const withStrategy = TradingConfigSchema.parse({ strategies: { 'desk.alpha': {} } });
    const draft = readNumberRows(rows, withStrategy);
    const { entries } = numberRowsPatch(rows, { on: { ...draft.on, 'strategies["desk.alpha"].maxPositionQty': true }, text: { ...draft.text, 'strategies["desk.alpha"].maxPositionQty': '50' } }, withStrategy);
    expect(patchOf(entries)).toEqual({ strategies: { 'desk.alpha': { maxPositionQty: 50 } } });
  });
});

describe('problems', () => {
  it('come back from main by key and find the field they belong to', () => {
    const problems = problemsFromDetails({
      problems: [
        { line: null, key: 'risk.orderRate.maxOrders', message: 'must be an integer', text: '…' },
        { line: null, key: 'risk.maxPositionPct', message: 'must be > 0, got -5', text: '…' },
        { line: null, key: '', message: 'has errors', text: '…' },
        { nonsense: true },
      ],
    });
    expect(problems).toEqual({ 'risk.orderRate.maxOrders': ['must be an integer'], 'risk.maxPositionPct': ['must be > 0, got -5'], '': ['has errors'] });
    expect(problemsUnder(problems, 'risk.orderRate')).toEqual(['must be an integer']);
    expect(problemsUnder(problems, 'risk.maxPositionPct')).toEqual(['must be > 0, got -5']);
    expect(problemsUnder(problems, 'risk.maxPosition')).toEqual([]);
    expect(problemsFromDetails(undefined)).toEqual({});
  });
});

describe('curl example', () => {
  it('reads the token from its file at run time instead of holding it', () => {
    const text = curlExample(
      { state: 'listening', enabled: true, port: 9123, url: 'http://127.0.0.1:9123/v1/signals', streamUrl: 'ws://127.0.0.1:9123/v1/signals/stream', error: null, tokenFile: "/home/o'neil/Sextant/signal-endpoint.token", tokenLast4: 'abcd' },
      Date.UTC(2025, 2, 14, 15, 30),
    );
    expect(text).toBe(
      [
        'curl -sS -X POST http://127.0.0.1:9123/v1/signals \\',
        `  -H "Authorization: Bearer $(cat '/home/o'\\''neil/Sextant/signal-endpoint.token')" \\`,
        '  -H "Content-Type: application/json" \\',
        `  -d '{"symbol":"SPY","action":"BUY","quantity":1,"confidence":0.7,"strategy_id":"my-script","timestamp":"2025-03-14T15:30:00Z"}'`,
      ].join('\n'),
    );
  });
});

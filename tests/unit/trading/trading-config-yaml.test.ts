import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { diffConfig } from '../../../src/shared/trading/config-diff';
import { DEFAULT_TRADING_CONFIG_TEXT } from '../../../src/shared/trading/default-trading-config';
import { DEFAULT_STRATEGY_SETTINGS, DEFAULT_TRADING_CONFIG, strategySettings } from '../../../src/shared/trading/trading-config';
import { patchTradingConfig, readTradingConfig } from '../../../src/shared/trading/trading-config-yaml';
import { DEFAULT_RISK_LIMITS } from '../../../src/shared/risk/risk-limits';

function problemTexts(text: string): string[] {
  const read = readTradingConfig(text);
  if (read.ok) throw new Error('expected the file to be refused');
  return read.problems.map((p) => p.text);
}

/** The default file with one line replaced; `line` is 1-based. */
function withLine(line: number, replacement: string): string {
  const lines = DEFAULT_TRADING_CONFIG_TEXT.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

function lineOf(fragment: string, text = DEFAULT_TRADING_CONFIG_TEXT): number {
  const index = text.split('\n').findIndex((l) => l.includes(fragment));
  if (index < 0) throw new Error(`"${fragment}" is not in the text`);
  return index + 1;
}

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? [prefix] : entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

describe('trading.yaml: the default file', () => {
  it('parses to exactly the schema defaults, with the engine risk limits', () => {
    const read = readTradingConfig(DEFAULT_TRADING_CONFIG_TEXT);
    expect(read).toEqual({ ok: true, config: DEFAULT_TRADING_CONFIG });
    expect(DEFAULT_TRADING_CONFIG.risk).toEqual(DEFAULT_RISK_LIMITS);
    expect(DEFAULT_TRADING_CONFIG.execution).toEqual({
      mode: 'paper',
      broker: 'paper',
      signalEndpoint: { enabled: false, port: 8765, maxPerSecond: 5, burst: 10 },
      paper: { marketFill: 'close', commission: 'none', slippage: 'none' },
    });
  });

  it('spells out every key it has a default for', () => {
    const doc = parseDocument(DEFAULT_TRADING_CONFIG_TEXT);
    const missing = leafPaths(DEFAULT_TRADING_CONFIG).filter((path) => !doc.hasIn(path));
    expect(missing).toEqual([]);
  });

  it('gives the defaults to keys left out and to empty sections', () => {
    const read = readTradingConfig('risk:\n  maxPositionPct: 8\nexecution:\nstrategies:\n  quiet:\n');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.config.risk).toEqual({ ...DEFAULT_RISK_LIMITS, maxPositionPct: 8 });
    expect(read.config.execution).toEqual(DEFAULT_TRADING_CONFIG.execution);
    expect(read.config.strategies).toEqual({ quiet: DEFAULT_STRATEGY_SETTINGS });
    expect(strategySettings(read.config, 'quiet')).toEqual({ enabled: true, confidenceThreshold: 0, maxPositionPct: null, maxPositionQty: null, parameters: {} });
    expect(strategySettings(read.config, 'unlisted')).toBe(DEFAULT_STRATEGY_SETTINGS);
  });

  it('reads null as "rule off" in the risk section', () => {
    const read = readTradingConfig(withLine(lineOf('maxCorrelation: 0.7'), '  maxCorrelation: null'));
    expect(read.ok && read.config.risk.maxCorrelation).toBeNull();
  });
});

describe('trading.yaml: every error names the line and the key', () => {
  it('a word where a number belongs (the example of the brief)', () => {
    const line = lineOf('maxPositionPct: 10');
    expect(problemTexts(withLine(line, '  maxPositionPct: ten'))).toEqual([
      `trading.yaml line ${line}, risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"`,
    ]);
  });

  it('a number out of range', () => {
    const line = lineOf('fatFingerPct: 5');
    expect(problemTexts(withLine(line, '  fatFingerPct: 5000'))).toEqual([`trading.yaml line ${line}, risk.fatFingerPct: must be ≤ 1000, got 5000`]);
    expect(problemTexts(withLine(line, '  fatFingerPct: 0'))).toEqual([`trading.yaml line ${line}, risk.fatFingerPct: must be > 0, got 0`]);
    const port = lineOf('port: 8765');
    expect(problemTexts(withLine(port, '    port: 80'))).toEqual([`trading.yaml line ${port}, execution.signalEndpoint.port: must be ≥ 1024, got 80`]);
  });

  it('a fraction where a whole number belongs, inside a nested section', () => {
    const line = lineOf('maxOrders: 30');
    expect(problemTexts(withLine(line, '    maxOrders: 2.5'))).toEqual([`trading.yaml line ${line}, risk.orderRate.maxOrders: must be a whole number > 0, got 2.5`]);
  });

  it('a value outside a list of choices', () => {
    const line = lineOf('broker: paper');
    expect(problemTexts(withLine(line, '  broker: ibkr'))).toEqual([`trading.yaml line ${line}, execution.broker: must be one of "paper" or "alpaca", got "ibkr"`]);
    const mode = lineOf('mode: paper');
    expect(problemTexts(withLine(mode, '  mode: LIVE'))).toEqual([`trading.yaml line ${mode}, execution.mode: must be one of "paper" or "live", got "LIVE"`]);
  });

  it('a yes/no word where true or false belongs', () => {
    const line = lineOf('enabled: false');
    expect(problemTexts(withLine(line, '    enabled: yes'))).toEqual([`trading.yaml line ${line}, execution.signalEndpoint.enabled: must be true or false, got "yes"`]);
  });

  it('a misspelt key, with the key it meant', () => {
    const line = lineOf('maxCorrelation: 0.7');
    expect(problemTexts(withLine(line, '  maxCorelation: 0.7'))).toEqual([
      `trading.yaml line ${line}, risk.maxCorelation: is not a known setting (did you mean "maxCorrelation"?)`,
    ]);
    expect(problemTexts('risk:\n  max_daily_loss_pct: 2\n')).toEqual(['trading.yaml line 2, risk.max_daily_loss_pct: is not a known setting (did you mean "maxDailyLossPct"?)']);
    expect(problemTexts('version: 1\nbrokers: {}\n')).toEqual(['trading.yaml line 2, brokers: is not a known setting (known: version, execution, risk, sizing, strategies)']);
  });

  it('a missing part of a section, at the line of the section', () => {
    const text = 'risk:\n  orderRate:\n    maxOrders: 5\n';
    expect(problemTexts(text)).toEqual(['trading.yaml line 2, risk.orderRate.windowMs: is required (a whole number > 0)']);
  });

  it('strategy settings, by strategy id', () => {
    const text = ['strategies:', '  sma-cross:', '    enabled: true', '    confidenceThreshold: 1.2', '  "bad id!":', '    enabled: false', '  other:', '    parameters: 3'].join('\n');
    expect(problemTexts(text)).toEqual([
      'trading.yaml line 4, strategies.sma-cross.confidenceThreshold: must be ≤ 1, got 1.2',
      'trading.yaml line 5, strategies["bad id!"]: is not a valid key: must be an id of 1 to 64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit',
      'trading.yaml line 8, strategies.other.parameters: must be an object, got 3',
    ]);
  });

  it('a section that is not a map', () => {
    expect(problemTexts('risk: 10\n')).toEqual(['trading.yaml line 1, risk: must be an object, got 10']);
    expect(problemTexts('version: 2\n')).toEqual(['trading.yaml line 1, version: must be 1, got 2']);
  });

  it('YAML syntax errors, at their line', () => {
    expect(problemTexts('risk:\n  maxPositionPct: 5\nrisk:\n  fatFingerPct: 3\n')).toEqual(['trading.yaml line 3: Map keys must be unique (YAML syntax)']);
    const [unclosed] = problemTexts('execution:\n  mode: paper\nrisk: [1,\n');
    expect(unclosed).toMatch(/^trading\.yaml line [34]: .*\(YAML syntax\)$/);
    expect(problemTexts('risk:\n\tmaxPositionPct: 5\n')[0]).toMatch(/^trading\.yaml line 2: .*(YAML syntax)/);
  });

  it('an empty file or one that is not a map of sections', () => {
    expect(problemTexts('')[0]).toMatch(/^trading\.yaml line 1: the file is empty/);
    expect(problemTexts('# only a comment\n')[0]).toMatch(/the file is empty/);
    expect(problemTexts('- risk\n- strategies\n')).toEqual(['trading.yaml line 1: the file must be a map of sections (execution:, risk:, strategies:)']);
  });

  it('every problem of a file at once', () => {
    const text = DEFAULT_TRADING_CONFIG_TEXT.replace('maxPositionPct: 10', 'maxPositionPct: -3').replace('burst: 10', 'burst: many');
    expect(problemTexts(text)).toEqual([
      `trading.yaml line ${lineOf('burst: 10')}, execution.signalEndpoint.burst: must be a whole number from 1 to 1000, got "many"`,
      `trading.yaml line ${lineOf('maxPositionPct: 10')}, risk.maxPositionPct: must be > 0, got -3`,
    ]);
  });
});

describe('trading.yaml: changes written back', () => {
  it('changes only the lines of the keys set, keeping every comment', () => {
    const result = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, { risk: { maxPositionPct: 8, maxCorrelation: null }, execution: { signalEndpoint: { enabled: true } } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const before = DEFAULT_TRADING_CONFIG_TEXT.split('\n');
    const after = result.text.split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([
      ['    enabled: false', '    enabled: true'],
      ['  maxPositionPct: 10', '  maxPositionPct: 8'],
      ['  maxCorrelation: 0.7', '  maxCorrelation: null'],
    ]);
    expect(result.config.risk.maxPositionPct).toBe(8);
    expect(result.config.risk.maxCorrelation).toBeNull();
    expect(result.config.execution.signalEndpoint.enabled).toBe(true);
  });

  it('keeps a comment at the end of a changed line', () => {
    const text = 'risk:\n  maxPositionPct: 10 # my cap\n  # why the stop\n  defaultStopPct: 2\n';
    const result = patchTradingConfig(text, { risk: { maxPositionPct: 12 } });
    expect(result.ok && result.text).toBe('risk:\n  maxPositionPct: 12 # my cap\n  # why the stop\n  defaultStopPct: 2\n');
  });

  it('adds a strategy as a block under strategies:, then removes it', () => {
    const added = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, { strategies: { 'sma-cross': { confidenceThreshold: 0.6, parameters: { fast: 10, slow: 30 } } } });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.text.endsWith('strategies:\n  sma-cross:\n    confidenceThreshold: 0.6\n    parameters:\n      fast: 10\n      slow: 30\n')).toBe(true);
    expect(added.text.startsWith(DEFAULT_TRADING_CONFIG_TEXT.slice(0, DEFAULT_TRADING_CONFIG_TEXT.indexOf('strategies: {}')))).toBe(true);
    expect(added.config.strategies['sma-cross']).toEqual({ ...DEFAULT_STRATEGY_SETTINGS, confidenceThreshold: 0.6, parameters: { fast: 10, slow: 30 } });

    const replaced = patchTradingConfig(added.text, { strategies: { 'sma-cross': { parameters: { fast: 5 } } } });
    expect(replaced.ok && replaced.config.strategies['sma-cross']!.parameters).toEqual({ fast: 5 });

    const removed = patchTradingConfig(added.text, { strategies: { 'sma-cross': null } });
    expect(removed.ok && removed.config.strategies).toEqual({});
    expect(removed.ok && removed.text).toBe(DEFAULT_TRADING_CONFIG_TEXT);
  });

  it('creates an empty strategy section from {}', () => {
    const result = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, { strategies: { quiet: {} } });
    expect(result.ok && result.config.strategies).toEqual({ quiet: DEFAULT_STRATEGY_SETTINGS });
  });

  it('turns a rule that was off back on with all its parts, and refuses it with one missing', () => {
    const off = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, { risk: { orderRate: null } });
    if (!off.ok) throw new Error('refused');
    expect(off.config.risk.orderRate).toBeNull();
    const on = patchTradingConfig(off.text, { risk: { orderRate: { maxOrders: 5, windowMs: 1000 } } });
    expect(on.ok && on.config.risk.orderRate).toEqual({ maxOrders: 5, windowMs: 1000 });
    const partial = patchTradingConfig(off.text, { risk: { orderRate: { maxOrders: 5 } } });
    expect(partial.ok).toBe(false);
    expect(!partial.ok && partial.problems.map((p) => p.text)).toEqual(['trading.yaml, risk.orderRate.windowMs: is required (a whole number > 0)']);
  });

  it('validates before anything is written, naming the keys', () => {
    const result = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, { risk: { maxPositionPct: 'ten', bogus: 1 }, execution: { mode: 'yolo' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.text)).toEqual([
      'trading.yaml, execution.mode: must be one of "paper" or "live", got "yolo"',
      'trading.yaml, risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"',
      'trading.yaml, risk.bogus: is not a known setting (known: maxPositionPct, fatFingerPct, orderRate, maxDailyLossPct, maxPortfolioRiskPct, maxCorrelation, defaultStopPct, maxPriceAgeSec)',
    ]);
    expect(result.problems.every((p) => p.line === null)).toBe(true);
  });

  it('refuses to change a file that has errors until they are fixed', () => {
    const broken = withLine(lineOf('maxPositionPct: 10'), '  maxPositionPct: ten');
    const result = patchTradingConfig(broken, { risk: { fatFingerPct: 4 } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.text)).toEqual([
      'trading.yaml: has errors; fix them in the file before changing it from here',
      `trading.yaml line ${lineOf('maxPositionPct: 10')}, risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"`,
    ]);
  });
});

describe('diffConfig', () => {
  it('lists each changed leaf with its before and after, new and removed keys included', () => {
    const before = { risk: { maxPositionPct: 10, orderRate: { maxOrders: 30, windowMs: 60000 } }, strategies: { a: { enabled: true, parameters: { xs: [1, 2] } } } };
    const after = { risk: { maxPositionPct: 8, orderRate: null }, strategies: { a: { enabled: true, parameters: { xs: [1, 3] } }, b: { enabled: false } } };
    expect(diffConfig(before, after)).toEqual([
      { path: 'risk.maxPositionPct', before: 10, after: 8 },
      { path: 'risk.orderRate', before: { maxOrders: 30, windowMs: 60000 }, after: null },
      { path: 'strategies.a.parameters.xs', before: [1, 2], after: [1, 3] },
      { path: 'strategies.b.enabled', before: undefined, after: false },
    ]);
    expect(diffConfig(after, after)).toEqual([]);
    expect(diffConfig({ strategies: { 'my id': { enabled: true } } }, { strategies: {} })).toEqual([{ path: 'strategies["my id"].enabled', before: true, after: undefined }]);
  });
});

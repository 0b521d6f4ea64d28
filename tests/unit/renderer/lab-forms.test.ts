/** The strategy lab's forms: parameters from a strategy's schema, and the run's settings as engine specs. */
import { describe, expect, it } from 'vitest';
import {
  boundsText, defaultDraft, draftFromValues, parseParamDraft, parseParamText, type ParamField,
} from '../../../src/renderer/panels/lab/params/param-form';
import { schemaProblems } from '../../../src/renderer/panels/lab/params/schema-check';
import { DEFAULT_RUN_SETTINGS, parseRunSettings } from '../../../src/renderer/panels/lab/run-form/run-settings';
import { describeParams, strategyDefinition } from '../../../src/shared/strategies/registry';

const smaFields: ParamField[] = describeParams(strategyDefinition('sma-cross'));
const rsiFields: ParamField[] = describeParams(strategyDefinition('rsi-reversion'));

describe('parameter form', () => {
  it('starts at the schema defaults', () => {
    expect(defaultDraft(smaFields)).toEqual({ fast: '10', slow: '30' });
    expect(defaultDraft(rsiFields)).toMatchObject({ period: '14', short: false });
    expect(parseParamDraft(smaFields, defaultDraft(smaFields))).toEqual({ values: { fast: 10, slow: 30 }, problems: {} });
  });

  it('parses typed numbers and says what is wrong with bad ones', () => {
    const fast = smaFields.find((f) => f.name === 'fast')!;
    expect(parseParamText(fast, ' 12 ')).toEqual({ value: 12 });
    expect(parseParamText(fast, '12.5')).toEqual({ problem: 'a whole number' });
    expect(parseParamText(fast, 'abc')).toEqual({ problem: '"abc" is not a whole number' });
    expect(parseParamText(fast, '')).toEqual({ problem: 'enter a value (default 10)' });
    expect(parseParamText(fast, '0')).toEqual({ problem: 'at least 1' });
    expect(parseParamText(fast, '20000')).toEqual({ problem: 'at most 10000' });
    const oversold = rsiFields.find((f) => f.name === 'oversold')!;
    expect(parseParamText(oversold, '27.5')).toEqual({ value: 27.5 });
    expect(parseParamText(oversold, '27,5')).toEqual({ problem: 'write the decimal with a point: 27.5' });
    expect(parseParamText(oversold, '1e1')).toEqual({ value: 10 });
  });

  it('collects a problem per field and keeps the good values', () => {
    const parsed = parseParamDraft(rsiFields, { ...defaultDraft(rsiFields), period: 'x', short: true });
    expect(parsed.problems).toEqual({ period: '"x" is not a whole number' });
    expect(parsed.values).toMatchObject({ oversold: 30, short: true });
  });

  it('fills a draft from a stored run, defaults for what it lacks', () => {
    expect(draftFromValues(smaFields, { fast: 5 })).toEqual({ fast: '5', slow: '30' });
    expect(draftFromValues(rsiFields, { short: true })).toMatchObject({ short: true, period: '14' });
  });

  it('checks rules across fields with the strategy schema, at the field the schema names', () => {
    expect(schemaProblems('sma-cross', { fast: 30, slow: 10 })).toEqual({ fast: 'fast must be shorter than slow' });
    expect(schemaProblems('sma-cross', { fast: 5, slow: 10 })).toEqual({});
    expect(schemaProblems('rsi-reversion', { period: 14, oversold: 60, overbought: 70, exit: 50, short: false })).toEqual({ exit: 'need oversold < exit < overbought' });
    expect(schemaProblems('no-such-strategy', { a: 1 })).toEqual({});
  });

  it('shows a field\'s bounds', () => {
    expect(boundsText(smaFields[0]!)).toBe('1 – 10,000');
    expect(boundsText({ name: 'k', type: 'number', default: 2, min: null, max: 10, description: '' })).toBe('≤ 10');
    expect(boundsText({ name: 'k', type: 'number', default: 2, min: null, max: null, description: '' })).toBe('');
  });
});

describe('run settings', () => {
  it('default to the strategy\'s sizing, no costs, next-open fills', () => {
    expect(parseRunSettings(DEFAULT_RUN_SETTINGS)).toEqual({
      settings: { initialCash: 100_000, commission: 'none', slippage: 'none', fill: 'next-open' },
      problems: {},
    });
  });

  it('become the engine\'s specs', () => {
    const { settings } = parseRunSettings({
      ...DEFAULT_RUN_SETTINGS,
      cash: '25,000',
      sizing: 'fixed',
      sizingValue: '100',
      commission: 'per-share',
      commissionValue: '0.005',
      commissionMin: '1',
      slippage: 'bps',
      slippageValue: '2.5',
      fill: 'close',
    });
    expect(settings).toEqual({ initialCash: 25_000, sizing: 'fixed:100', commission: 'per-share:0.005,min:1', slippage: 'bps:2.5', fill: 'close' });
    expect(parseRunSettings({ ...DEFAULT_RUN_SETTINGS, sizing: 'all-in', commission: 'per-order', commissionValue: '1', commissionMin: '5' }).settings).toMatchObject({
      sizing: 'all-in',
      commission: 'per-order:1',
    });
  });

  it('refuse bad input at its field, with the engine\'s reason where it has one', () => {
    const { settings, problems } = parseRunSettings({
      ...DEFAULT_RUN_SETTINGS,
      cash: '-5',
      sizing: 'percent',
      sizingValue: '150',
      commission: 'bps',
      commissionValue: 'five',
      slippage: 'ticks',
      slippageValue: '',
    });
    expect(settings).toBeNull();
    expect(problems.cash).toMatch(/positive amount/);
    expect(problems.sizing).toBe('sizing "percent:150": percent of equity must be at most 100');
    expect(problems.commission).toMatch(/bps of value as a number/);
    expect(problems.slippage).toMatch(/ticks as a number/);
  });
});

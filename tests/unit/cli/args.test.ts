import { describe, expect, it } from 'vitest';
import { CliUsageError, parseArgs } from '../../../src/main/cli/args';

const specs = {
  json: { type: 'boolean' as const },
  port: { type: 'number' as const },
  param: { type: 'string' as const, multiple: true },
  symbol: { type: 'string' as const },
};

describe('CLI argument parser', () => {
  it('reads flags, values, repeated options and positionals', () => {
    const parsed = parseArgs(['file.csv', '--symbol', 'SPY', '--param', 'fast=10', '--param=slow=30', '--json', '--port=80'], specs);
    expect(parsed.positionals).toEqual(['file.csv']);
    expect(parsed.options).toEqual({ symbol: 'SPY', param: ['fast=10', 'slow=30'], json: true, port: 80 });
  });

  it('refuses unknown options, missing values, non-numbers and repeats of single options', () => {
    expect(() => parseArgs(['--symbl', 'SPY'], specs)).toThrow(CliUsageError);
    expect(() => parseArgs(['--symbol'], specs)).toThrow(/needs a value/);
    expect(() => parseArgs(['--port', 'eighty'], specs)).toThrow(/number/);
    expect(() => parseArgs(['--symbol', 'A', '--symbol', 'B'], specs)).toThrow(/twice/);
    expect(() => parseArgs(['--json=yes'], specs)).toThrow(/no value/);
  });

  it('treats everything after -- as positionals', () => {
    expect(parseArgs(['--', '--json'], specs).positionals).toEqual(['--json']);
  });
});

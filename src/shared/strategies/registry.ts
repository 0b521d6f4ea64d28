import { z } from 'zod';
import { InputError } from '../errors';
import type { Strategy } from '../engine/strategy';
import { BollingerBreakout, BollingerBreakoutParams } from './bollinger-breakout';
import { BuyAndHold, BuyAndHoldParams } from './buy-and-hold';
import { Pairs, PairsParams } from './pairs';
import { RegimeSwitch, RegimeSwitchParams } from './regime-switch';
import { RsiReversion, RsiReversionParams } from './rsi-reversion';
import { SmaCross, SmaCrossParams } from './sma-cross';

/**
 * A strategy by name, with its typed parameters (a zod object with defaults, the one source for the
 * CLI, the optimiser's grids and the strategy lab's form) and how many symbols it trades.
 */
export interface StrategyDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  readonly params: z.ZodType<P>;
  /** Symbols it trades (the pairs strategy needs two: A then B). */
  readonly symbols: number;
  /** Sizing when the run gives none. */
  readonly defaultSizing: string;
  /** Reads the regime bank's probabilities: a backtest should give it the regime per bar. */
  readonly usesRegime?: boolean;
  create(params: P, symbols: readonly string[]): Strategy;
}

function define<P extends Record<string, unknown>>(definition: StrategyDefinition<P>): StrategyDefinition {
  return definition as unknown as StrategyDefinition;
}

export const STRATEGIES: readonly StrategyDefinition[] = [
  define({
    name: 'sma-cross',
    summary: 'long when the fast SMA crosses above the slow one, flat when it crosses below',
    params: SmaCrossParams,
    symbols: 1,
    defaultSizing: 'all-in',
    create: (p, s) => new SmaCross(p, s),
  }),
  define({
    name: 'rsi-reversion',
    summary: 'buy an oversold RSI, close when it recovers (optionally short an overbought one)',
    params: RsiReversionParams,
    symbols: 1,
    defaultSizing: 'all-in',
    create: (p, s) => new RsiReversion(p, s),
  }),
  define({
    name: 'bollinger-breakout',
    summary: 'buy a close above the upper Bollinger band, close below the middle band',
    params: BollingerBreakoutParams,
    symbols: 1,
    defaultSizing: 'all-in',
    create: (p, s) => new BollingerBreakout(p, s),
  }),
  define({
    name: 'buy-and-hold',
    summary: 'buy on the first bar and hold',
    params: BuyAndHoldParams,
    symbols: 1,
    defaultSizing: 'all-in',
    create: (p, s) => new BuyAndHold(p, s),
  }),
  define({
    name: 'pairs',
    summary: 'trade the z-score of the OLS-hedged spread of two symbols (A then B)',
    params: PairsParams,
    symbols: 2,
    defaultSizing: 'percent:50',
    create: (p, s) => new Pairs(p, s),
  }),
  define({
    name: 'regime-switch',
    summary: 'trend following while the bull regime is likely, flat in a crisis',
    params: RegimeSwitchParams,
    symbols: 1,
    defaultSizing: 'all-in',
    usesRegime: true,
    create: (p, s) => new RegimeSwitch(p, s),
  }),
];

export function strategyNames(): string[] {
  return STRATEGIES.map((s) => s.name);
}

export function strategyDefinition(name: string): StrategyDefinition {
  const found = STRATEGIES.find((s) => s.name === name);
  if (!found) throw new InputError(`unknown strategy "${name}"; choose one of ${strategyNames().join(', ')}`);
  return found;
}

/** `"10"` → 10, `"true"` → true, anything else stays text (the schema then says what is wrong). */
export function coerceParamText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

/** Validates parameters (defaults filled in); errors name the parameter and the strategy. */
export function parseStrategyParams(definition: StrategyDefinition, raw: Record<string, unknown>): Record<string, unknown> {
  const result = definition.params.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.join(', ')}`;
    return key ? `${key}: ${issue.message}` : issue.message;
  });
  throw new InputError(`strategy ${definition.name}: ${problems.join('; ')}`);
}

/** Builds a strategy by name with validated parameters (`lookup`: where names are found, the registry by default). */
export function createStrategy(
  name: string,
  raw: Record<string, unknown>,
  symbols: readonly string[],
  lookup: (name: string) => StrategyDefinition = strategyDefinition,
): { strategy: Strategy; params: Record<string, unknown>; definition: StrategyDefinition } {
  const definition = lookup(name);
  if (symbols.length !== definition.symbols) {
    throw new InputError(`strategy ${name} trades ${definition.symbols} symbol${definition.symbols === 1 ? '' : 's'}; the data has ${symbols.length} (${symbols.join(', ')})`);
  }
  const params = parseStrategyParams(definition, raw);
  return { strategy: definition.create(params, symbols), params, definition };
}

export interface ParamDescription {
  readonly name: string;
  readonly type: 'integer' | 'number' | 'boolean';
  readonly default: unknown;
  readonly min: number | null;
  readonly max: number | null;
  readonly description: string;
}

/** Parameters of a strategy for forms and grids, read from its schema. */
export function describeParams(definition: StrategyDefinition): ParamDescription[] {
  const json = z.toJSONSchema(definition.params, { io: 'input' }) as { properties?: Record<string, Record<string, unknown>> };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    type: schema.type === 'integer' ? 'integer' : schema.type === 'boolean' ? 'boolean' : 'number',
    default: schema.default,
    min: typeof schema.minimum === 'number' ? schema.minimum : null,
    max: typeof schema.maximum === 'number' ? schema.maximum : null,
    description: typeof schema.description === 'string' ? schema.description : '',
  }));
}

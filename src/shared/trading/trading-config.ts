import { z } from 'zod';
import { parseCommission, parseSlippage } from '../broker/sim/costs';
import type { FillModelConfig } from '../broker/sim/simulated-broker';
import { parseTimeframe } from '../domain/timeframe';
import { InputError } from '../errors';
import { RiskLimitsSchema } from '../risk/risk-limits';
import { parseSizing } from '../risk/sizing';
import { strategyDefinition, strategyNames } from '../strategies/registry';
import { fieldProblems } from '../validation/field-problems';
import { StrategyIdSchema, SymbolSchema } from './identifiers';
import { SizingSettingsSchema } from './signal-sizing';

/**
 * The trading configuration (issue 5): risk limits, per-strategy settings and the execution mode,
 * kept by the user in `trading.yaml` in the data folder. A key left out takes its default; an
 * empty section (`risk:` with nothing under it) is the same as a missing one.
 */

/** A section the user may leave empty: YAML reads `risk:` alone as null. */
function section<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema);
}

export const ExecutionMode = z.enum(['paper', 'live']);
export type ExecutionMode = z.infer<typeof ExecutionMode>;

export const BrokerKind = z.enum(['paper', 'alpaca']);
export type BrokerKind = z.infer<typeof BrokerKind>;

export const StrategySettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Signals below this confidence are recorded and skipped. */
    confidenceThreshold: z.number().min(0).max(1).default(0),
    /** This strategy's own cap, as % of equity, under the risk limit (null: the risk limit alone). */
    maxPositionPct: z.number().positive().max(1000).nullable().default(null),
    /** This strategy's own cap in units (shares, contracts); null: none. */
    maxPositionQty: z.number().positive().nullable().default(null),
    /** The strategy's own parameters, passed to it as they are. */
    parameters: section(z.record(z.string(), z.unknown()).default({})),
    /**
     * How a signal of this id without a quantity is sized, as a backtest writes it: `all-in`,
     * `percent:P`, `fixed:N`, `risk:P`. Left out: the `sizing` section (fixed-fractional risk).
     */
    sizing: z.string().optional(),
    // A strategy Sextant runs itself on live bars (the strategy host) has `symbols` and `timeframe`;
    // an entry without them only sets what happens to signals sent under its id (from outside).
    /** Registry name of the strategy to run (default: the id itself). */
    strategy: z.string().optional(),
    /** The symbols it trades, in the order the strategy takes them (pairs: A then B). */
    symbols: z.array(SymbolSchema).min(1).max(20).optional(),
    /** Bar size it trades: `1Min`, `5Min`, `1Hour`, `1Day`... */
    timeframe: z.string().optional(),
    /** Stored bars fed to it at start (indicators only, no trading); default 1000. */
    warmupBars: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type StrategySettings = z.output<typeof StrategySettingsSchema>;

/** Bars of stored history a live strategy is warmed up on when `warmupBars` is left out. */
export const DEFAULT_WARMUP_BARS = 1000;

export const DEFAULT_STRATEGY_SETTINGS: StrategySettings = StrategySettingsSchema.parse({});

export const SignalEndpointSettingsSchema = z
  .object({
    /** Off unless the user turns it on. */
    enabled: z.boolean().default(false),
    /** On 127.0.0.1 only. */
    port: z.number().int().min(1024).max(65535).default(8765),
    /** Per connection: a sustained rate and a burst (token bucket). */
    maxPerSecond: z.number().positive().max(1000).default(5),
    burst: z.number().int().min(1).max(1000).default(10),
  })
  .strict();
export type SignalEndpointSettings = z.output<typeof SignalEndpointSettingsSchema>;

/**
 * The fills of Sextant's offline paper broker: the backtester's fill model, set as a backtest sets
 * it (`sextant backtest --fill --commission --slippage`), so a strategy trades on paper as in its
 * backtest.
 */
export const PaperSettingsSchema = z
  .object({
    /** `close`: a market order fills at once at the last close; `next-open`: at the next bar's open (a backtest's default). */
    marketFill: z.enum(['close', 'next-open']).default('close'),
    commission: z.string().default('none'),
    slippage: z.string().default('none'),
  })
  .strict()
  .superRefine((paper, ctx) => {
    for (const [key, parse] of [['commission', parseCommission], ['slippage', parseSlippage]] as const) {
      try {
        parse(paper[key]);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        ctx.addIssue({ code: 'custom', path: [key], message: error.message.replace(/^\w+ "[^"]*": /, '') });
      }
    }
  });
export type PaperSettings = z.output<typeof PaperSettingsSchema>;

/** The paper broker's fill model for `settings` (checked by the schema). */
export function paperFillModel(settings: PaperSettings): Pick<FillModelConfig, 'marketFill' | 'commission' | 'slippage'> {
  return { marketFill: settings.marketFill, commission: parseCommission(settings.commission), slippage: parseSlippage(settings.slippage) };
}

export const ExecutionSettingsSchema = z
  .object({
    /** What the user asks for. `live` is only a request: entering it needs live keys and a confirmation. */
    mode: ExecutionMode.default('paper'),
    broker: BrokerKind.default('paper'),
    signalEndpoint: section(SignalEndpointSettingsSchema.prefault({})),
    paper: section(PaperSettingsSchema.prefault({})),
  })
  .strict();
export type ExecutionSettings = z.output<typeof ExecutionSettingsSchema>;

export const TradingConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    execution: section(ExecutionSettingsSchema.prefault({})),
    risk: section(RiskLimitsSchema.prefault({})),
    /** How signals without a quantity are sized (each id may name its own sizing instead). */
    sizing: section(SizingSettingsSchema.prefault({})),
    strategies: section(z.record(StrategyIdSchema, section(StrategySettingsSchema.prefault({}))).superRefine(checkLiveStrategies).default({})),
  })
  .strict();
export type TradingConfig = z.output<typeof TradingConfigSchema>;

export const DEFAULT_TRADING_CONFIG: TradingConfig = TradingConfigSchema.parse({});

/** The settings of `strategyId`: its own section, or the defaults when the file does not list it. */
export function strategySettings(config: TradingConfig, strategyId: string): StrategySettings {
  return Object.prototype.hasOwnProperty.call(config.strategies, strategyId) ? config.strategies[strategyId]! : DEFAULT_STRATEGY_SETTINGS;
}

/** A strategy the live host runs: an entry of `strategies` that names its symbols (checked by the schema). */
export interface LiveStrategySpec {
  readonly id: string;
  /** Registry name. */
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly warmupBars: number;
  readonly enabled: boolean;
}

/** Whether an entry asks the strategy host to run a strategy (rather than only set how signals of its id are handled). */
function isLiveStrategy(settings: StrategySettings): boolean {
  return settings.strategy !== undefined || settings.symbols !== undefined || settings.timeframe !== undefined;
}

/** The strategies of a configuration's `strategies` section the live host runs (enabled or not), in the file's order. */
export function liveStrategies(strategies: TradingConfig['strategies']): LiveStrategySpec[] {
  return Object.entries(strategies)
    .filter(([, settings]) => isLiveStrategy(settings))
    .map(([id, settings]) => ({
      id,
      strategy: settings.strategy ?? id,
      symbols: settings.symbols ?? [],
      timeframe: settings.timeframe ?? '',
      parameters: settings.parameters,
      warmupBars: settings.warmupBars ?? DEFAULT_WARMUP_BARS,
      enabled: settings.enabled,
    }));
}

/**
 * What the schema alone cannot say about a strategy entry: the strategy exists, it has as many
 * symbols as it trades, its bar size reads, its parameters fit its own schema, its sizing reads.
 * Every problem is reported at its key (so the file's line is found).
 */
function checkLiveStrategies(strategies: Record<string, StrategySettings>, ctx: z.RefinementCtx): void {
  for (const [id, settings] of Object.entries(strategies)) {
    const issue = (path: readonly (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path: [id, ...path], message });
    };
    if (settings.sizing !== undefined) {
      try {
        parseSizing(settings.sizing);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        issue(['sizing'], `must be all-in, percent:P, fixed:N or risk:P, got ${JSON.stringify(settings.sizing)}`);
      }
    }
    if (!isLiveStrategy(settings)) continue;
    const name = settings.strategy ?? id;
    if (!strategyNames().includes(name)) {
      const choices = strategyNames().join(', ');
      if (settings.strategy !== undefined) issue(['strategy'], `must be one of ${choices}, got ${JSON.stringify(name)}`);
      else issue(['strategy'], `is required: "${id}" is not a strategy name, so say which strategy to run (one of ${choices})`);
      continue;
    }
    const definition = strategyDefinition(name);
    const count = `${definition.symbols} symbol${definition.symbols === 1 ? '' : 's'}`;
    if (settings.symbols === undefined) issue(['symbols'], `is required (the ${count} ${name} trades${definition.symbols > 1 ? ', A then B' : ''})`);
    else if (settings.symbols.length !== definition.symbols) issue(['symbols'], `must list ${count} for ${name}, got ${settings.symbols.length}`);
    else if (new Set(settings.symbols).size !== settings.symbols.length) issue(['symbols'], 'must not list a symbol twice');
    if (settings.timeframe === undefined) issue(['timeframe'], 'is required (the bar size it trades: 1Min, 5Min, 1Hour, 1Day...)');
    else if (!parseTimeframe(settings.timeframe)) issue(['timeframe'], `must be a bar size such as 1Min, 5Min, 1Hour or 1Day, got ${JSON.stringify(settings.timeframe)}`);
    const params = definition.params.safeParse(settings.parameters);
    if (!params.success) {
      for (const problem of fieldProblems(definition.params, params.error, settings.parameters, { keyNoun: `parameter of ${name}` })) {
        issue(['parameters', ...problem.path], problem.message);
      }
    }
  }
}

import { z } from 'zod';
import { RiskLimitsSchema } from '../risk/risk-limits';
import { StrategyIdSchema } from './identifiers';

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
  })
  .strict();
export type StrategySettings = z.output<typeof StrategySettingsSchema>;

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

export const ExecutionSettingsSchema = z
  .object({
    /** What the user asks for. `live` is only a request: entering it needs live keys and a confirmation. */
    mode: ExecutionMode.default('paper'),
    broker: BrokerKind.default('paper'),
    signalEndpoint: section(SignalEndpointSettingsSchema.prefault({})),
  })
  .strict();
export type ExecutionSettings = z.output<typeof ExecutionSettingsSchema>;

export const TradingConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    execution: section(ExecutionSettingsSchema.prefault({})),
    risk: section(RiskLimitsSchema.prefault({})),
    strategies: section(z.record(StrategyIdSchema, section(StrategySettingsSchema.prefault({}))).default({})),
  })
  .strict();
export type TradingConfig = z.output<typeof TradingConfigSchema>;

export const DEFAULT_TRADING_CONFIG: TradingConfig = TradingConfigSchema.parse({});

/** The settings of `strategyId`: its own section, or the defaults when the file does not list it. */
export function strategySettings(config: TradingConfig, strategyId: string): StrategySettings {
  return Object.prototype.hasOwnProperty.call(config.strategies, strategyId) ? config.strategies[strategyId]! : DEFAULT_STRATEGY_SETTINGS;
}

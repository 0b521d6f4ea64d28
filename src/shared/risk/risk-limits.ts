import { z } from 'zod';

const Percent = z.number().positive().max(1000);

/**
 * The risk limits, as they will appear in the user's YAML file (issue 5). `null` turns a rule off.
 * Percentages are in percent (10 means 10 %).
 */
export const RiskLimitsSchema = z
  .object({
    /** Largest position, as % of equity, valued at the order's price. */
    maxPositionPct: Percent.nullable().default(10),
    /** A limit price further than this % from the last price is a typing error. */
    fatFingerPct: Percent.nullable().default(5),
    /** At most `maxOrders` new orders within `windowMs`. */
    orderRate: z.object({ maxOrders: z.number().int().positive(), windowMs: z.number().int().positive() }).nullable().default({ maxOrders: 30, windowMs: 60_000 }),
    /** Loss since the session start, as % of the session's starting equity, that halts trading. */
    maxDailyLossPct: Percent.nullable().default(3),
    /** Sum over positions of the loss to their stops, as % of equity. */
    maxPortfolioRiskPct: Percent.nullable().default(5),
    /** Largest correlation of the new symbol's returns with any open position's. */
    maxCorrelation: z.number().min(-1).max(1).nullable().default(0.7),
    /** Stop distance assumed for a position or signal that has none. */
    defaultStopPct: Percent.default(2),
    /**
     * Live prices older than this, in seconds of market time (the regular session for US equities),
     * are stale: rules and sizing that need the price refuse instead of using it. Only prices that
     * carry their time are judged (a live broker's); null turns the check off.
     */
    maxPriceAgeSec: z.number().positive().max(86_400).nullable().default(60),
  })
  .strict();

export type RiskLimits = z.output<typeof RiskLimitsSchema>;

/** Live trading defaults (issue 5). */
export const DEFAULT_RISK_LIMITS: RiskLimits = RiskLimitsSchema.parse({});

/**
 * Backtest defaults: the same guards, but no position cap and no portfolio-risk or correlation
 * rule, so a single-symbol strategy may put its whole account in one symbol as its sizing says.
 * Any of them can be set back in the backtest config.
 */
export const BACKTEST_RISK_LIMITS: RiskLimits = {
  ...DEFAULT_RISK_LIMITS,
  maxPositionPct: null,
  fatFingerPct: 25,
  orderRate: null,
  maxDailyLossPct: null,
  maxPortfolioRiskPct: null,
  maxCorrelation: null,
};

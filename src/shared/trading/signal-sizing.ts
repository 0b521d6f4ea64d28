import { z } from 'zod';
import { floorToLot, type Instrument } from '../domain/instrument';
import { REGIMES, type RegimeName } from '../domain/regime';
import type { RiskLimits } from '../risk/risk-limits';
import { fixedFractional, parseSizing, regimeScaled, type Sizer } from '../risk/sizing';
import type { StrategySettings } from './trading-config';

const Probability = z.number().min(0).max(1);
/** Weight per regime (a regime left out weighs 1). */
const RegimeWeights = z.partialRecord(z.enum(REGIMES), z.number().min(0).max(1));

/**
 * How a signal without a quantity is sized (issue 5): fixed-fractional risk (risk `riskPct` % of
 * equity between the entry and the stop: the signal's stop, else the default stop distance of the
 * risk limits), capped by a fraction of Kelly when win statistics are given, then scaled by the
 * regime: Σ p(regime) × weight(regime), and zero when one regime is more likely than its threshold.
 */
export const SizingSettingsSchema = z
  .object({
    riskPct: z.number().positive().max(100).default(1),
    kelly: z.object({ winRate: Probability, payoff: z.number().positive(), fraction: z.number().positive().max(1) }).strict().nullable().default(null),
    regime: z
      .object({
        weights: RegimeWeights.default({}),
        /** Size nothing when the regime's probability is above the threshold. */
        zeroWhen: z.partialRecord(z.enum(REGIMES), Probability).default({ crisis: 0.5 }),
      })
      .strict()
      .default({ weights: {}, zeroWhen: { crisis: 0.5 } }),
  })
  .strict();

export type SizingSettings = z.output<typeof SizingSettingsSchema>;
export const DEFAULT_SIZING: SizingSettings = SizingSettingsSchema.parse({});

/** The regime factor of `settings` for probabilities `p` (REGIMES order), between 0 and 1. */
export function regimeFactor(settings: SizingSettings['regime'], p: ArrayLike<number>): number {
  for (const [name, threshold] of Object.entries(settings.zeroWhen)) {
    if ((p[REGIMES.indexOf(name as RegimeName)] ?? 0) > threshold!) return 0;
  }
  let factor = 0;
  let total = 0;
  REGIMES.forEach((name, i) => {
    const probability = p[i] ?? 0;
    factor += probability * (settings.weights[name] ?? 1);
    total += probability;
  });
  return total > 0 ? factor / total : 1;
}

export function signalSizer(settings: SizingSettings, defaultStopPct: number): Sizer {
  const kelly = settings.kelly ?? undefined;
  return regimeScaled(fixedFractional(settings.riskPct, defaultStopPct, kelly), (p) => regimeFactor(settings.regime, p));
}

/** `qty` no larger than `maxPositionPct` % of equity at `price` (whole lots). */
export function capToPositionPct(qty: number, maxPositionPct: number | null, equity: number, price: number, instrument: Instrument): number {
  if (maxPositionPct === null || !(price > 0) || !(equity > 0)) return qty;
  return Math.min(qty, floorToLot(instrument, (equity * maxPositionPct) / 100 / (price * instrument.multiplier)));
}

/**
 * The sizer of signals of one id as the trading service sizes them, and as a backtest can size them
 * to run under exactly the live sizing: the id's own sizing (`all-in`, `percent:P`, `fixed:N`,
 * `risk:P`, read as the backtester reads it) or fixed-fractional risk with the Kelly cap; scaled by
 * the regime of the symbol's bar; then capped by the id's `maxPositionPct` and `maxPositionQty` and
 * by the risk limit on position size (so the position-size rule never refuses a sized signal).
 */
export function strategySizer(
  own: Pick<StrategySettings, 'sizing' | 'maxPositionPct' | 'maxPositionQty'>,
  sizing: SizingSettings,
  limits: Pick<RiskLimits, 'maxPositionPct' | 'defaultStopPct'>,
): Sizer {
  const base = own.sizing !== undefined ? parseSizing(own.sizing, limits.defaultStopPct) : fixedFractional(sizing.riskPct, limits.defaultStopPct, sizing.kelly ?? undefined);
  const scaled = regimeScaled(base, (p) => regimeFactor(sizing.regime, p));
  return {
    spec: `${scaled.spec} capped`,
    size(input) {
      const { instrument, equity, price } = input;
      let qty = scaled.size(input);
      qty = capToPositionPct(qty, own.maxPositionPct, equity, price, instrument);
      qty = capToPositionPct(qty, limits.maxPositionPct, equity, price, instrument);
      if (own.maxPositionQty !== null) qty = Math.min(qty, floorToLot(instrument, own.maxPositionQty));
      return qty;
    },
  };
}

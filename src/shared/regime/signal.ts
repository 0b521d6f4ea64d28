import { regimeIndex } from '../domain/regime';
import type { RegimeConfig } from './config';
import type { RegimeStepOutput } from './output';

const CRISIS = regimeIndex('crisis');
const RETURN_RATE = 1;
const VOLATILITY = 2;

/** The bank's optional trading signal for one bar (write-into record, reused across bars). */
export class RegimeSignal {
  /** E[r]: the fused return rate, per year. */
  expectedReturn = 0;
  /** The fused volatility, per √year. */
  risk = 0;
  /** Kelly fraction f* = E[r]/(γ·σ²). */
  kelly = 0;
  /** 1 − normalised entropy of the regime probabilities. */
  strength = 0;
  /** Target weight clip(strength·f*, −max, max); 0 when flat. */
  weight = 0;
  /** μ_crisis exceeded the threshold: the signal stands aside. */
  flat = false;
}

/**
 * E[r] = fused r, risk = fused σ, f* = E[r]/(γ·σ²), strength = 1 − H_n, w = clip(strength·f*,
 * ±maxWeight), flat when μ_crisis > threshold. H_n is the entropy of the bar's posterior
 * probabilities (the spec leaves open which; the posterior is what the bar's data support).
 */
export function writeRegimeSignal(step: RegimeStepOutput, settings: RegimeConfig['signal'], out: RegimeSignal): RegimeSignal {
  const expectedReturn = step.state[RETURN_RATE]!;
  const risk = step.state[VOLATILITY]!;
  const kelly = risk > 0 ? expectedReturn / (settings.riskAversion * risk * risk) : 0;
  const strength = step.confidence;
  const flat = step.probabilities[CRISIS]! > settings.crisisThreshold;
  const raw = strength * kelly;
  out.expectedReturn = expectedReturn;
  out.risk = risk;
  out.kelly = kelly;
  out.strength = strength;
  out.flat = flat;
  out.weight = flat || !Number.isFinite(raw) ? 0 : Math.max(-settings.maxWeight, Math.min(settings.maxWeight, raw));
  return out;
}

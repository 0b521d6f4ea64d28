/**
 * Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with jitter so that many
 * clients dropped at once (a server restart) don't come back in lockstep. There is no attempt limit:
 * a trading workstation keeps trying until the owner stops it.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  /** Fraction of each delay that is randomised: the delay is drawn from [d·(1−jitter), d]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, multiplier: 2, jitter: 0.5 };

/** The delay before reconnect attempt `attempt` (1 = the first retry). */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.max(0, Math.round(ceiling * (1 - jitter * random())));
}

export function backoffPolicy(overrides: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF, ...overrides };
  if (!(policy.initialMs > 0) || !(policy.maxMs >= policy.initialMs) || !(policy.multiplier >= 1)) {
    throw new RangeError(`bad backoff policy ${JSON.stringify(policy)}: need 0 < initialMs <= maxMs and multiplier >= 1`);
  }
  return policy;
}

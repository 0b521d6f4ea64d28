import { isReducingOrder } from './reducing';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './risk-limits';
import type {
  PreTradeRisk,
  ProposedOrder,
  RiskAccount,
  RiskCheckInput,
  RiskDecision,
  RiskMarketContext,
  RiskRule,
  RuleVerdict,
  TradingState,
  TradingStateChange,
} from './risk-types';
import { correlationRule } from './rules/correlation';
import { fatFingerRule } from './rules/fat-finger';
import { dailyLossPct, maxDailyLossRule } from './rules/max-daily-loss';
import { maxPositionSizeRule } from './rules/max-position-size';
import { OrderRateRule } from './rules/order-rate';
import { portfolioRiskRule } from './rules/portfolio-risk';

/** The standard pre-trade rules, in the order they run. Add a rule by appending to this list. */
export function standardRiskRules(): RiskRule[] {
  return [maxPositionSizeRule, fatFingerRule, new OrderRateRule(), maxDailyLossRule, portfolioRiskRule, correlationRule];
}

export interface RiskManagerOptions {
  readonly account: RiskAccount;
  readonly clock: () => number;
  readonly market?: RiskMarketContext;
  readonly limits?: RiskLimits;
  readonly rules?: readonly RiskRule[];
}

export type HaltCause = 'daily_loss' | 'manual';

const ACTIVE_VERDICT: RuleVerdict = Object.freeze({ rule: 'trading_state', passed: true, detail: 'ACTIVE' });

/**
 * The pre-trade risk manager the order manager consults for every order, in backtests and live.
 * It runs every rule (so the decision lists every verdict, not just the first failure), keeps the
 * trading state, and watches the day's loss.
 */
export class RiskManager implements PreTradeRisk {
  private readonly account: RiskAccount;
  private readonly market: RiskMarketContext;
  private readonly clock: () => number;
  private readonly rules: readonly RiskRule[];
  private currentLimits: RiskLimits;
  private currentState: TradingState = 'ACTIVE';
  private reason = '';
  private haltCause: HaltCause | null = null;
  private session = Number.NaN;
  private sessionStart = Number.NaN;
  private lastEquity = Number.NaN;
  private readonly decisionListeners: Array<(decision: RiskDecision, order: ProposedOrder) => void> = [];
  private readonly stateListeners: Array<(change: TradingStateChange) => void> = [];

  constructor(options: RiskManagerOptions) {
    this.account = options.account;
    this.market = options.market ?? {};
    this.clock = options.clock;
    this.currentLimits = options.limits ?? DEFAULT_RISK_LIMITS;
    this.rules = options.rules ?? standardRiskRules();
  }

  get state(): TradingState {
    return this.currentState;
  }

  /** What latched a halt: the daily-loss rule (lifts at the next session) or a person (manual reset only). */
  get haltedBy(): HaltCause | null {
    return this.haltCause;
  }

  get stateReason(): string {
    return this.reason;
  }

  get limits(): RiskLimits {
    return this.currentLimits;
  }

  /** Equity at the start of the current session (NaN before the first observation). */
  get sessionStartEquity(): number {
    return this.sessionStart;
  }

  /** New limits apply from the next order (live reload of the YAML file). */
  setLimits(limits: RiskLimits): void {
    this.currentLimits = limits;
  }

  onDecision(listener: (decision: RiskDecision, order: ProposedOrder) => void): () => void {
    this.decisionListeners.push(listener);
    return () => this.decisionListeners.splice(this.decisionListeners.indexOf(listener), 1);
  }

  onStateChange(listener: (change: TradingStateChange) => void): () => void {
    this.stateListeners.push(listener);
    return () => this.stateListeners.splice(this.stateListeners.indexOf(listener), 1);
  }

  check(order: ProposedOrder): RiskDecision {
    return this.decide(order, true);
  }

  /**
   * Every rule's verdict on `order` without committing to it: no rule counts it (the order-rate
   * window is left as it was) and no decision listener hears of it. For the order ticket's preview.
   */
  preview(order: ProposedOrder): RiskDecision {
    return this.decide(order, false);
  }

  private decide(order: ProposedOrder, commit: boolean): RiskDecision {
    const now = this.clock();
    const reducing = !order.exitOnly && isReducingOrder(this.account, order.symbol, order.side, order.qty, order.replacesQty);
    const input: RiskCheckInput = {
      order,
      account: this.account,
      market: this.market,
      limits: this.currentLimits,
      state: this.currentState,
      reducing: reducing || order.exitOnly,
      now,
      sessionStartEquity: this.sessionStart,
    };
    const verdicts: RuleVerdict[] = new Array<RuleVerdict>(this.rules.length + 1);
    verdicts[0] = this.stateVerdict(input.reducing);
    let approved = verdicts[0].passed;
    for (let k = 0; k < this.rules.length; k++) {
      const verdict = this.rules[k]!.check(input);
      verdicts[k + 1] = verdict;
      if (!verdict.passed) approved = false;
    }
    const decision: RiskDecision = { clientOrderId: order.clientOrderId, t: now, approved, state: this.currentState, reducing: input.reducing, rules: verdicts };
    if (!commit) return decision;
    if (approved) for (let k = 0; k < this.rules.length; k++) this.rules[k]!.approved?.(input);
    for (const listener of this.decisionListeners) listener(decision, order);
    return decision;
  }

  /**
   * Feeds the account's equity at time `t` in session `sessionKey` (any number that changes when
   * a new trading session starts). Starts a new day's count on a session change, lifts a daily-loss
   * halt then, and halts when the day's loss reaches the limit.
   */
  observe(t: number, equity: number, sessionKey: number): void {
    if (sessionKey !== this.session) {
      this.session = sessionKey;
      this.sessionStart = Number.isNaN(this.lastEquity) ? equity : this.lastEquity;
      if (this.haltCause === 'daily_loss') this.setState('ACTIVE', t, 'new session: daily loss limit reset', null);
    }
    this.lastEquity = equity;
    const limit = this.currentLimits.maxDailyLossPct;
    if (limit === null || this.currentState === 'HALTED') return;
    const loss = dailyLossPct(this.sessionStart, equity);
    if (loss >= limit - 1e-9) {
      this.setState('HALTED', t, `max daily loss reached: down ${loss.toFixed(2)}% since the session start (limit ${limit}%)`, 'daily_loss');
    }
  }

  /** Only reducing orders pass until `resume` or a manual reset (the kill switch calls this). */
  halt(reason: string): void {
    this.setState('HALTED', this.clock(), reason, 'manual');
  }

  /** Only reducing orders pass, until `resume`. */
  reduceOnly(reason: string): void {
    if (this.currentState === 'HALTED') return;
    this.setState('REDUCING', this.clock(), reason, null);
  }

  /** Manual reset to ACTIVE. */
  resume(reason: string): void {
    this.setState('ACTIVE', this.clock(), reason, null);
  }

  private stateVerdict(reducing: boolean): RuleVerdict {
    const rule = 'trading_state';
    if (this.currentState === 'ACTIVE') return ACTIVE_VERDICT;
    const why = this.reason ? ` (${this.reason})` : '';
    if (reducing) return { rule, passed: true, detail: `${this.currentState}${why}: reducing order allowed` };
    return { rule, passed: false, detail: `${this.currentState}${why}: only orders that reduce a position are allowed` };
  }

  private setState(to: TradingState, t: number, reason: string, cause: HaltCause | null): void {
    const from = this.currentState;
    this.currentState = to;
    this.reason = to === 'ACTIVE' ? '' : reason;
    this.haltCause = to === 'HALTED' ? cause : null;
    if (from === to && to === 'ACTIVE') return;
    for (const listener of this.stateListeners) listener({ t, from, to, reason });
  }
}

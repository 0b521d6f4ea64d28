import { offVerdict } from '../reducing';
import type { RiskCheckInput, RiskRule, RuleVerdict } from '../risk-types';

/**
 * At most `maxOrders` approved orders within a sliding window of `windowMs` (by the engine's clock,
 * so a backtest sees the same limit as live). Reducing orders are not throttled when trading is
 * not ACTIVE: flattening under a halt must never wait.
 */
export class OrderRateRule implements RiskRule {
  readonly name = 'order_rate';
  /** Approval times, oldest first, from `head` on (a queue: constant time per check). */
  private times: number[] = [];
  private head = 0;

  check({ limits, now, reducing, state }: RiskCheckInput): RuleVerdict {
    const rate = limits.orderRate;
    if (rate === null) return offVerdict(this.name);
    this.forget(now, rate.windowMs);
    const count = this.times.length - this.head;
    if (reducing && state !== 'ACTIVE') return { rule: this.name, passed: true, detail: `${count} orders in window; reducing order under ${state} not throttled` };
    const seconds = rate.windowMs / 1000;
    return {
      rule: this.name,
      passed: count < rate.maxOrders,
      detail: `${count} orders in the last ${seconds} s (limit ${rate.maxOrders})`,
    };
  }

  approved({ now }: RiskCheckInput): void {
    this.times.push(now);
  }

  private forget(now: number, windowMs: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

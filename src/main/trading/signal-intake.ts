import { performance } from 'node:perf_hooks';
import type { Signal } from '../../shared/domain/signal';
import { outcomeWithoutOrder, SignalOutcomeSchema, type SignalOutcome, type SignalSource } from '../../shared/trading/signal-outcome';
import type { Logger } from '../log';
import type { SignalStore } from '../storage/signal-store';

/**
 * What acts on a signal: the trading service runs it through the strategy settings, risk and the
 * order manager and answers its outcome. It does not record the signal: the intake does.
 */
export type SignalHandler = (signal: Signal, source: SignalSource) => Promise<SignalOutcome>;

export interface IntakeResult {
  readonly signalId: number;
  readonly outcome: SignalOutcome;
}

export interface SignalIntakeOptions {
  readonly store: SignalStore;
  readonly handler: SignalHandler;
  readonly log: Logger;
  readonly clock?: () => number;
}

const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * The one door every signal goes through, whatever its source: it is stored when it arrives,
 * handed to the handler, and its outcome stored, including when the handler fails.
 */
export class SignalIntake {
  private readonly clock: () => number;

  constructor(private readonly options: SignalIntakeOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async submit(signal: Signal, source: SignalSource): Promise<IntakeResult> {
    const started = performance.now();
    const signalId = this.options.store.recordReceived(signal, source, this.clock());
    let outcome: SignalOutcome;
    try {
      const answered = await this.options.handler(signal, source);
      const checked = SignalOutcomeSchema.safeParse(answered);
      if (checked.success) {
        outcome = checked.data;
      } else {
        const summary = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        this.options.log.error('signals', `signal ${signalId}: the trading service answered an outcome outside its schema: ${summary}`);
        outcome = outcomeWithoutOrder('error', roundMs(performance.now() - started), { error: 'internal error: the outcome of this signal could not be read' });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.error('signals', `signal ${signalId} (${signal.strategyId} ${signal.action} ${signal.symbol}) failed: ${message}`);
      outcome = outcomeWithoutOrder('error', roundMs(performance.now() - started), { error: message });
    }
    this.options.store.recordOutcome(signalId, outcome, this.clock());
    return { signalId, outcome };
  }

  /** Keeps a payload that was not a valid signal, with why, and returns its row id. */
  recordInvalid(payload: unknown, source: SignalSource, error: string): number {
    return this.options.store.recordInvalid(payload, source, this.clock(), error);
  }
}

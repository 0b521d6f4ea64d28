/**
 * The trading service on the offline paper broker: bars the broker processes (replayed or live)
 * mark the positions and go out on `market.bars`; the broker's marks are saved every few seconds;
 * closing stops the replay and the broker (undelivered events are dropped, as in a crash: the next
 * start reconciles them from the broker's books).
 */
import type { TradingBrokerBinding, TradingService } from '../trading-service';
import type { PaperBroker } from './paper-broker';
import type { PaperReplay } from './paper-replay';

const SAVE_MARKS_MS = 5_000;

export class PaperBinding implements TradingBrokerBinding {
  readonly kind = 'paper' as const;
  private stopBars: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly broker: PaperBroker,
    readonly replay: PaperReplay | null,
    private readonly timeframeOf: (symbol: string) => string = () => 'replay',
  ) {}

  async start(service: TradingService): Promise<void> {
    this.stopBars = this.broker.onBar((symbol, bar) => {
      service.barClosed(symbol, bar.c);
      service.publishBar({ symbol, timeframe: this.timeframeOf(symbol), t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, source: this.replay?.running ? 'replay' : 'live' });
    });
    this.timer = setInterval(() => this.broker.saveMarks(), SAVE_MARKS_MS);
    this.timer.unref?.();
  }

  stop(): void {
    this.replay?.stop();
    this.stopBars?.();
    if (this.timer) clearInterval(this.timer);
    this.broker.close();
  }

  lastPrice(symbol: string): number {
    return this.broker.lastPrice(symbol);
  }
}

/**
 * The latest price of each symbol with the time it was current, as a live broker's market data
 * gives it: a trade (its price), a quote (its midpoint), from the stream or from the REST "latest"
 * endpoints. The newest observation wins, whatever its source; an older one arriving late is
 * ignored. Risk rules and sizing use these prices only while they are fresh (risk/price-age.ts).
 */
export type PriceSource = 'trade' | 'quote' | 'latest-trade' | 'latest-quote';

export interface TimedPrice {
  readonly price: number;
  /** When the price was current (the trade's or the quote's time), epoch ms. */
  readonly t: number;
  readonly source: PriceSource;
}

export class PriceBook {
  private readonly prices = new Map<string, TimedPrice>();

  /** Records a price seen at `t`; false when it is not newer than the one held (or not a price). */
  note(symbol: string, price: number, t: number, source: PriceSource): boolean {
    if (!(price > 0) || !Number.isFinite(price) || !Number.isFinite(t)) return false;
    const held = this.prices.get(symbol);
    if (held && held.t > t) return false;
    this.prices.set(symbol, { price, t, source });
    return true;
  }

  /** A quote's midpoint (ignored when a side is missing or the quote is crossed). */
  noteQuote(symbol: string, bid: number, ask: number, t: number, source: 'quote' | 'latest-quote' = 'quote'): boolean {
    if (!(bid > 0) || !(ask >= bid)) return false;
    return this.note(symbol, (bid + ask) / 2, t, source);
  }

  get(symbol: string): TimedPrice | undefined {
    return this.prices.get(symbol);
  }
}

/**
 * Live market data for the windows, coalesced by the EventHub per animation frame:
 * - `market.bars`: every bar as it closes (live from Alpaca, replayed into the paper broker, or
 *   backfilled after a reconnect), in order;
 * - `market.quotes`: the latest quote per symbol (a gauge, not a tape: older quotes in a frame are dropped);
 * - `market.trades`: every trade print, in order (the tape; nothing dropped).
 * Times are epoch milliseconds UTC; a bar's `t` is its start.
 */
import { z } from 'zod';
import { event } from '../define';

export const MarketBar = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  t: z.number(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  source: z.enum(['live', 'backfill', 'replay']),
});
export type MarketBar = z.infer<typeof MarketBar>;

export const MarketQuote = z.object({
  symbol: z.string(),
  t: z.number(),
  bidPrice: z.number(),
  bidSize: z.number(),
  askPrice: z.number(),
  askSize: z.number(),
});
export type MarketQuote = z.infer<typeof MarketQuote>;

export const MarketTrade = z.object({
  symbol: z.string(),
  t: z.number(),
  price: z.number(),
  size: z.number(),
});
export type MarketTrade = z.infer<typeof MarketTrade>;

export const marketEvents = {
  'market.bars': event(MarketBar),
  'market.quotes': event(MarketQuote, { keep: 'latest', key: (q) => q.symbol }),
  'market.trades': event(MarketTrade),
};

/**
 * Live market data for the windows, coalesced by the EventHub per animation frame:
 * - `market.bars`: every bar as it closes (live from Alpaca, replayed into the paper broker, or
 *   backfilled after a reconnect), in order;
 * - `market.quotes`: the latest quote per symbol (a gauge, not a tape: older quotes in a frame are dropped);
 * - `market.trades`: every trade print, in order (the tape; nothing dropped).
 * Times are epoch milliseconds UTC; a bar's `t` is its start.
 */
import { z } from 'zod';
import { event, request } from '../define';

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

const WatchSymbol = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9.\-/^=_]+$/).transform((x) => x.toUpperCase());

export const marketRequests = {
  /**
   * The symbols this window wants live quotes and trades of (replaces its previous list; an empty
   * list stops them). Every window's list is merged, so the one Alpaca connection subscribes each
   * symbol once. `live` is false on the offline paper broker, which has no quotes (bars only).
   */
  'market.watch': request(
    z.object({ symbols: z.array(WatchSymbol).max(100) }).strict(),
    z.object({ watching: z.array(z.string()), live: z.boolean() }),
  ),
};

export const marketEvents = {
  'market.bars': event(MarketBar),
  'market.quotes': event(MarketQuote, { keep: 'latest', key: (q) => q.symbol }),
  'market.trades': event(MarketTrade),
};

import { useEffect, useState } from 'react';
import type { MarketQuote } from '../../../shared/ipc/services/market';
import { useEventStream, useIpc } from '../../ipc/context';

const WATCH_DELAY_MS = 400;

/**
 * The live quote of `symbol` where the broker streams quotes (Alpaca): this window's watch list is
 * the ticket's symbol. Null on the offline paper broker, which has bars only.
 */
export function useQuote(symbol: string | null): MarketQuote | null {
  const client = useIpc();
  const [quote, setQuote] = useState<MarketQuote | null>(null);
  useEffect(() => {
    setQuote(null);
    if (!symbol) return;
    // Typed a letter at a time: subscribe once the symbol has stood still, not for every prefix.
    let watching = false;
    const timer = window.setTimeout(() => {
      watching = true;
      void client.invoke('market.watch', { symbols: [symbol] }).catch(() => undefined);
    }, WATCH_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      if (watching) void client.invoke('market.watch', { symbols: [] }).catch(() => undefined);
    };
  }, [client, symbol]);
  useEventStream('market.quotes', (quotes) => {
    for (let i = quotes.length - 1; i >= 0; i--) {
      if (quotes[i]!.symbol === symbol) return setQuote(quotes[i]!);
    }
  });
  return quote;
}

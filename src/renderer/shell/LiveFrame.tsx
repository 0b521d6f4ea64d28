import { useTradingMode } from '../queries/trading-mode';

/** A thin red frame around the whole window while trading live, so no window can be mistaken for paper. */
export function LiveFrame() {
  const { mode } = useTradingMode();
  if (mode !== 'live') return null;
  return <div className="live-frame" data-testid="live-frame" aria-hidden />;
}

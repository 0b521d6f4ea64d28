import { useEffect, useRef, useState } from 'react';
import { useTrading } from '../state/trading/store';

/** At most this many chart redraws a second while a replay runs (each one rebuilds the plot). */
const REDRAWS_PER_SECOND = 4;

/**
 * The replayed time while a paper replay of `symbol` runs (null otherwise), changing at most a few
 * times a second however fast the replay goes: a chart of that symbol shows the bars up to it.
 */
export function useReplayCursor(symbol: string | null): number | null {
  const t = useTrading((s) => {
    const replay = s.data.state?.replay;
    return replay?.running && symbol !== null && replay.symbols.includes(symbol) ? replay.t : null;
  });
  const [shown, setShown] = useState<number | null>(t);
  const last = useRef(0);
  useEffect(() => {
    if (t === null) {
      setShown(null);
      return;
    }
    const wait = last.current + 1000 / REDRAWS_PER_SECOND - performance.now();
    if (wait <= 0) {
      last.current = performance.now();
      setShown(t);
      return;
    }
    const timer = window.setTimeout(() => {
      last.current = performance.now();
      setShown(t);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [t]);
  return shown;
}

import { RollingCoMoments } from '../indicators/rolling-moments';

/**
 * Correlation of two symbols' returns over their common dates (the correlation rule's input).
 * Closes are matched on equal times (daily bars share 00:00 UTC), log returns are taken between
 * consecutive common times, and the Pearson correlation of the last `lookback` pairs is returned;
 * undefined when fewer than `minPairs` pairs exist or a series does not move.
 */
export function returnCorrelation(
  tA: ArrayLike<number>,
  closeA: ArrayLike<number>,
  tB: ArrayLike<number>,
  closeB: ArrayLike<number>,
  lookback = 60,
  minPairs = 20,
): number | undefined {
  // Walk back from the newest common time, keeping lookback + 1 common closes (newest first).
  const a: number[] = [];
  const b: number[] = [];
  let i = tA.length - 1;
  let j = tB.length - 1;
  while (i >= 0 && j >= 0 && a.length < lookback + 1) {
    const ta = tA[i]!;
    const tb = tB[j]!;
    if (ta > tb) i--;
    else if (tb > ta) j--;
    else {
      if (closeA[i]! > 0 && closeB[j]! > 0) {
        a.push(closeA[i]!);
        b.push(closeB[j]!);
      }
      i--;
      j--;
    }
  }
  const pairs = a.length - 1;
  if (pairs < minPairs) return undefined;
  const moments = new RollingCoMoments(pairs);
  for (let k = pairs - 1; k >= 0; k--) moments.push(Math.log(a[k]! / a[k + 1]!), Math.log(b[k]! / b[k + 1]!));
  if (!(moments.m2x > 0) || !(moments.m2y > 0)) return undefined;
  return moments.cxy / Math.sqrt(moments.m2x * moments.m2y);
}

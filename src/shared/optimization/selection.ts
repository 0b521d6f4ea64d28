/**
 * The candidate with the best finite score (highest for 'max', lowest for 'min'); ties go to the
 * earliest, so the choice is deterministic. Candidates whose score is null or not finite (a run
 * with no trades has no Sharpe) never win. Null when no candidate has a score.
 */
export function bestCandidate<T>(
  candidates: readonly T[],
  score: (candidate: T) => number | null,
  direction: 'max' | 'min' = 'max',
): { candidate: T; index: number; score: number } | null {
  let best: { candidate: T; index: number; score: number } | null = null;
  candidates.forEach((candidate, index) => {
    const s = score(candidate);
    if (s === null || !Number.isFinite(s)) return;
    if (!best || (direction === 'max' ? s > best.score : s < best.score)) best = { candidate, index, score: s };
  });
  return best;
}

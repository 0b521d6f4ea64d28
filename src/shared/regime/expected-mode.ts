/**
 * Weight of the expected mode (EMA) from the normalised entropy of the predicted mode
 * probabilities: 0 below `threshold`; above, with u = (H_n − threshold)/(1 − threshold),
 * p_E = 1/(1 + e^(−k(u − 0.5))). With threshold 0.5 and k = 5: 0.07586 at H_n = 0.5, 0.5 at 0.75,
 * 0.92414 at 1.
 */
export function expectedModeWeight(entropy: number, threshold: number, steepness: number): number {
  if (!(entropy >= threshold)) return 0;
  const u = (entropy - threshold) / (1 - threshold);
  return 1 / (1 + Math.exp(-steepness * (u - 0.5)));
}

/**
 * Markov switching between the six regimes. Matrices are flat row-major Float64Array(36):
 * Π[i·6 + j] = P(next = j | now = i).
 */
export const MODES = 6;

/**
 * The per-reference-bar matrix: with `stayProbability` null the original matrix as is; otherwise
 * each row's diagonal becomes `stayProbability` and its off-diagonal entries are rescaled, keeping
 * their proportions, to sum to 1 − stayProbability (a row with no off-diagonal mass stays put).
 */
export function referenceTransitionMatrix(matrix: readonly (readonly number[])[], stayProbability: number | null): Float64Array {
  const out = new Float64Array(MODES * MODES);
  for (let i = 0; i < MODES; i++) {
    const row = matrix[i]!;
    if (stayProbability === null) {
      for (let j = 0; j < MODES; j++) out[i * MODES + j] = row[j]!;
      continue;
    }
    let off = 0;
    for (let j = 0; j < MODES; j++) if (j !== i) off += row[j]!;
    for (let j = 0; j < MODES; j++) {
      if (j === i) out[i * MODES + j] = off > 0 ? stayProbability : 1;
      else out[i * MODES + j] = off > 0 ? (row[j]! / off) * (1 - stayProbability) : 0;
    }
  }
  return out;
}

/**
 * Π_dt from the reference matrix for a step of `ratio` = dt/dt_ref reference bars: each stay
 * probability becomes p_ii^ratio (so expected dwell time scales with elapsed time), and the
 * off-diagonal entries keep their proportions and share 1 − p_ii^ratio.
 */
export function scaleTransitionMatrix(reference: Float64Array, ratio: number, out: Float64Array): void {
  for (let i = 0; i < MODES; i++) {
    const stay = reference[i * MODES + i]!;
    const off = 1 - stay;
    if (!(off > 0)) {
      for (let j = 0; j < MODES; j++) out[i * MODES + j] = i === j ? 1 : 0;
      continue;
    }
    const scaledStay = ratio === 1 ? stay : Math.pow(stay, ratio);
    const factor = (1 - scaledStay) / off;
    for (let j = 0; j < MODES; j++) out[i * MODES + j] = j === i ? scaledStay : reference[i * MODES + j]! * factor;
  }
}

/**
 * μ⁻ = Πᵀ·μ, each entry floored at `floor` (renormalised only when a floor applied, so without
 * flooring μ⁻ is exactly Πᵀ·μ).
 */
export function predictModes(matrix: Float64Array, mu: Float64Array, muo: number, out: Float64Array, outo: number, floor: number): void {
  let floored = false;
  for (let j = 0; j < MODES; j++) {
    let sum = 0;
    for (let i = 0; i < MODES; i++) sum += matrix[i * MODES + j]! * mu[muo + i]!;
    if (sum < floor) {
      sum = floor;
      floored = true;
    }
    out[outo + j] = sum;
  }
  if (floored) {
    let total = 0;
    for (let j = 0; j < MODES; j++) total += out[outo + j]!;
    for (let j = 0; j < MODES; j++) out[outo + j] = out[outo + j]! / total;
  }
}

/** Stationary distribution of a row-stochastic matrix (power iteration on πᵀ = πᵀ·Π). */
export function stationaryDistribution(matrix: Float64Array | readonly (readonly number[])[]): Float64Array {
  const flat = matrix instanceof Float64Array ? matrix : Float64Array.from(matrix.flat());
  let pi = new Float64Array(MODES).fill(1 / MODES);
  let next = new Float64Array(MODES);
  for (let iteration = 0; iteration < 100_000; iteration++) {
    predictModes(flat, pi, 0, next, 0, 0);
    let change = 0;
    for (let j = 0; j < MODES; j++) change += Math.abs(next[j]! - pi[j]!);
    [pi, next] = [next, pi];
    if (change < 1e-15) break;
  }
  return pi;
}

const LN_MODES = Math.log(MODES);

/** Normalised entropy H_n = −Σ μ·ln μ / ln 6 (0: certain, 1: uniform). */
export function normalisedEntropy(mu: Float64Array, muo: number): number {
  let h = 0;
  for (let j = 0; j < MODES; j++) {
    const p = mu[muo + j]!;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / LN_MODES;
}

/**
 * The reception rate of a symbol's bar stream: a Beta(1, 1) prior updated with `received` of
 * `expected` bars, so ρ̂ = (1 + received)/(2 + expected) and the posterior is
 * Beta(1 + received, 1 + expected − received).
 */
export function receptionRate(received: number, expected: number): number {
  return (1 + received) / (2 + expected);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The p-quantile of Beta(a, b): safeguarded Newton on I_x(a, b) = p, to about 1e-12. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p > 0)) return 0;
  if (!(p < 1)) return 1;
  if (b === 1) return Math.pow(p, 1 / a);
  if (a === 1) return 1 - Math.pow(1 - p, 1 / b);
  const logNorm = logGamma(a + b) - logGamma(a) - logGamma(b);
  // Start from a normal approximation on the logit scale.
  const mean = Math.log(a - 0.5) - Math.log(b - 0.5);
  const sd = Math.sqrt(1 / (a - 0.5) + 1 / (b - 0.5));
  const z = normalQuantile(p);
  let x = 1 / (1 + Math.exp(-(mean + z * sd)));
  let lo = 0;
  let hi = 1;
  for (let iteration = 0; iteration < 200; iteration++) {
    const f = regularizedIncompleteBeta(x, a, b) - p;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp(logNorm + (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x));
    let next = density > 0 ? x - f / density : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-13 * Math.max(x, 1e-300) || hi - lo <= 1e-15) return next;
    x = next;
  }
  return x;
}

/** Standard normal quantile (Acklam's rational approximation, relative error 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

export interface ReceptionEstimate {
  /** Posterior mean ρ̂. */
  readonly rate: number;
  /** Equal-tailed 95% credible interval of the Beta posterior. */
  readonly low: number;
  readonly high: number;
}

/**
 * ρ̂ and its exact 95% interval. Not computed per bar (the quantiles cost a few microseconds);
 * hosts ask for it when they show or store the estimate.
 */
export function receptionEstimate(received: number, expected: number): ReceptionEstimate {
  const a = 1 + received;
  const b = 1 + Math.max(0, expected - received);
  return { rate: receptionRate(received, expected), low: betaQuantile(0.025, a, b), high: betaQuantile(0.975, a, b) };
}

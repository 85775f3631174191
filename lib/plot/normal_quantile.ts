/**
 * The inverse of the standard Normal CDF (quantile function, "probit"),
 * by Peter J. Acklam's rational approximation (relative error < 1.15e-9).
 *
 * @module
 */

const A = [
  -3.969683028665376e+01,
  2.209460984245205e+02,
  -2.759285104469687e+02,
  1.383577518672690e+02,
  -3.066479806614716e+01,
  2.506628277459239e+00,
];
const B = [
  -5.447609879822406e+01,
  1.615858368580409e+02,
  -1.556989798598866e+02,
  6.680131188771972e+01,
  -1.328068155288572e+01,
];
const C = [
  -7.784894002430293e-03,
  -3.223964580411365e-01,
  -2.400758277161838e+00,
  -2.549732539343734e+00,
  4.374664141464968e+00,
  2.938163982698783e+00,
];
const D = [
  7.784695709041462e-03,
  3.224671290700398e-01,
  2.445134137142996e+00,
  3.754408661907416e+00,
];
const P_LOW = 0.02425;

/**
 * Returns z such that P(Z ≤ z) = p for Z ~ N(0, 1).
 * `p = 0` gives −Infinity and `p = 1` gives +Infinity; p outside [0, 1] throws.
 *
 * @example
 * ```ts
 * import { normalQuantile } from "./normal_quantile.ts";
 * normalQuantile(0.975); // ≈ 1.959963985
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(
      `normalQuantile: p must be a probability in [0, 1], got ${p}`,
    );
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q +
      C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q +
      C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) *
    q /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * `n` Normal quantiles at evenly spaced probabilities from `pMin` to `pMax`
 * (the grid of the TensorFlow CVAE tutorial's latent manifold: 0.05…0.95).
 *
 * @example
 * ```ts
 * import { normalQuantileGrid } from "./normal_quantile.ts";
 * normalQuantileGrid(3); // [−1.645, 0, 1.645]
 * ```
 */
export function normalQuantileGrid(
  n: number,
  pMin = 0.05,
  pMax = 0.95,
): number[] {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(
      `normalQuantileGrid: n must be a positive integer, got ${n}`,
    );
  }
  if (!(pMin > 0 && pMax < 1 && pMin <= pMax)) {
    throw new RangeError(
      `normalQuantileGrid: need 0 < pMin ≤ pMax < 1, got pMin=${pMin}, pMax=${pMax}`,
    );
  }
  if (n === 1) return [normalQuantile((pMin + pMax) / 2)];
  return Array.from(
    { length: n },
    (_, i) => normalQuantile(pMin + (pMax - pMin) * i / (n - 1)),
  );
}

/**
 * Statistics for judging samplers, with thresholds chosen so that a correct
 * implementation fails less than once in a million runs. Each bound below
 * holds with probability at least 1 − 1e-9 for a correct sampler; a test
 * uses at most a few dozen of them, so its false-failure rate stays below
 * 1e-7. Where an exact distribution-free bound exists it is used (the
 * Dvoretzky–Kiefer–Wolfowitz–Massart inequality for the empirical CDF, the
 * Laurent–Massart inequality for chi-square variables); the sample mean of
 * Gaussian noise is exactly Gaussian.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalCdf, ksNormal } from "./stats.ts";
 * assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
 * assert.ok(ksNormal(Float64Array.of(-1, 0, 1)) < 0.5);
 * ```
 * @module
 */

/** Probability each single bound may fail for a correct sampler. */
export const FALSE_FAILURE = 1e-9;

/** −ln(FALSE_FAILURE): the exponent the exponential bounds use. */
const X = -Math.log(FALSE_FAILURE);

/** Two-sided Gaussian quantile for FALSE_FAILURE (P(|N(0,1)| > Z) = 1e-9). */
export const Z = 6.109;

/** Standard normal CDF (W. J. Cody's rational erfc; error < 1e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 +
            t * (0.37409196 +
                t * (0.09678418 +
                    t * (-0.18628806 +
                        t * (0.27886807 +
                            t * (-1.13520398 +
                                t *
                                  (1.48851587 +
                                    t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Mean of values. */
export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Unbiased sample variance. */
export function variance(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return s / (v.length - 1);
}

/** Pearson correlation of two equally long series (0 when one is constant). */
export function correlation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** Kolmogorov–Smirnov distance of the sample from N(0, 1). */
export function ksNormal(sample: ArrayLike<number>): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = normalCdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Largest KS distance a correct N(0, 1) sample of size n shows (DKWM:
 * P(D > ε) ≤ 2·exp(−2nε²)).
 */
export function ksBound(n: number): number {
  return Math.sqrt(Math.log(2 / FALSE_FAILURE) / (2 * n));
}

/** Largest |mean| of n independent N(0, σ²) draws (exact: the mean is N(0, σ²/n)). */
export function meanBound(n: number, sd = 1): number {
  return Z * sd / Math.sqrt(n);
}

/**
 * The range of the sample variance of n independent N(0, σ²) draws
 * (Laurent–Massart: for X ~ χ²(k), P(X ≥ k + 2√(kx) + 2x) ≤ e^−x and
 * P(X ≤ k − 2√(kx)) ≤ e^−x), as multiples of σ².
 */
export function varianceRange(n: number): [number, number] {
  const k = n - 1;
  return [
    (k - 2 * Math.sqrt(k * X)) / k,
    (k + 2 * Math.sqrt(k * X) + 2 * X) / k,
  ];
}

/**
 * Largest |correlation| of two independent Gaussian series of length n
 * (r·√(n−2)/√(1−r²) is Student-t with n−2 degrees of freedom, normal to
 * within 1e-3 in the tails used here for n ≥ 1000; the bound adds 10 %).
 */
export function correlationBound(n: number): number {
  return 1.1 * Z / Math.sqrt(n);
}

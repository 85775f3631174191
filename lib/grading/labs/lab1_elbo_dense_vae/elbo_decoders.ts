/**
 * The decoders lab 1's ELBO tests hand to the student's `elboEstimate`:
 * their float64 twin (for the oracle) and, for the linear one, the exact
 * mean and variance of the one-sample estimator (for the statistical test
 * of the sampling path).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linearMoments } from "./elbo_decoders.ts";
 * const d = { activation: "linear" as const, w1: { shape: [1, 1], data: Float64Array.of(1) }, b1: { shape: [1], data: Float64Array.of(0) }, w2: { shape: [1, 1], data: Float64Array.of(0) }, b2: { shape: [1], data: Float64Array.of(0) } };
 * // x = 0, μ = 0, σ = 1: log N(0; ε, 1) = −½(log 2π + ε²) has variance ½.
 * assert.ok(Math.abs(linearMoments([0], [0], [1], d).variance - 0.5) < 1e-12);
 * ```
 * @module
 */
import type { Array64 } from "../../checks/inputs.ts";
import { type PlainDecoder, plainTensor } from "../../sandbox/protocol.ts";
import { LOG_2PI } from "../shared/arrays.ts";

/** The test decoder: mean = act(z·W1 + b1), logvar = z·W2 + b2. */
export interface Decoder64 {
  activation: "tanh" | "linear";
  w1: Array64;
  b1: Array64;
  w2: Array64;
  b2: Array64;
}

export function decoderArg(d: Decoder64): PlainDecoder {
  const t = (a: Array64) => plainTensor(a.shape, a.data);
  return {
    t: "decoder",
    activation: d.activation,
    w1: t(d.w1),
    b1: t(d.b1),
    w2: t(d.w2),
    b2: t(d.b2),
  };
}

export function decode64(z: Float64Array, d: Decoder64) {
  const latent = z.length, out = d.b1.data.length;
  const m = new Float64Array(out), lv = new Float64Array(out);
  for (let k = 0; k < out; k++) {
    let s1 = d.b1.data[k], s2 = d.b2.data[k];
    for (let j = 0; j < latent; j++) {
      s1 += z[j] * d.w1.data[j * out + k];
      s2 += z[j] * d.w2.data[j * out + k];
    }
    m[k] = d.activation === "tanh" ? Math.tanh(s1) : s1;
    lv[k] = s2;
  }
  return { mean: m, logvar: lv };
}

/**
 * Exact mean and variance of the one-sample estimator for a linear
 * decoder with constant log-variance: log N(x; W(μ+σε)+b, v) is
 * c + gᵀε − ½εᵀMε, so its variance is |g|² + ½·tr(M²).
 */
export function linearMoments(
  x: number[],
  mu: number[],
  sigma: number[],
  d: Decoder64,
) {
  const J = mu.length, D = x.length;
  const a = new Float64Array(D), v = new Float64Array(D);
  for (let k = 0; k < D; k++) {
    let m = d.b1.data[k];
    for (let j = 0; j < J; j++) m += mu[j] * d.w1.data[j * D + k];
    a[k] = x[k] - m;
    v[k] = Math.exp(d.b2.data[k]);
  }
  const c = (j: number, k: number) => d.w1.data[j * D + k] * sigma[j];
  let meanRecon = 0;
  for (let k = 0; k < D; k++) {
    let spread = 0;
    for (let j = 0; j < J; j++) spread += c(j, k) ** 2;
    meanRecon += -0.5 *
      (LOG_2PI + Math.log(v[k]) + (a[k] ** 2 + spread) / v[k]);
  }
  let g2 = 0, trM2 = 0;
  for (let j = 0; j < J; j++) {
    let g = 0;
    for (let k = 0; k < D; k++) g += a[k] * c(j, k) / v[k];
    g2 += g * g;
    for (let l = 0; l < J; l++) {
      let mjl = 0;
      for (let k = 0; k < D; k++) mjl += c(j, k) * c(l, k) / v[k];
      trM2 += mjl * mjl;
    }
  }
  return { meanRecon, variance: g2 + 0.5 * trM2 };
}

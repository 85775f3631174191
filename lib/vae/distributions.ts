/**
 * Closed-form divergences and per-example log-likelihoods for VAEs.
 *
 * Every function takes batch-first tensors and is written to be numerically
 * stable: log-variances instead of variances, logits instead of
 * probabilities (no `log(sigmoid(x))`).
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { klStandardNormal } from "./distributions.ts";
 * const kl = klStandardNormal(tf.zeros([2, 3]), tf.zeros([2, 3]));
 * kl.print(); // [0, 0]: q equals the prior
 * ```
 * @module
 */
import * as tf from "tf";
import type { Tensor, Tensor1D } from "../backend/tf_types.ts";

const LOG_2PI = Math.log(2 * Math.PI);

/** Sums every axis but the first: [B, ...] → [B]. */
export function sumPerExample(t: Tensor): Tensor1D {
  return tf.tidy(() =>
    t.rank === 1
      ? t.clone() as Tensor1D
      : tf.sum(t.reshape([t.shape[0], -1]), 1)
  );
}

/**
 * KL(N(μ, diag e^logvar) ‖ N(0, I)) per example:
 * ½ Σ_j (e^{logvar_j} + μ_j² − 1 − logvar_j), shape [B].
 */
export function klStandardNormal(
  mu: Tensor,
  logvar: Tensor,
): Tensor1D {
  return tf.tidy(() =>
    sumPerExample(tf.exp(logvar).add(tf.square(mu)).sub(1).sub(logvar).mul(0.5))
  );
}

/**
 * Elementwise KL(N(μq, σq²) ‖ N(μp, σp²)) between univariate Gaussians:
 * log(σp/σq) + (σq² + (μq − μp)²) / (2σp²) − ½. Sum the result over the
 * latent axis for diagonal Gaussians.
 */
export function klGaussians(
  muQ: Tensor,
  sigmaQ: Tensor,
  muP: Tensor,
  sigmaP: Tensor,
): Tensor {
  return tf.tidy(() => {
    const varP = tf.square(sigmaP);
    return tf.log(sigmaP).sub(tf.log(sigmaQ))
      .add(
        tf.square(sigmaQ).add(tf.squaredDifference(muQ, muP)).div(varP.mul(2)),
      )
      .sub(0.5);
  });
}

/**
 * log N(x; mean, diag e^logvar) summed over all but the batch axis, shape [B]:
 * −½ Σ (log 2π + logvar + (x − mean)² e^{−logvar}).
 */
export function gaussianLogLikelihood(
  x: Tensor,
  mean: Tensor,
  logvar: Tensor,
): Tensor1D {
  return tf.tidy(() =>
    sumPerExample(
      tf.squaredDifference(x, mean).mul(tf.exp(tf.neg(logvar))).add(logvar).add(
        LOG_2PI,
      )
        .mul(-0.5),
    )
  );
}

/**
 * log Bernoulli(x; sigmoid(logits)) summed over all but the batch axis, shape
 * [B]; x may be any value in [0, 1] (continuous Bernoulli-style targets as in
 * the TensorFlow CVAE tutorial). Computed as
 * −(max(l, 0) − l·x + log(1 + e^{−|l|})), stable for any logit.
 */
export function bernoulliLogLikelihood(
  x: Tensor,
  logits: Tensor,
): Tensor1D {
  return tf.tidy(() => {
    const crossEntropy = tf.relu(logits).sub(logits.mul(x))
      .add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return sumPerExample(tf.neg(crossEntropy));
  });
}

/**
 * The mean-squared-error reconstruction loss that replaces cross-entropy in
 * the second lab: Σ_pixels (x − sigmoid(logits))² per example, shape [B].
 * As a likelihood it is a Gaussian with fixed variance σ² = ½, up to a constant.
 */
export function mseReconstructionLoss(
  x: Tensor,
  logits: Tensor,
): Tensor1D {
  return tf.tidy(() =>
    sumPerExample(tf.squaredDifference(x, tf.sigmoid(logits)))
  );
}

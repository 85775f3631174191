/**
 * ELBO estimators.
 *
 * - {@link elboEstimate}: the first lab's P2a form, closed-form KL plus an
 *   L-sample Monte-Carlo estimate of E_q[log p(x|z)]:
 *   ELBO ≈ (1/L) Σ_l log p(x | μ + σ ε_l) − KL(q(z|x) ‖ N(0, I)).
 * - {@link elboMonteCarlo}: the TensorFlow CVAE tutorial's single-sample,
 *   fully Monte-Carlo form log p(x|z) + log N(z; 0, I) − log q(z|x).
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { elboEstimate } from "./elbo.ts";
 * const x = tf.ones([2, 3]);
 * const decode = (z: tf.Tensor2D) => ({ mean: tf.ones([2, 3]) as tf.Tensor2D, logvar: tf.zeros([2, 3]) as tf.Tensor2D });
 * elboEstimate(x, tf.zeros([2, 1]), tf.zeros([2, 1]), decode, 4).print();
 * ```
 * @module
 */
import * as tf from "tf";
import {
  bernoulliLogLikelihood,
  gaussianLogLikelihood,
  klStandardNormal,
  mseReconstructionLoss,
} from "./distributions.ts";
import { reparameterize } from "./reparameterize.ts";
import type {
  Scalar,
  Tensor,
  Tensor1D,
  Tensor2D,
} from "../backend/tf_types.ts";

/** Reconstruction terms the kit trains with. */
export type Likelihood = "bernoulli" | "gaussian" | "mse";

/** The valid {@link Likelihood} names, for flag and option validation. */
export const LIKELIHOODS: readonly Likelihood[] = [
  "bernoulli",
  "gaussian",
  "mse",
];

/** A Gaussian decoder's output: per-pixel mean and log-variance. */
export interface GaussianParams {
  /** Per-pixel mean, the shape of the data. */
  mean: Tensor;
  /** Per-pixel log-variance, the shape of the data. */
  logvar: Tensor;
}

/** What a decoder produces: logits (bernoulli, mse) or Gaussian parameters. */
export type DecoderOutput = Tensor | GaussianParams;

/**
 * log p(x|z) per example for a likelihood kind. For "mse" this is −Σ(x − p)²,
 * a Gaussian with σ² = ½ without its normalising constant.
 */
export function reconstructionLogLikelihood(
  likelihood: Likelihood,
  x: Tensor,
  output: DecoderOutput,
): Tensor1D {
  if (likelihood === "gaussian") {
    if (output instanceof tf.Tensor) {
      throw new TypeError(
        "a gaussian likelihood needs {mean, logvar} from the decoder",
      );
    }
    return gaussianLogLikelihood(x, output.mean, output.logvar);
  }
  if (!(output instanceof tf.Tensor)) {
    throw new TypeError(
      `a ${likelihood} likelihood needs logits from the decoder`,
    );
  }
  if (likelihood === "bernoulli") return bernoulliLogLikelihood(x, output);
  if (likelihood === "mse") {
    return tf.tidy(() => tf.neg(mseReconstructionLoss(x, output)));
  }
  throw new RangeError(
    `unknown likelihood "${likelihood}"; valid: ${LIKELIHOODS.join(", ")}`,
  );
}

/**
 * Per-example ELBO, shape [B], with closed-form KL and an L-sample
 * Monte-Carlo reconstruction term under a Gaussian decoder (the first lab).
 * `eps` ([L, B, J]) makes it deterministic; otherwise noise is drawn.
 */
export function elboEstimate(
  x: Tensor,
  mu: Tensor,
  logvar: Tensor,
  decode: (z: Tensor2D) => { mean: Tensor; logvar: Tensor },
  samples: number,
  eps?: Tensor,
): Tensor1D {
  return tf.tidy(() => {
    const noise = eps ?? tf.randomNormal([samples, ...mu.shape]);
    let reconstruction = tf.zeros([x.shape[0]]) as Tensor1D;
    for (let l = 0; l < samples; l++) {
      const z = reparameterize(mu, logvar, noise.gather(l)) as Tensor2D;
      const { mean, logvar: decoderLogvar } = decode(z);
      reconstruction = reconstruction.add(
        gaussianLogLikelihood(x, mean, decoderLogvar),
      );
    }
    return reconstruction.div(samples).sub(klStandardNormal(mu, logvar));
  });
}

/**
 * Per-example single-sample Monte-Carlo ELBO of the TensorFlow CVAE tutorial:
 * log p(x|z) + log N(z; 0, I) − log N(z; μ, e^logvar), shape [B].
 */
export function elboMonteCarlo(
  x: Tensor,
  mu: Tensor,
  logvar: Tensor,
  z: Tensor,
  output: DecoderOutput,
  likelihood: Likelihood = "bernoulli",
): Tensor1D {
  return tf.tidy(() => {
    const logPxz = reconstructionLogLikelihood(likelihood, x, output);
    const logPz = gaussianLogLikelihood(z, tf.zerosLike(z), tf.zerosLike(z));
    const logQzx = gaussianLogLikelihood(z, mu, logvar);
    return logPxz.add(logPz).sub(logQzx);
  });
}

/** Batch mean of a per-example quantity, as a scalar. */
export function batchMean(perExample: Tensor1D): Scalar {
  return tf.mean(perExample);
}

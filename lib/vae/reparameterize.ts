/**
 * The reparameterization trick: z = μ + σ·ε with σ = exp(logvar/2) and
 * ε ~ N(0, I), so gradients flow to μ and logvar through a deterministic path.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { reparameterize, sampleReparameterized } from "./reparameterize.ts";
 * const mu = tf.zeros([4, 2]), logvar = tf.zeros([4, 2]);
 * const z = reparameterize(mu, logvar); // [4, 2], one draw per example
 * const zs = sampleReparameterized(mu, logvar, 8, 0); // [8, 4, 2], seeded
 * ```
 * @module
 */
import * as tf from "tf";
import type { Tensor } from "../backend/tf_types.ts";

/**
 * μ + exp(logvar/2)·ε. When `eps` is omitted it is drawn from N(0, I) with
 * the shape of `mu`; an `eps` of shape [L, B, J] gives L samples per example
 * (result [L, B, J]).
 */
export function reparameterize(
  mu: Tensor,
  logvar: Tensor,
  eps?: Tensor,
): Tensor {
  return tf.tidy(() => {
    const noise = eps ?? tf.randomNormal(mu.shape);
    return tf.exp(logvar.mul(0.5)).mul(noise).add(mu);
  });
}

/** L reparameterized samples per example, shape [L, B, J]; seeded when `seed` is given. */
export function sampleReparameterized(
  mu: Tensor,
  logvar: Tensor,
  samples: number,
  seed?: number,
): Tensor {
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`samples must be a positive integer, got ${samples}`);
  }
  return tf.tidy(() => {
    const eps = tf.randomNormal([samples, ...mu.shape], 0, 1, "float32", seed);
    return reparameterize(mu, logvar, eps);
  });
}

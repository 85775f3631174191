/**
 * The builders' weight initializer (internal: not part of the public API).
 *
 * @module
 */
import * as tf from "tf";

/** Glorot-uniform initializer, seeded per layer when a seed is given. */
export function kernelInit(
  seed: number | undefined,
  layer: number,
): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({
    seed: seed === undefined ? undefined : seed * 1000 + layer,
  });
}

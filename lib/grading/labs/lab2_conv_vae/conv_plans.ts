/**
 * The convolutional encoder and decoder of the TensorFlow CVAE tutorial,
 * as the plans lab 2's model tests compare with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encoderPlan } from "./conv_plans.ts";
 * assert.deepEqual(encoderPlan(2).output, [4]);
 * ```
 * @module
 */
import type { ModelPlan } from "../../checks/model.ts";

/** Parameter count of a 3×3 convolution (or transposed convolution). */
const conv3 = (inC: number, outC: number) => 9 * inC * outC + outC;

/** The expected conv encoder: [28, 28, 1] → 2·latent. */
export function encoderPlan(latent: number): ModelPlan {
  return {
    input: [28, 28, 1],
    output: [2 * latent],
    params: conv3(1, 32) + conv3(32, 64) + 6 * 6 * 64 * 2 * latent + 2 * latent,
    layers: [
      {
        className: "Conv2D",
        filters: 32,
        kernelSize: 3,
        strides: 2,
        padding: "valid",
        activation: "relu",
      },
      {
        className: "Conv2D",
        filters: 64,
        kernelSize: 3,
        strides: 2,
        padding: "valid",
        activation: "relu",
      },
      { className: "Flatten" },
      { className: "Dense", units: 2 * latent, activation: "linear" },
    ],
  };
}

/** The expected conv decoder: latent → logits [28, 28, 1]. */
export function decoderPlan(latent: number): ModelPlan {
  return {
    input: [latent],
    output: [28, 28, 1],
    params: latent * 1568 + 1568 + conv3(32, 64) + conv3(64, 32) + conv3(32, 1),
    layers: [
      { className: "Dense", units: 7 * 7 * 32, activation: "relu" },
      { className: "Reshape", targetShape: [7, 7, 32] },
      {
        className: "Conv2DTranspose",
        filters: 64,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
      },
      {
        className: "Conv2DTranspose",
        filters: 32,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
      },
      {
        className: "Conv2DTranspose",
        filters: 1,
        kernelSize: 3,
        strides: 1,
        padding: "same",
        activation: "linear",
      },
    ],
  };
}

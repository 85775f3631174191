/**
 * Convolutional encoder and decoder of the second lab, with the TensorFlow
 * CVAE tutorial's architecture as defaults:
 *
 * encoder: 28×28×1 → Conv(32, 3, s2) → Conv(64, 3, s2) → Flatten → Dense(2J)
 * decoder: J → Dense(7·7·32) → Reshape → ConvT(64, 3, s2) → ConvT(32, 3, s2)
 *          → ConvT(1, 3, s1) = logits 28×28×1
 *
 * @example
 * ```ts
 * import { buildConvDecoder, buildConvEncoder } from "./conv.ts";
 * const encoder = buildConvEncoder(2);
 * const decoder = buildConvDecoder(2);
 * encoder.outputs[0].shape; // [null, 4]
 * ```
 * @module
 */
import * as tf from "tf";
import type { BuildOptions } from "./dense.ts";
import { kernelInit } from "./init.ts";
import type { LayersModel } from "../backend/tf_types.ts";

/** Convolutional encoder: [B, 28, 28, 1] → [B, 2·latentDim] = (μ, log σ²). */
export function buildConvEncoder(
  latentDim: number,
  { seed, name = "conv_encoder" }: BuildOptions = {},
): LayersModel {
  if (!Number.isInteger(latentDim) || latentDim < 1) {
    throw new RangeError(
      `latent size must be a positive integer, got ${latentDim}`,
    );
  }
  return tf.sequential({
    name,
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        strides: 2,
        activation: "relu",
        kernelInitializer: kernelInit(seed, 0),
      }),
      tf.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        strides: 2,
        activation: "relu",
        kernelInitializer: kernelInit(seed, 1),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 2 * latentDim,
        kernelInitializer: kernelInit(seed, 2),
      }),
    ],
  });
}

/** Convolutional decoder: [B, latentDim] → logits [B, 28, 28, 1]. */
export function buildConvDecoder(
  latentDim: number,
  { seed, name = "conv_decoder" }: BuildOptions = {},
): LayersModel {
  if (!Number.isInteger(latentDim) || latentDim < 1) {
    throw new RangeError(
      `latent size must be a positive integer, got ${latentDim}`,
    );
  }
  const convT = (
    filters: number,
    strides: number,
    layer: number,
    relu = true,
  ) =>
    tf.layers.conv2dTranspose({
      filters,
      kernelSize: 3,
      strides,
      padding: "same",
      activation: relu ? "relu" : "linear",
      kernelInitializer: kernelInit(seed, layer),
    });
  return tf.sequential({
    name,
    layers: [
      tf.layers.dense({
        inputShape: [latentDim],
        units: 7 * 7 * 32,
        activation: "relu",
        kernelInitializer: kernelInit(seed, 0),
      }),
      tf.layers.reshape({ targetShape: [7, 7, 32] }),
      convT(64, 2, 1),
      convT(32, 2, 2),
      convT(1, 1, 3, false),
    ],
  });
}

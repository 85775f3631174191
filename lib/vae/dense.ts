/**
 * Dense (fully connected) encoder and decoder of the first lab.
 *
 * The encoder maps x ∈ Rⁿ to one tensor [B, 2J] = concat(μ, log σ²); the
 * decoder maps z ∈ R^J to [B, 2n] = concat(mean, log-variance) for the
 * Gaussian likelihood, or to [B, n] logits for the Bernoulli one.
 *
 * @example
 * ```ts
 * import { buildDenseDecoder, buildDenseEncoder } from "./dense.ts";
 * const encoder = buildDenseEncoder(784, [400], 20); // the PyTorch VAE example
 * const decoder = buildDenseDecoder(20, [400], 784, "bernoulli");
 * ```
 * @module
 */
import * as tf from "tf";
import { kernelInit } from "./init.ts";
import type { LayersModel } from "../backend/tf_types.ts";

/** Options shared by the builders. */
export interface BuildOptions {
  /** Seed for the weight initializers (reproducible models). */
  seed?: number;
  /** Model name (shows in summaries and saved files). */
  name?: string;
}

function checkSize(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
}

function denseStack(
  inputDim: number,
  hiddenSizes: number[],
  outputDim: number,
  { seed, name }: BuildOptions,
): tf.Sequential {
  checkSize("input size", inputDim);
  checkSize("output size", outputDim);
  hiddenSizes.forEach((h, i) => checkSize(`hidden size ${i + 1}`, h));
  const model = tf.sequential({ name });
  hiddenSizes.forEach((units, i) =>
    model.add(tf.layers.dense({
      units,
      activation: "relu",
      kernelInitializer: kernelInit(seed, i),
      ...(i === 0 ? { inputShape: [inputDim] } : {}),
    }))
  );
  model.add(tf.layers.dense({
    units: outputDim,
    kernelInitializer: kernelInit(seed, hiddenSizes.length),
    ...(hiddenSizes.length === 0 ? { inputShape: [inputDim] } : {}),
  }));
  return model;
}

/** Dense encoder: [B, inputDim] → ReLU hidden layers → [B, 2·latentDim] = (μ, log σ²). */
export function buildDenseEncoder(
  inputDim: number,
  hiddenSizes: number[],
  latentDim: number,
  options: BuildOptions = {},
): LayersModel {
  checkSize("latent size", latentDim);
  return denseStack(inputDim, hiddenSizes, 2 * latentDim, {
    name: "dense_encoder",
    ...options,
  });
}

/**
 * Dense decoder: [B, latentDim] → ReLU hidden layers → [B, 2·outputDim] =
 * (mean, log-variance) for "gaussian" (default, the first lab's x ∈ Rⁿ), or
 * [B, outputDim] logits for "bernoulli".
 */
export function buildDenseDecoder(
  latentDim: number,
  hiddenSizes: number[],
  outputDim: number,
  likelihood: "gaussian" | "bernoulli" = "gaussian",
  options: BuildOptions = {},
): LayersModel {
  checkSize("latent size", latentDim);
  const heads = likelihood === "gaussian" ? 2 : 1;
  return denseStack(latentDim, hiddenSizes, heads * outputDim, {
    name: "dense_decoder",
    ...options,
  });
}

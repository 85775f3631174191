/**
 * The two benchmark architectures of `../shared/anchors/torch_vae_bench.py`,
 * built with tf.layers and initialised like PyTorch's defaults
 * (U(±1/√fan_in) for weights and biases; for a transposed convolution
 * PyTorch's fan_in is out_channels·k·k), so that losses after the same number
 * of steps are comparable.
 *
 * @module
 */
import * as tf from "tf";

/** Benchmark model names. */
export const benchModels = ["conv", "dense"] as const;
/** A benchmark model name. */
export type BenchModel = typeof benchModels[number];

/** Encoder (x → [B, 2J] = concat(mu, logvar)) and decoder (z → logits). */
export interface BenchVae {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  latentDim: number;
  /** Shape of one input example ([28,28,1] for conv, [784] for dense). */
  inputShape: number[];
}

function uniform(fanIn: number, seed: number) {
  const b = 1 / Math.sqrt(fanIn);
  return tf.initializers.randomUniform({ minval: -b, maxval: b, seed });
}

function init(fanIn: number, seed: number) {
  return {
    kernelInitializer: uniform(fanIn, seed),
    biasInitializer: uniform(fanIn, seed + 1),
  };
}

/** TF CVAE tutorial architecture, latent size J (the anchor uses J = 2). */
export function convVae(latentDim = 2, seed = 0): BenchVae {
  const J = latentDim;
  const encoder = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        strides: 2,
        activation: "relu",
        ...init(9, seed),
      }),
      tf.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        strides: 2,
        activation: "relu",
        ...init(32 * 9, seed + 2),
      }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 * J, ...init(64 * 6 * 6, seed + 4) }),
    ],
  });
  const decoder = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [J],
        units: 7 * 7 * 32,
        activation: "relu",
        ...init(J, seed + 6),
      }),
      tf.layers.reshape({ targetShape: [7, 7, 32] }),
      tf.layers.conv2dTranspose({
        filters: 64,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
        ...init(64 * 9, seed + 8),
      }),
      tf.layers.conv2dTranspose({
        filters: 32,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
        ...init(32 * 9, seed + 10),
      }),
      tf.layers.conv2dTranspose({
        filters: 1,
        kernelSize: 3,
        strides: 1,
        padding: "same",
        ...init(1 * 9, seed + 12),
      }),
    ],
  });
  return { encoder, decoder, latentDim: J, inputShape: [28, 28, 1] };
}

/** PyTorch examples/vae: 784-400-(20,20) | 20-400-784. */
export function denseVae(latentDim = 20, hidden = 400, seed = 0): BenchVae {
  const J = latentDim;
  const encoder = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [784],
        units: hidden,
        activation: "relu",
        ...init(784, seed),
      }),
      tf.layers.dense({ units: 2 * J, ...init(hidden, seed + 2) }),
    ],
  });
  const decoder = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [J],
        units: hidden,
        activation: "relu",
        ...init(J, seed + 4),
      }),
      tf.layers.dense({ units: 784, ...init(hidden, seed + 6) }),
    ],
  });
  return { encoder, decoder, latentDim: J, inputShape: [784] };
}

/** Builds the named benchmark model with the anchor's sizes. */
export function buildBenchVae(model: BenchModel, seed = 0): BenchVae {
  return model === "conv" ? convVae(2, seed) : denseVae(20, 400, seed);
}

/**
 * Multiply-accumulates of one forward pass per image, and FLOPs of one
 * training step per image: forward + input gradients (all layers but the
 * first) + weight gradients = 3·forward − first layer's input gradient, at
 * 2 FLOPs per multiply-accumulate. Elementwise work (activations, loss,
 * optimizer) is left out: it is under 1% for both models.
 */
export function flopsPerImage(model: BenchModel, latentDim?: number): {
  forwardMacs: number;
  trainFlops: number;
} {
  // [MACs, is first layer]
  let layers: number[];
  if (model === "conv") {
    const J = latentDim ?? 2;
    layers = [
      13 * 13 * 32 * 9 * 1, // conv 1→32, 3x3, s2, 28→13
      6 * 6 * 64 * 9 * 32, // conv 32→64, 3x3, s2, 13→6
      6 * 6 * 64 * 2 * J, // dense → 2J
      J * 7 * 7 * 32, // dense J → 1568
      7 * 7 * 32 * 9 * 64, // convT 32→64, s2, 7→14 (per input pixel)
      14 * 14 * 64 * 9 * 32, // convT 64→32, s2, 14→28
      28 * 28 * 32 * 9 * 1, // convT 32→1, s1
    ];
  } else {
    const J = latentDim ?? 20;
    layers = [784 * 400, 400 * 2 * J, J * 400, 400 * 784];
  }
  const forwardMacs = layers.reduce((a, b) => a + b, 0);
  return { forwardMacs, trainFlops: 2 * (3 * forwardMacs - layers[0]) };
}

/**
 * The short speed probe behind `--backend auto`: the time of one training
 * step of a network shaped like the course's convolutional VAE (two strided
 * convolutions, dense layers, three transposed convolutions, every weight's
 * gradient) on a given backend, after one untimed step that compiles the
 * GPU's shaders.
 *
 * @module
 */
import * as tf from "tf";

/** Options of {@linkcode stepMilliseconds}. */
export interface ProbeOptions {
  /** Images per step (default 32). */
  batch?: number;
  /** Timed steps; the median is returned (default 3). */
  reps?: number;
}

/** Deterministic values in [-scale, scale) (no backend involved). */
function values(n: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = (a / 2 ** 32 * 2 - 1) * scale;
  }
  return out;
}

const SHAPES: number[][] = [
  [3, 3, 1, 32], // encoder conv 28 → 13
  [3, 3, 32, 64], // encoder conv 13 → 6
  [6 * 6 * 64, 4], // encoder dense → μ, log σ² (J = 2)
  [2, 7 * 7 * 32], // decoder dense
  [3, 3, 64, 32], // decoder convT 7 → 14
  [3, 3, 32, 64], // decoder convT 14 → 28
  [3, 3, 1, 32], // decoder convT 28 → 28, one channel
];

function loss(x: tf.Tensor4D, w: tf.Tensor[]): tf.Scalar {
  const b = x.shape[0];
  let h = tf.relu(tf.conv2d(x, w[0] as tf.Tensor4D, 2, "valid"));
  h = tf.relu(tf.conv2d(h as tf.Tensor4D, w[1] as tf.Tensor4D, 2, "valid"));
  const stats = tf.matMul(tf.reshape(h, [b, -1]), w[2] as tf.Tensor2D);
  const z = tf.slice(stats, [0, 0], [b, 2]);
  let y = tf.reshape(tf.relu(tf.matMul(z, w[3] as tf.Tensor2D)), [
    b,
    7,
    7,
    32,
  ]) as tf.Tensor4D;
  const up = (t: tf.Tensor4D, k: tf.Tensor, size: number, c: number, s = 2) =>
    tf.conv2dTranspose(t, k as tf.Tensor4D, [b, size, size, c], s, "same");
  y = tf.relu(up(y, w[4], 14, 64));
  y = tf.relu(up(y, w[5], 28, 32));
  const logits = up(y, w[6], 28, 1, 1);
  return tf.mean(tf.square(tf.sub(tf.sigmoid(logits), x)));
}

/**
 * Median milliseconds of one probe step on `backend` (which must be
 * registered and startable). Switches the active backend to `backend` and
 * leaves it there; frees every tensor it makes.
 *
 * @example
 * ```ts
 * import { stepMilliseconds } from "./speed_probe.ts";
 * const ms = await stepMilliseconds("cpu", { batch: 2, reps: 1 });
 * ```
 */
export async function stepMilliseconds(
  backend: string,
  { batch = 32, reps = 3 }: ProbeOptions = {},
): Promise<number> {
  if (!await tf.setBackend(backend)) {
    throw new Error(`backend ${backend} did not start`);
  }
  const x = tf.tensor4d(values(batch * 784, 1, 0.5).map((v) => v + 0.5), [
    batch,
    28,
    28,
    1,
  ]);
  const weights = SHAPES.map((shape, i) =>
    tf.tensor(values(shape.reduce((p, q) => p * q, 1), i + 2, 0.1), shape)
  );
  const gradient = tf.grads((...w: tf.Tensor[]) => loss(x, w));
  const step = async () => {
    const total = tf.tidy(() =>
      tf.addN(gradient(weights).map((g) => tf.sum(g)))
    );
    await total.data();
    total.dispose();
  };
  try {
    await step(); // compiles the shaders / creates the operators
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await step();
      times.push(performance.now() - t0);
    }
    times.sort((p, q) => p - q);
    return times[times.length >> 1];
  } finally {
    tf.dispose([x, ...weights]);
  }
}

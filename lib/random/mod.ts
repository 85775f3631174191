/**
 * Seeded pseudo-random numbers for reproducible experiments: a generator and
 * a seeded permutation (for data splits and epoch shuffling).
 *
 * @example
 * ```ts
 * import { seededRandom, shuffleIndices } from "./mod.ts";
 * const rng = seededRandom(0);
 * rng.next();
 * shuffleIndices(10, 0);
 * ```
 *
 * @module
 */
export { type SeededRandom, seededRandom } from "./prng.ts";
export { shuffleIndices } from "./shuffle.ts";

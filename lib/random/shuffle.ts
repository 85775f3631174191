import { seededRandom } from "./prng.ts";

/**
 * Returns a seeded random permutation of 0..n-1 (Fisher–Yates). The same
 * `(n, seed)` always gives the same permutation.
 *
 * @example
 * ```ts
 * import { shuffleIndices } from "./shuffle.ts";
 * const order = shuffleIndices(5, 1); // e.g. Int32Array [3, 0, 4, 1, 2]
 * ```
 */
export function shuffleIndices(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(
      `shuffleIndices: n must be a non-negative integer, got ${n}`,
    );
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const rng = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

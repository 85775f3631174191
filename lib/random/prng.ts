/**
 * A small, fast, seedable pseudo-random number generator (mulberry32 with a
 * splitmix32 seed scrambler). Not cryptographic; meant for reproducible data
 * splits, shuffles and sampling in experiments.
 *
 * @module
 */

/** A seeded source of uniform floats in [0, 1). */
export interface SeededRandom {
  /** Next uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) (unbiased, by rejection). */
  nextInt(n: number): number;
}

/** splitmix32: spreads a possibly small/simple seed over all 32 bits. */
function splitmix32(seed: number): number {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Creates a reproducible generator from an integer seed: the same seed always
 * yields the same sequence, different seeds different sequences.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./prng.ts";
 * const rng = seededRandom(42);
 * const u = rng.next(); // in [0, 1)
 * ```
 */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) {
    throw new RangeError(
      `seededRandom: seed must be a finite number, got ${seed}`,
    );
  }
  // Fold seeds outside the int32 range (e.g. Date.now()) into 32 bits.
  const folded = (Math.trunc(seed) % 0x100000000) | 0;
  let state = splitmix32(folded);
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 0x100000000,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
        throw new RangeError(
          `nextInt: n must be an integer in [1, 2^32], got ${n}`,
        );
      }
      // Rejection sampling removes modulo bias.
      const limit = 0x100000000 - (0x100000000 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}

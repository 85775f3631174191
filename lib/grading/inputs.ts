/**
 * Seeded test inputs: float32-representable Gaussian and uniform arrays, so
 * the grader (float64) and the sandbox (float32) start from identical values.
 *
 * @module
 */
import { type SeededRandom, seededRandom } from "../random/mod.ts";

/** A flat array with its shape. */
export interface Array64 {
  shape: number[];
  data: Float64Array;
}

/** Number of elements of a shape. */
export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Standard normal draws (Box–Muller), rounded to float32. */
export function normal(
  rng: SeededRandom,
  shape: number[],
  mean = 0,
  std = 1,
): Array64 {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const u = 1 - rng.next();
    const v = rng.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    data[i] = Math.fround(mean + std * z);
  }
  return { shape, data };
}

/** Uniform draws in [lo, hi), rounded to float32. */
export function uniform(
  rng: SeededRandom,
  shape: number[],
  lo: number,
  hi: number,
): Array64 {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.fround(lo + (hi - lo) * rng.next());
  }
  return { shape, data };
}

/** Uniform integer in [lo, hi]. */
export function intBetween(rng: SeededRandom, lo: number, hi: number): number {
  return lo + rng.nextInt(hi - lo + 1);
}

/** A fresh seed from the operating system's generator (one per run). */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** A generator for a test: fixed seed if given, else `runSeed` mixed with `salt`. */
export function testRandom(
  seed: number | undefined,
  runSeed: number,
  salt: number,
): SeededRandom {
  return seededRandom(seed ?? (runSeed ^ Math.imul(salt + 1, 0x9e3779b1)));
}

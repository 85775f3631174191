/**
 * Seeded test inputs: float32-representable Gaussian and uniform arrays (so
 * the grader's float64 oracle and the sandbox's float32 tensors start from
 * identical values) and the call arguments made from them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "../../random/mod.ts";
 * import { normal } from "./inputs.ts";
 * const a = normal(seededRandom(1), [2, 3]);
 * assert.deepEqual(a.shape, [2, 3]);
 * assert.equal(a.data[0], Math.fround(a.data[0]));
 * ```
 * @module
 */
import { type SeededRandom, seededRandom } from "../../random/mod.ts";
import { type Arg, plainTensor } from "../sandbox/protocol.ts";

/** A flat float64 array with its shape (row-major). */
export interface Array64 {
  /** Its shape (no batch axis special). */
  shape: number[];
  /** Its values, row-major. */
  data: Float64Array;
}

/** Number of elements of a shape. */
export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Standard normal draws (Box–Muller) scaled to N(mean, std²), rounded to float32. */
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

/** An array of the given shape filled by repeating `row` (rounded to float32). */
export function tiled(rows: number, row: ArrayLike<number>): Array64 {
  const cols = row.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(row[i % cols]);
  return { shape: [rows, cols], data };
}

/** Uniform integer in [lo, hi]. */
export function intBetween(rng: SeededRandom, lo: number, hi: number): number {
  return lo + rng.nextInt(hi - lo + 1);
}

/** A fresh seed from the operating system's generator (one per grading run). */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** A test's generator: its fixed seed if it has one, else the run's seed mixed with `salt`. */
export function testRandom(
  seed: number | undefined,
  runSeed: number,
  salt: number,
): SeededRandom {
  return seededRandom(
    seed ?? ((runSeed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0),
  );
}

/** A tensor argument. */
export function tensorArg(a: Array64): Arg {
  return plainTensor(a.shape, a.data);
}

/** A plain JSON argument (numbers, arrays of numbers). */
export function jsonArg(v: unknown): Arg {
  return { t: "json", v };
}

/**
 * Float64 building blocks for the labs' oracles: per-example reductions,
 * elementwise maps, scalars and the wrong variants every per-example
 * reduction invites (summing or averaging over the batch too, not reducing,
 * keeping a dimension, averaging instead of summing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reduceRows } from "./arrays.ts";
 * assert.deepEqual([...reduceRows(2, 2, (i) => i).data], [1, 5]);
 * ```
 * @module
 */
import type { Array64 } from "../../checks/inputs.ts";
import type { Variant } from "../../feedback/compare.ts";

/** log(2π). */
export const LOG_2PI = Math.log(2 * Math.PI);

/** [B, F] elementwise `term(i)` reduced per example (row). */
export function reduceRows(
  rows: number,
  cols: number,
  term: (i: number) => number,
  how: "sum" | "mean" = "sum",
): Array64 {
  const data = new Float64Array(rows);
  for (let b = 0; b < rows; b++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += term(b * cols + j);
    data[b] = how === "sum" ? s : s / cols;
  }
  return { shape: [rows], data };
}

/** An array of `shape` with element i = `term(i)`. */
export function elementwise(
  shape: number[],
  term: (i: number) => number,
): Array64 {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = term(i);
  return { shape, data };
}

/** A 0-d array. */
export function scalar(x: number): Array64 {
  return { shape: [], data: Float64Array.of(x) };
}

/** Sum of all elements. */
export function total(a: Array64): number {
  return a.data.reduce((s, x) => s + x, 0);
}

/** Every element times k. */
export function scale(a: Array64, k: number): Array64 {
  return { shape: a.shape, data: a.data.map((x) => x * k) };
}

/** The wrong reductions of a per-example [B] result built from [B, F] terms. */
export function reductionVariants(
  rows: number,
  cols: number,
  term: (i: number) => number,
  axis: string,
): Variant[] {
  const perExample = reduceRows(rows, cols, term);
  return [
    {
      cause:
        `sumaste también sobre el batch: se pide un valor por ejemplo (forma [${rows}]), no un escalar`,
      value: scalar(total(perExample)),
    },
    {
      cause:
        `promediaste sobre el batch: se pide un valor por ejemplo (forma [${rows}]), no un escalar`,
      value: scalar(total(perExample) / rows),
    },
    {
      cause: `falta reducir: hay que sumar sobre ${axis} (eje 1)`,
      value: elementwise([rows, cols], term),
    },
    {
      cause:
        `sobra una dimensión: usa sum(1) sin keepDims para obtener forma [${rows}]`,
      value: { shape: [rows, 1], data: perExample.data },
    },
    {
      cause: `promediaste sobre ${axis} en vez de sumar`,
      value: reduceRows(rows, cols, term, "mean"),
    },
  ];
}

/** Tolerance of the labs' value tests (float32 work against a float64 oracle). */
export const TOL = { rtol: 1e-4, atol: 1e-4 };

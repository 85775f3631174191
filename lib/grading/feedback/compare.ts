/**
 * Spanish feedback on a returned value a student can act on: what it is
 * (when it is not a tensor), its shape and dtype, NaN and ±Infinity named
 * as such with where they first appear, then how many elements differ with
 * the worst few, then a likely cause found by matching the output against
 * known wrong variants.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainTensor } from "../sandbox/protocol.ts";
 * import { compareOutput } from "./compare.ts";
 * const expected = { shape: [2], data: Float64Array.of(1, 2) };
 * const verdict = compareOutput(plainTensor([2], [1, NaN]), expected, { rtol: 1e-4, atol: 1e-4 });
 * assert.match(verdict.message, /NaN/);
 * ```
 * @module
 */
import { allClose } from "../../testing/allclose.ts";
import type { Array64 } from "../checks/inputs.ts";
import { fail, PASS, type Verdict } from "../checks/define.ts";
import { tensorData, type Value } from "../sandbox/protocol.ts";

/** Tolerances of a comparison. */
export interface Tolerance {
  /** Relative tolerance. */
  rtol: number;
  /** Absolute tolerance. */
  atol: number;
}

/** A known mistake: what it yields and how to explain it (Spanish). */
export interface Variant {
  /** What the student likely did (Spanish, lower case). */
  cause: string;
  /** What that mistake yields. */
  value: Array64;
}

/** Formats a number compactly for messages. */
export function num(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5
    ? String(Number(x.toPrecision(6)))
    : x.toExponential(4);
}

/** `[2, 3]` */
export const shapeText = (shape: readonly (number | null)[]): string =>
  `[${shape.map((d) => d ?? "B").join(", ")}]`;

/** Describes a returned value in Spanish ("un tensor de forma [3]", "undefined (¿falta un return?)"). */
export function describeValue(value: Value): string {
  switch (value.t) {
    case "tensor":
      return `un tensor de forma ${shapeText(value.shape)}`;
    case "big":
      return `un tensor de forma ${
        shapeText(value.shape)
      } (demasiado grande para compararlo)`;
    case "model":
      return "un modelo";
    case "promise":
      return "una Promise";
    case "gradients":
      return "gradientes";
    case "other":
      if (value.type === "undefined") return "undefined (¿falta un `return`?)";
      return `un valor de tipo ${value.type}${
        value.text ? ` (${value.text.slice(0, 60)})` : ""
      }`;
  }
}

/** The values of a plain tensor as float64. */
export function valuesOf(value: Value & { t: "tensor" }): Float64Array {
  return Float64Array.from(tensorData(value));
}

function multiIndex(flat: number, shape: number[]): number[] {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** "2 valores NaN (el primero en [0, 3])" — or undefined when all are finite. */
export function nonFiniteText(
  values: ArrayLike<number>,
  shape: number[],
): string | undefined {
  const kinds = [
    { label: "NaN", test: (x: number) => Number.isNaN(x) },
    { label: "+Infinity", test: (x: number) => x === Infinity },
    { label: "-Infinity", test: (x: number) => x === -Infinity },
  ];
  const parts: string[] = [];
  for (const k of kinds) {
    let count = 0, first = -1;
    for (let i = 0; i < values.length; i++) {
      if (k.test(values[i])) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (count > 0) {
      parts.push(
        `${count} ${
          count === 1 ? "valor" : "valores"
        } ${k.label} (el primero en ${shapeText(multiIndex(first, shape))})`,
      );
    }
  }
  return parts.length ? parts.join(", ") : undefined;
}

/** The first variant the values match, if any. */
export function likelyCause(
  actual: Float64Array,
  shape: number[],
  variants: Variant[],
  tol: Tolerance,
): string | undefined {
  for (const variant of variants) {
    if (variant.value.shape.join() !== shape.join()) continue;
    const r = allClose(actual, variant.value.data, {
      rtol: Math.max(tol.rtol, 1e-4),
      atol: Math.max(tol.atol, 1e-4),
    });
    if (r.ok) return variant.cause;
  }
  return undefined;
}

/**
 * Compares a returned value with the expected array; `label` names what was
 * computed (Spanish, e.g. "klStandardNormal(mu, logvar) con forma [4, 3]").
 */
export function compareOutput(
  value: Value,
  expected: Array64,
  tol: Tolerance,
  variants: Variant[] = [],
  label = "el resultado",
): Verdict {
  if (value.t !== "tensor") {
    return fail(
      `${label}: se esperaba un tf.Tensor de forma ${
        shapeText(expected.shape)
      } y se obtuvo ${describeValue(value)}.`,
      "no devuelve un tensor",
    );
  }
  const actual = valuesOf(value);
  if (value.shape.join() !== expected.shape.join()) {
    const cause = likelyCause(actual, value.shape, variants, tol);
    return fail(
      `${label}: forma incorrecta: ${shapeText(value.shape)}, se esperaba ${
        shapeText(expected.shape)
      }.` + (cause ? `\nCausa probable: ${cause}.` : ""),
      `la forma del resultado no es la pedida${
        cause ? ` (causa probable: ${cause})` : ""
      }`,
    );
  }
  if (value.dtype !== "float32") {
    return fail(
      `${label}: tipo ${value.dtype}, se esperaba float32 (¿convertiste a enteros o comparaste?).`,
      "el resultado no es float32",
    );
  }
  const bad = nonFiniteText(actual, value.shape);
  if (bad) {
    return fail(
      `${label}: el resultado tiene ${bad}. Revisa logaritmos de números ≤ 0, divisiones por cero y exp de valores grandes.`,
      "el resultado tiene valores NaN o infinitos",
    );
  }
  const r = allClose(actual, expected.data, { ...tol, worst: 3 });
  if (r.ok) return PASS;
  const lines = [
    `${label}: ${r.mismatchCount} de ${r.total} elementos difieren (rtol=${tol.rtol}, atol=${tol.atol}).`,
    `Diferencia máxima: absoluta ${num(r.maxAbsDiff)}, relativa ${
      num(r.maxRelDiff)
    }.`,
    "Peores elementos (índice: obtenido vs esperado):",
    ...r.worst.map((m) =>
      `  ${shapeText(m.index)}: ${num(m.actual)} vs ${num(m.expected)}`
    ),
  ];
  const cause = likelyCause(actual, value.shape, variants, tol);
  if (cause) lines.push(`Causa probable: ${cause}.`);
  return fail(
    lines.join("\n"),
    `los valores no coinciden con los esperados${
      cause ? ` (causa probable: ${cause})` : ""
    }`,
  );
}

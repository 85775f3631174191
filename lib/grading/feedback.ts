/**
 * Spanish feedback a student can act on: shape and dtype first, then how
 * many elements differ with the worst few and the largest differences, then
 * a likely cause found by matching the output against known wrong variants.
 * Also turns errors thrown by student code into plain explanations.
 *
 * @module
 */
import { allClose } from "../testing/allclose.ts";
import type { Verdict } from "./definitions.ts";
import type { Variant } from "./expected.ts";
import type { Array64 } from "./inputs.ts";
import { tensorValues, type WireError, type WireValue } from "./wire.ts";

/** Tolerances for {@link compareOutput}. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Formats a number compactly for messages. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5
    ? String(Number(x.toPrecision(6)))
    : x.toExponential(4);
}

const shapeText = (shape: number[]) => `[${shape.join(", ")}]`;

/** Describes a non-tensor value a student returned. */
export function describeValue(value: WireValue): string {
  if (value.t === "tensor") {
    return `un tensor de forma ${shapeText(value.shape)}`;
  }
  if (value.t === "model") return "un modelo";
  if (value.type === "undefined") {
    return "undefined (¿falta un `return`?)";
  }
  if (value.type === "tensor") return `un tensor ${value.text}`;
  return `un valor de tipo ${value.type}${
    value.text ? ` (${value.text.slice(0, 60)})` : ""
  }`;
}

function likelyCause(
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
 * Compares a returned value with the expected array. `label` names what was
 * computed (Spanish, e.g. "klStandardNormal(mu, logvar)").
 */
export function compareOutput(
  value: WireValue,
  expected: Array64,
  tol: Tolerance,
  variants: Variant[] = [],
  label = "el resultado",
): Verdict {
  if (value.t !== "tensor") {
    return {
      passed: false,
      message: `${label}: se esperaba un tf.Tensor de forma ${
        shapeText(expected.shape)
      } y se obtuvo ${describeValue(value)}.`,
    };
  }
  const actual = tensorValues(value);
  if (value.shape.join() !== expected.shape.join()) {
    const cause = likelyCause(actual, value.shape, variants, tol);
    return {
      passed: false,
      message:
        `${label}: forma incorrecta: ${shapeText(value.shape)}, se esperaba ${
          shapeText(expected.shape)
        }.` + (cause ? `\nCausa probable: ${cause}.` : ""),
    };
  }
  if (value.dtype !== "float32") {
    return {
      passed: false,
      message:
        `${label}: tipo ${value.dtype}, se esperaba float32 (¿convertiste a enteros?).`,
    };
  }
  const r = allClose(actual, expected.data, { ...tol, worst: 3 });
  if (r.ok) return { passed: true, message: "" };
  const nonFinite = actual.some((x) => !Number.isFinite(x));
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
  if (nonFinite) {
    lines.push(
      "Hay valores NaN o infinitos: revisa logaritmos de números ≤ 0, divisiones por cero o exp de valores grandes.",
    );
  }
  const cause = likelyCause(actual, value.shape, variants, tol);
  if (cause) lines.push(`Causa probable: ${cause}.`);
  return { passed: false, message: lines.join("\n") };
}

/** The "not implemented" message (the student notebook's TODO stub). */
export const NOT_IMPLEMENTED =
  'Sin implementar: la celda todavía lanza el error TODO del enunciado. Sustituye la línea `throw new Error("TODO: …")` por tu implementación.';

/** Whether an error is the TODO stub of a released notebook. */
export function isTodo(error: WireError): boolean {
  return /^TODO\b/.test(error.message) ||
    /not implemented|sin implementar/i.test(error.message);
}

/** Spanish explanation of an error thrown by student code. */
export function explainError(error: WireError, fn: string): string {
  if (isTodo(error)) return NOT_IMPLEMENTED;
  const m = error.message;
  if (error.name === "NotCapable" || error.name === "PermissionDenied") {
    if (/read access|--allow-read/i.test(m)) {
      return "El código intentó leer un archivo: no está permitido en una celda evaluada.";
    }
    if (/net access|--allow-net/i.test(m)) {
      return "El código intentó usar la red: no está permitido en una celda evaluada.";
    }
    if (/env access|--allow-env/i.test(m)) {
      return "El código intentó leer variables de entorno: no está permitido en una celda evaluada.";
    }
    if (/write access|--allow-write/i.test(m)) {
      return "El código intentó escribir un archivo: no está permitido en una celda evaluada.";
    }
    if (/run access|--allow-run/i.test(m)) {
      return "El código intentó lanzar un proceso: no está permitido en una celda evaluada.";
    }
    return `El código pidió un permiso que no tiene en la evaluación (${
      m.split("\n")[0].slice(0, 160)
    }).`;
  }
  if (/Deno\.exit\(\)/.test(m)) {
    return "El código intentó terminar el proceso (Deno.exit() o process.exit()): no está permitido en una celda evaluada.";
  }
  if (
    error.name === "RangeError" &&
    /array buffer|allocation|Invalid typed array length|Array buffer allocation failed/i
      .test(m)
  ) {
    return `El código intentó reservar una cantidad de memoria desmesurada (${
      m.slice(0, 160)
    }).`;
  }
  if (error.name === "ReferenceError") {
    return `${fn} usa algo que no existe en la celda: ${
      m.slice(0, 200)
    }. Una celda evaluada solo puede usar los imports del notebook y las funciones de otros ejercicios.`;
  }
  return `${fn} lanzó ${error.name}: ${
    m.split("\n").slice(0, 4).join("\n").slice(0, 600)
  }`;
}

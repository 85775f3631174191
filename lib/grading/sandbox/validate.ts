/**
 * The harness's checks on what a worker sends: any message from the
 * student's realm becomes a validated, bounded copy (shapes, sizes, text
 * lengths, the base64 length of tensor data), and anything malformed
 * becomes a harmless "other" value or a generic error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkValue } from "./validate.ts";
 * assert.deepEqual(checkValue({ t: "tensor", shape: [1e9], dtype: "float32", data: "" }).t, "other");
 * ```
 * @module
 */
import {
  type GradientSummary,
  type LayerSummary,
  MAX_ELEMENTS,
  MAX_TEXT,
  type ModelSummary,
  type PlainError,
  type PlainTensor,
  type Result,
  type Value,
} from "./protocol.ts";

const isInt = (x: unknown): x is number =>
  typeof x === "number" && Number.isInteger(x) && x >= 0;

function text(x: unknown, max = MAX_TEXT): string {
  return typeof x === "string" ? x.slice(0, max) : "";
}

/** A validated copy of a plain error (anything else becomes a generic one). */
export function checkError(x: unknown): PlainError {
  const e = (typeof x === "object" && x !== null ? x : {}) as Record<
    string,
    unknown
  >;
  const out: PlainError = {
    name: text(e.name, 100) || "Error",
    message: text(e.message),
  };
  if (typeof e.at === "string") out.at = text(e.at, 200);
  return out;
}

const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;

/** Number of elements of a shape, or -1 when the shape is not plain. */
export function shapeSize(shape: unknown): number {
  if (!Array.isArray(shape) || shape.length > 8) return -1;
  let n = 1;
  for (const d of shape) {
    if (!isInt(d) || d > MAX_ELEMENTS) return -1;
    n *= d;
  }
  return n;
}

/** A validated plain tensor, or undefined when `x` is not one. */
export function checkTensor(x: unknown): PlainTensor | undefined {
  const t = x as Partial<PlainTensor> | null;
  if (typeof t !== "object" || t === null || t.t !== "tensor") return;
  const size = shapeSize(t.shape);
  if (size < 0 || size > MAX_ELEMENTS) return;
  if (t.dtype !== "float32" && t.dtype !== "int32" && t.dtype !== "bool") {
    return;
  }
  if (typeof t.data !== "string") return;
  const bytes = size * DTYPE_BYTES[t.dtype];
  if (t.data.length !== 4 * Math.ceil(bytes / 3)) return;
  return { t: "tensor", shape: [...t.shape!], dtype: t.dtype, data: t.data };
}

function checkModelSummary(x: unknown): ModelSummary | undefined {
  const s = x as Partial<ModelSummary> | null;
  if (typeof s !== "object" || s === null) return;
  const shapes = (v: unknown) =>
    Array.isArray(v) && v.length <= 16 &&
    v.every((sh) =>
      Array.isArray(sh) && sh.length <= 8 &&
      sh.every((d) => d === null || isInt(d))
    );
  if (!shapes(s.inputs) || !shapes(s.outputs)) return;
  if (!isInt(s.params) || !isInt(s.trainableParams)) return;
  if (!Array.isArray(s.layers) || s.layers.length > 500) return;
  if (!Array.isArray(s.gradients) || s.gradients.length > 2000) return;
  const ints = (v: unknown) =>
    v === undefined ? undefined : Array.isArray(v) && v.length <= 4 &&
        v.every(isInt)
      ? [...v]
      : undefined;
  const layers: LayerSummary[] = s.layers.map((l: Partial<LayerSummary>) => {
    const out: LayerSummary = {
      className: text(l?.className, 100),
      name: text(l?.name, 100),
      trainable: l?.trainable === true,
      params: isInt(l?.params) ? l.params : 0,
    };
    if (isInt(l?.units)) out.units = l.units;
    if (isInt(l?.filters)) out.filters = l.filters;
    if (ints(l?.kernelSize)) out.kernelSize = ints(l?.kernelSize);
    if (ints(l?.strides)) out.strides = ints(l?.strides);
    if (ints(l?.poolSize)) out.poolSize = ints(l?.poolSize);
    if (typeof l?.padding === "string") out.padding = text(l.padding, 20);
    if (typeof l?.activation === "string") {
      out.activation = text(l.activation, 40);
    }
    if (ints(l?.targetShape)) out.targetShape = ints(l?.targetShape);
    if (typeof l?.useBias === "boolean") out.useBias = l.useBias;
    return out;
  });
  const gradients: GradientSummary[] = s.gradients.map((
    g: Partial<GradientSummary>,
  ) => ({
    weight: text(g?.weight, 200),
    layer: text(g?.layer, 100),
    finite: g?.finite === true,
    norm: typeof g?.norm === "number" && Number.isFinite(g.norm) ? g.norm : 0,
  }));
  return {
    inputs: s.inputs!.map((sh) => [...sh]),
    outputs: s.outputs!.map((sh) => [...sh]),
    params: s.params,
    trainableParams: s.trainableParams,
    layers,
    gradients,
    outputVaries: s.outputVaries === true,
    outputFinite: s.outputFinite === true,
  };
}

/** A validated copy of a returned value; anything malformed becomes "other". */
export function checkValue(x: unknown): Value {
  const v = (typeof x === "object" && x !== null ? x : {}) as Record<
    string,
    unknown
  >;
  switch (v.t) {
    case "tensor":
      return checkTensor(v) ??
        { t: "other", type: "malformed", text: "tensor ilegible" };
    case "gradients": {
      const items = Array.isArray(v.items) && v.items.length <= 8
        ? v.items.map(checkTensor)
        : [];
      const output = checkTensor(v.output);
      if (items.length === 0 || items.some((t) => t === undefined)) {
        return { t: "other", type: "malformed", text: "gradientes ilegibles" };
      }
      return output
        ? { t: "gradients", items: items as PlainTensor[], output }
        : { t: "gradients", items: items as PlainTensor[] };
    }
    case "model": {
      if (typeof v.error === "string") {
        return { t: "model", error: text(v.error) };
      }
      const summary = checkModelSummary(v.summary);
      return summary
        ? { t: "model", summary }
        : { t: "model", error: "resumen del modelo ilegible" };
    }
    case "big": {
      const shape = Array.isArray(v.shape) && v.shape.length <= 8 &&
          v.shape.every(isInt)
        ? [...v.shape]
        : [];
      return { t: "big", shape, dtype: text(v.dtype, 20) };
    }
    case "promise":
      return { t: "promise" };
    default:
      return { t: "other", type: text(v.type, 40), text: text(v.text, 200) };
  }
}

/** A validated copy of a call result. */
export function checkResult(x: unknown): Result {
  const r = (typeof x === "object" && x !== null ? x : {}) as Record<
    string,
    unknown
  >;
  if (r.ok !== true) return { ok: false, error: checkError(r.error) };
  const indexes = (v: unknown) =>
    Array.isArray(v) ? v.filter(isInt).slice(0, 16) : [];
  return {
    ok: true,
    value: checkValue(r.value),
    disposed: indexes(r.disposed),
    mutated: indexes(r.mutated),
  };
}

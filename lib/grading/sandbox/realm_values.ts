/**
 * What crosses the student realm's boundary, converted with intrinsics
 * captured when the worker starts (before any student code): plain
 * arguments made into tensors and decoders, returned values made into
 * plain {@link Value}s (tensors, a model's topology for the probe, a
 * Promise, anything else), and the gradient a training step would take.
 * Part of the worker; nothing here is trusted by the harness.
 *
 * @module
 */
import * as tf from "tf";
import type {
  Arg,
  GradientRequest,
  PlainDecoder,
  PlainTensor,
  Value,
} from "./protocol.ts";
import {
  MAX_ELEMENTS,
  MAX_TOPOLOGY,
  plainTensor,
  tensorData,
} from "./protocol.ts";

const Tensor = tf.Tensor;
const dataSyncOf = tf.Tensor.prototype.dataSync;
const apply = Reflect.apply;
const stringify = JSON.stringify;
const cloneJson = structuredClone;

function messageOf(error: unknown): string {
  try {
    return String((error as { message?: unknown })?.message ?? error)
      .slice(0, 1000);
  } catch {
    return "";
  }
}

export function toTensor(t: PlainTensor): tf.Tensor {
  return tf.tensor(tensorData(t), t.shape, t.dtype);
}

export function toDecoder(d: PlainDecoder) {
  const w1 = toTensor(d.w1) as tf.Tensor2D, b1 = toTensor(d.b1);
  const w2 = toTensor(d.w2) as tf.Tensor2D, b2 = toTensor(d.b2);
  const tanh = d.activation === "tanh";
  return (z: tf.Tensor2D) =>
    tf.tidy(() => {
      const h = tf.matMul(z, w1).add(b1);
      return {
        mean: (tanh ? tf.tanh(h) : h) as tf.Tensor2D,
        logvar: tf.matMul(z, w2).add(b2) as tf.Tensor2D,
      };
    });
}

export function toArg(arg: Arg): unknown {
  switch (arg.t) {
    case "tensor":
      return toTensor(arg);
    case "decoder":
      return toDecoder(arg);
    case "json":
      return cloneJson(arg.v);
    case "undefined":
      return undefined;
  }
}

export function bytesOf(t: tf.Tensor): Uint8Array {
  const data = apply(dataSyncOf, t, []) as ArrayLike<number>;
  return new Uint8Array(Float32Array.from(data).buffer);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toValue(value: unknown): { value: Value; topology?: string } {
  if (value instanceof Tensor) {
    const t = value as tf.Tensor;
    if (t.size > MAX_ELEMENTS) {
      return { value: { t: "big", shape: [...t.shape], dtype: t.dtype } };
    }
    const dtype = t.dtype === "int32" || t.dtype === "bool"
      ? t.dtype
      : t.dtype === "float32"
      ? "float32"
      : undefined;
    if (!dtype) {
      return { value: { t: "other", type: `tensor ${t.dtype}`, text: "" } };
    }
    const data = apply(dataSyncOf, t, []) as ArrayLike<number>;
    return { value: plainTensor(t.shape, data, dtype) };
  }
  const model = value as { toJSON?: unknown; layers?: unknown } | null;
  if (
    typeof value === "object" && value !== null &&
    typeof model!.toJSON === "function" && Array.isArray(model!.layers)
  ) {
    let topology: unknown;
    try {
      topology = (model!.toJSON as (a: null, b: boolean) => unknown)(
        null,
        false,
      );
    } catch (error) {
      return {
        value: {
          t: "model",
          error: `no se pudo serializar el modelo: ${messageOf(error)}`,
        },
      };
    }
    const text = typeof topology === "string" ? topology : stringify(topology);
    if (typeof text !== "string" || text.length > MAX_TOPOLOGY) {
      return {
        value: {
          t: "model",
          error: "el modelo es demasiado grande para revisarlo",
        },
      };
    }
    return { value: { t: "model", error: "" }, topology: text };
  }
  if (
    typeof value === "object" && value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  ) {
    // The notebook would not await it either; a rejection must not leak.
    (value as Promise<unknown>).then?.(() => {}, () => {});
    return { value: { t: "promise" } };
  }
  const type = value === null
    ? "null"
    : Array.isArray(value)
    ? "array"
    : typeof value;
  let text = "";
  try {
    text = String(value).slice(0, 200);
  } catch { /* unprintable */ }
  return { value: { t: "other", type, text } };
}

/**
 * The gradient of Σ weights·f(args) with respect to the arguments `wrt`,
 * as the notebook's training would take it (tf.grads over the function).
 */
export function gradientsOf(
  f: (...a: unknown[]) => unknown,
  values: unknown[],
  request: GradientRequest,
): Value {
  const weights = toTensor(request.weights);
  const objective = (...xs: tf.Tensor[]) => {
    const args: unknown[] = [];
    for (let i = 0; i < values.length; i++) args[i] = values[i];
    for (let k = 0; k < request.wrt.length; k++) args[request.wrt[k]] = xs[k];
    const out = apply(f, undefined, args);
    if (!(out instanceof Tensor)) {
      throw new TypeError("la función no devuelve un tensor");
    }
    return tf.sum(tf.mul(out as tf.Tensor, weights));
  };
  const inputs: tf.Tensor[] = [];
  for (let k = 0; k < request.wrt.length; k++) {
    inputs[k] = values[request.wrt[k]] as tf.Tensor;
  }
  const grads = tf.grads(objective)(inputs);
  const items: PlainTensor[] = [];
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    items[k] = plainTensor(
      g.shape,
      apply(dataSyncOf, g, []) as ArrayLike<number>,
      "float32",
    );
  }
  return { t: "gradients", items };
}

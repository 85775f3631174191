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

const TensorProto = tf.Tensor.prototype;
const dataSyncOf = tf.Tensor.prototype.dataSync;
const apply = Reflect.apply;
const stringify = JSON.stringify;
const cloneJson = structuredClone;
const prototypeOf = Object.getPrototypeOf;
const ownProperty = Object.getOwnPropertyDescriptor;
const defineProperty = Object.defineProperty;

/**
 * `array[index] = value` that no setter a cell put on `Array.prototype`
 * can intercept (an assignment to a missing index walks the prototypes).
 */
export function put<T>(array: T[], index: number, value: T): void {
  defineProperty(array, index, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Whether `v` is a tensor tfjs made: `Tensor.prototype` on its chain and
 * its own `dataId` (tfjs's `instanceof Tensor` is a duck-type check that a
 * Promise with a few borrowed getters passes).
 */
export function isTensor(v: unknown): v is tf.Tensor {
  if (typeof v !== "object" || v === null) return false;
  const id = ownProperty(v, "dataId");
  if (!id || !("value" in id)) return false;
  for (let p = prototypeOf(v); p !== null; p = prototypeOf(p)) {
    if (p === TensorProto) return true;
  }
  return false;
}

/** A copy of a shape, made without the array's (patchable) iterator. */
function shapeOf(t: tf.Tensor): number[] {
  const shape = ownProperty(t, "shape")?.value as number[] | undefined;
  const out: number[] = [];
  for (let i = 0; i < (shape?.length ?? 0); i++) put(out, i, shape![i]);
  return out;
}

function messageOf(error: unknown): string {
  try {
    return String((error as { message?: unknown })?.message ?? error)
      .slice(0, 1000);
  } catch {
    return "";
  }
}

/** A tensor from its plain form. */
export function toTensor(t: PlainTensor): tf.Tensor {
  return tf.tensor(tensorData(t), t.shape, t.dtype);
}

/** The fixed Gaussian decoder a plain decoder describes. */
export function toDecoder(
  d: PlainDecoder,
): (z: tf.Tensor2D) => { mean: tf.Tensor2D; logvar: tf.Tensor2D } {
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

/** A call's argument as the student's function receives it. */
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

/** A tensor's values as bytes, to notice a call that changed them. */
export function bytesOf(t: tf.Tensor): Uint8Array {
  const data = apply(dataSyncOf, t, []) as ArrayLike<number>;
  return new Uint8Array(Float32Array.from(data).buffer);
}

/** Whether two byte arrays are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A returned value in plain form (a model as its topology, for the probe). */
export function toValue(value: unknown): { value: Value; topology?: string } {
  if (isTensor(value)) {
    const t = value as tf.Tensor;
    const shape = shapeOf(t);
    let size = 1;
    for (let i = 0; i < shape.length; i++) size *= shape[i];
    if (size > MAX_ELEMENTS) {
      return { value: { t: "big", shape, dtype: t.dtype } };
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
    return { value: plainTensor(shape, data, dtype) };
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
 * as the notebook's training would take it (tf.grads over the function),
 * and the output it was taken at (so that a gradient through the
 * function's own noise can be checked against the sample it drew).
 */
export function gradientsOf(
  f: (...a: unknown[]) => unknown,
  values: unknown[],
  request: GradientRequest,
): Value {
  const weights = toTensor(request.weights);
  let output: tf.Tensor | undefined;
  const objective = (...xs: tf.Tensor[]) => {
    const args: unknown[] = [];
    for (let i = 0; i < values.length; i++) put(args, i, values[i]);
    for (let k = 0; k < request.wrt.length; k++) {
      put(args, request.wrt[k], xs[k]);
    }
    const out = apply(f, undefined, args);
    if (!isTensor(out)) {
      throw new TypeError("la función no devuelve un tensor");
    }
    output = tf.keep(out);
    return tf.sum(tf.mul(out, weights));
  };
  const inputs: tf.Tensor[] = [];
  for (let k = 0; k < request.wrt.length; k++) {
    put(inputs, k, values[request.wrt[k]] as tf.Tensor);
  }
  const grads = tf.grads(objective)(inputs);
  const items: PlainTensor[] = [];
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    put(
      items,
      k,
      plainTensor(
        shapeOf(g),
        apply(dataSyncOf, g, []) as ArrayLike<number>,
        "float32",
      ),
    );
  }
  const at = output &&
    plainTensor(
      shapeOf(output),
      apply(dataSyncOf, output, []) as ArrayLike<number>,
      "float32",
    );
  output?.dispose();
  return at ? { t: "gradients", items, output: at } : { t: "gradients", items };
}

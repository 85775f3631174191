/**
 * `Sum` for the tfjs WASM backend, fast path for reducing the leading axes
 * (the bias gradient of every conv and dense layer: sum over [B, H, W] of a
 * [B, H, W, C] tensor). The stock kernel first transposes the reduced axes
 * innermost, a full extra pass with a strided gather; here the rows are
 * streamed once and added into a float64 accumulator. Every other reduction
 * goes to the stock kernel.
 *
 * @module
 */
import * as tf from "tf";
import { callStock, stockSetup } from "./stock_kernels.ts";
import type { Info, KernelArgs } from "./wasm_access.ts";

function sum(args: KernelArgs): Info {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape)
    .sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < rank &&
    axes.every((a, i) => a === i);
  if (x.dtype !== "float32" || !leading) return callStock("Sum", args);
  const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
  const outShape = x.shape.slice(axes.length);
  const width = outShape.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput(outShape, "float32");
  const acc = new Float64Array(width);
  const xs = backend.typedArrayFromHeap(x);
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) acc[j] += xs[o++];
  }
  backend.typedArrayFromHeap(out).set(acc);
  if (attrs.keepDims) {
    return { ...out, shape: [...axes.map(() => 1), ...outShape] };
  }
  return out;
}

/** Kernel config registered by `useBackend("wasm")` (wraps the stock one). */
export const sumConfig: tf.KernelConfig = {
  kernelName: "Sum",
  backendName: "wasm",
  kernelFunc: sum as unknown as tf.KernelConfig["kernelFunc"],
  setupFunc: stockSetup("Sum"),
};

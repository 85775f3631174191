/**
 * The gradient of `Relu` in one pass: dx = dy where x > 0, else 0. tfjs
 * computes it as `dy · cast(step(x))`, three kernels and two temporaries per
 * activation; on `wasm` this kernel (`VaelabReluGrad`) does it at once. The
 * gradient registered here uses it on `wasm` and tfjs's formula elsewhere.
 *
 * @module
 */
import * as tf from "tf";
import type { Info, KernelArgs } from "./wasm_access.ts";

/** The kernel's name, for `tf.engine().runKernel`. */
export const RELU_GRAD = "VaelabReluGrad";

function reluGrad({ inputs, backend }: KernelArgs): Info {
  const { dy, x } = inputs;
  const out = backend.makeOutput(x.shape, "float32");
  // On the bits, without a branch (the sign of x is a coin flip, and a
  // mispredicted branch per element made this 5x slower): the mask is all
  // ones exactly when x > 0 as a float (positive bits, not ±0).
  const [o, d, xs] = [out, dy, x].map((t) => {
    const f = backend.typedArrayFromHeap(t);
    return new Int32Array(f.buffer, f.byteOffset, f.length);
  });
  for (let i = 0; i < o.length; i++) {
    const xi = xs[i];
    o[i] = d[i] & (((0 - xi) & ~xi) >> 31);
  }
  return out;
}

/** Kernel config registered by `useBackend("wasm")`. */
export const reluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: "wasm",
  kernelFunc: reluGrad as unknown as tf.KernelConfig["kernelFunc"],
};

/** `Relu`'s gradient: the fused kernel on `wasm`, tfjs's formula on other backends. */
export const reluGradientConfig: tf.GradConfig = {
  kernelName: "Relu",
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    const g = dy as tf.Tensor;
    return {
      x: () =>
        tf.getBackend() === "wasm" && x.dtype === "float32"
          ? tf.engine().runKernel(RELU_GRAD, { dy: g, x }) as tf.Tensor
          : tf.mul(g, tf.cast(tf.step(x), "float32")),
    };
  },
};

/**
 * The project's kernels for the tfjs WASM backend, and their registration.
 *
 * @module
 */
import * as tf from "tf";
import { adamUpdateConfig } from "./adam_update.ts";
import { batchMatMulConfig } from "./batch_mat_mul.ts";
import { conv2dBackpropFilterConfig } from "./conv2d_backprop_filter.ts";
import { conv2dBackpropInputConfig } from "./conv2d_backprop_input.ts";
import { identityConfig } from "./identity.ts";
import { reluGradConfig, reluGradientConfig } from "./relu_grad.ts";
import { captureStock } from "./stock_kernels.ts";
import { sumConfig } from "./sum.ts";

/** Every kernel config the project adds to (or replaces in) the `wasm` backend. */
const wasmKernelConfigs: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  batchMatMulConfig,
  sumConfig,
  identityConfig,
  adamUpdateConfig,
  reluGradConfig,
];

/** Names of the kernels the project adds to (or replaces in) the `wasm` backend. */
export const wasmKernelNames: readonly string[] = wasmKernelConfigs.map((c) =>
  c.kernelName
);

/**
 * Registers the project's `wasm` kernels ({@linkcode wasmKernelNames}),
 * replacing any kernel of the same name already registered for `wasm` (the
 * replaced stock kernels stay reachable for the cases ours hand back), and
 * the `Relu` gradient that uses the fused `VaelabReluGrad` on `wasm`.
 * Idempotent.
 *
 * @example
 * ```ts
 * import { registerWasmKernels } from "./kernels.ts";
 * registerWasmKernels();
 * ```
 */
export function registerWasmKernels(): void {
  for (const config of wasmKernelConfigs) {
    const current = tf.getKernel(config.kernelName, "wasm");
    if (current?.kernelFunc === config.kernelFunc) continue;
    captureStock(config.kernelName, config.kernelFunc);
    if (current) tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel(config);
  }
  // Gradients are registered per kernel name for every backend; ours picks
  // the fused kernel on `wasm` only.
  tf.registerGradient(reluGradientConfig);
}

/**
 * The project's kernels for the tfjs WASM backend, and their registration.
 *
 * @module
 */
import * as tf from "tf";
import { batchMatMulConfig, captureStockBatchMatMul } from "./batch_mat_mul.ts";
import { conv2dBackpropFilterConfig } from "./conv2d_backprop_filter.ts";
import { conv2dBackpropInputConfig } from "./conv2d_backprop_input.ts";

/** Every kernel config the project adds to (or replaces in) the `wasm` backend. */
const wasmKernelConfigs: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  batchMatMulConfig,
];

/** Names of the kernels the project adds to (or replaces in) the `wasm` backend. */
export const wasmKernelNames: readonly string[] = wasmKernelConfigs.map((c) =>
  c.kernelName
);

/**
 * Registers the project's `wasm` kernels ({@linkcode wasmKernelNames}), replacing any kernel of the same
 * name already registered for `wasm`. Idempotent.
 *
 * @example
 * ```ts
 * import { registerWasmKernels } from "./kernels.ts";
 * registerWasmKernels();
 * ```
 */
export function registerWasmKernels(): void {
  captureStockBatchMatMul();
  for (const config of wasmKernelConfigs) {
    if (tf.getKernel(config.kernelName, "wasm") === config) continue;
    if (tf.getKernel(config.kernelName, "wasm")) {
      tf.unregisterKernel(config.kernelName, "wasm");
    }
    tf.registerKernel(config);
  }
}

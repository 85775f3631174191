/**
 * The stock tfjs-backend-wasm kernels that the project's kernels wrap: they
 * are remembered before ours replace them, so ours can fall back to them,
 * and their setup functions (which bind the C entry points when the backend
 * starts) still run.
 *
 * @module
 */
import * as tf from "tf";
import type { Info, KernelArgs } from "./wasm_access.ts";

const stock = new Map<string, tf.KernelConfig>();

/**
 * Remembers the kernel currently registered as `name` for `wasm`, unless it
 * is already `ours` (so re-registration never captures our own wrapper).
 */
export function captureStock(name: string, ours: tf.KernelFunc): void {
  const current = tf.getKernel(name, "wasm");
  if (current && current.kernelFunc !== ours) stock.set(name, current);
}

/** Calls the captured stock kernel `name`. */
export function callStock(name: string, args: KernelArgs): Info {
  const config = stock.get(name);
  if (!config) {
    throw new Error(`vaelab: stock wasm kernel '${name}' not captured`);
  }
  return config.kernelFunc(
    args as unknown as Parameters<tf.KernelFunc>[0],
  ) as unknown as Info;
}

/** A setup function that runs the stock kernel's own setup. */
export function stockSetup(name: string): tf.KernelSetupFunc {
  return (backend) => stock.get(name)?.setupFunc?.(backend);
}

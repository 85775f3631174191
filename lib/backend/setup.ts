/**
 * Backend selection: the one call every entry point (CLI, notebooks, tests,
 * benchmark) makes before touching tensors.
 *
 * @module
 */
import * as tf from "tf";
import "tfwasm";
import { silenceNodeBanner } from "./banner.ts";
import { registerWasmKernels } from "./kernels.ts";

/** Backends `useBackend` accepts: `wasm` (default, fast) and `cpu` (pure JS). */
export const backendNames = ["wasm", "cpu"] as const;

/** A backend name accepted by {@linkcode useBackend}. */
export type BackendName = typeof backendNames[number];

/** Whether `name` is one of {@linkcode backendNames}. */
export function isBackendName(name: unknown): name is BackendName {
  return typeof name === "string" &&
    (backendNames as readonly string[]).includes(name);
}

/**
 * Selects and readies a TensorFlow.js backend: registers the project's WASM
 * training kernels (Conv2DBackpropFilter and friends), silences tfjs's
 * "install our node backend" banner, then `tf.setBackend(name)` and
 * `tf.ready()`. Idempotent: calling it again with the same name is cheap.
 *
 * @param name `"wasm"` (default; SIMD WebAssembly, ~40x `cpu`) or `"cpu"`.
 * @returns the name of the active backend.
 * @throws Error naming the valid choices when `name` is unknown.
 *
 * @example
 * ```ts
 * import { useBackend } from "./setup.ts";
 * await useBackend(); // "wasm"
 * ```
 */
export async function useBackend(
  name: BackendName = "wasm",
): Promise<string> {
  if (!isBackendName(name)) {
    throw new Error(
      `unknown backend '${String(name)}': valid choices are ${
        backendNames.map((n) => `'${n}'`).join(", ")
      }`,
    );
  }
  silenceNodeBanner();
  registerWasmKernels();
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`TensorFlow.js backend '${name}' failed to start`);
  }
  await tf.ready();
  return tf.getBackend();
}

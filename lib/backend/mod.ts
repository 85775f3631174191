/**
 * TensorFlow.js backend setup for vaelab: {@linkcode useBackend} selects the
 * `wasm` (default) or `cpu` backend, registers the project's WASM training
 * kernels and silences tfjs's node-backend banner.
 *
 * @example
 * ```ts
 * import { useBackend } from "./mod.ts";
 * await useBackend("wasm");
 * ```
 *
 * @module
 */
export {
  type BackendName,
  backendNames,
  type BackendOptions,
  isBackendName,
  useBackend,
  wasmThreadChoice,
  wasmThreadCount,
} from "./setup.ts";
export { chooseThreads, type ThreadChoice } from "./thread_choice.ts";
export { silenceNodeBanner } from "./banner.ts";
export { registerWasmKernels, wasmKernelNames } from "./kernels.ts";

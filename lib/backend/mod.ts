/**
 * TensorFlow.js backend setup for vaelab: {@linkcode useBackend} selects the
 * `wasm` (default), `cpu`, `webgpu` or `auto` backend, registers the
 * project's WASM training kernels and silences tfjs's node-backend banner.
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
  backendChoice,
  backendFromEnv,
  type BackendName,
  backendNames,
  type BackendOptions,
  isBackendName,
  useBackend,
  wasmThreadChoice,
  wasmThreadCount,
} from "./setup.ts";
export type * from "./tf_types.ts";
export { chooseThreads, type ThreadChoice } from "./thread_choice.ts";
export { silenceNodeBanner } from "./banner.ts";
export { registerWasmKernels, wasmKernelNames } from "./kernels.ts";
export {
  type BackendChoice,
  type ChoiceOptions,
  chooseBackend,
} from "./backend_choice.ts";
export { type ProbeOptions, stepMilliseconds } from "./speed_probe.ts";
export {
  startWebGpu,
  type WebGpuOptions,
  type WebGpuStatus,
  webGpuStatus,
} from "./webgpu_backend.ts";
export {
  describeAdapter,
  findAdapter,
  isSoftwareAdapter,
  type WebGpuAdapterInfo,
  type WebGpuAdapterReport,
} from "./webgpu_adapter.ts";
export {
  WebGpuDeviceLostError,
  WebGpuError,
  WebGpuOutOfMemoryError,
  WebGpuSyncReadError,
  WebGpuUnavailableError,
  WebGpuValidationError,
} from "./webgpu_errors.ts";

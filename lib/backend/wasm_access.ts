/**
 * Typed access to the internals of the tfjs WASM backend that the project's
 * kernels need: the per-tensor heap records, tensor allocation and disposal,
 * and calls into the backend's own registered kernels.
 *
 * The WASM backend keeps a tensor as `{id, memoryOffset, shape, refCount}` in
 * `dataIdMap`; the C side only knows `id` and the size, so a reshaped view is
 * just a `TensorInfo` with another shape over the same `dataId`.
 *
 * @module
 */
import * as tf from "tf";

/** A tensor as the backends see it: data handle, shape, dtype. */
export interface Info {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

/** The subset of tfjs-backend-wasm's `BackendWasm` used by our kernels. */
export interface WasmBackend {
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number; shape: number[] };
  };
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  typedArrayFromHeap(info: Info): Float32Array;
  wasm: { HEAPF32: Float32Array; HEAPU8: Uint8Array };
}

/** Arguments every kernel function receives. */
export interface KernelArgs {
  inputs: Record<string, Info>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}

/**
 * Runs another kernel registered for the `wasm` backend directly (no tape, no
 * engine bookkeeping): the caller owns the returned tensor and must either
 * return it or free it with {@linkcode free}.
 */
export function runKernel(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, Info>,
  attrs: Record<string, unknown> = {},
): Info {
  const config = tf.getKernel(name, "wasm");
  if (!config) {
    throw new Error(`Kernel '${name}' is not registered for backend 'wasm'`);
  }
  return config.kernelFunc(
    {
      inputs,
      backend,
      attrs,
    } as unknown as Parameters<tf.KernelFunc>[0],
  ) as unknown as Info;
}

/** A view of `x` with another shape (same data, no copy, no refcount). */
export function view(x: Info, shape: number[]): Info {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Frees an intermediate produced by {@linkcode runKernel}. */
export function free(backend: WasmBackend, x: Info): void {
  backend.disposeData(x.dataId);
}

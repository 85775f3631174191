/**
 * `Identity` for the tfjs WASM backend without a copy. tfjs clones every
 * tensor it saves for the backward pass (`saveTensorsForBackwardMode`), and
 * the stock kernel copies the whole buffer each time: three copies of every
 * activation per training step (~5 % of a conv VAE step). Tensors are never
 * written in place, so the clone can share the data, as `Reshape` does.
 *
 * @module
 */
import type { KernelConfig } from "tf";
import type { Info, KernelArgs } from "./wasm_access.ts";

function identity({ inputs, backend }: KernelArgs): Info {
  const { x } = inputs;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Kernel config registered by `useBackend("wasm")` (replaces the stock one). */
export const identityConfig: KernelConfig = {
  kernelName: "Identity",
  backendName: "wasm",
  kernelFunc: identity as unknown as KernelConfig["kernelFunc"],
};

/**
 * `VaelabAdamUpdate`: one Adam update of one weight tensor in a single pass
 * over the WASM heap, for the training loop's optimizer
 * (`lib/vae/adam.ts`). tfjs's Adam runs ~12 kernels per weight (each a pass
 * and an allocation); for the dense VAE's 650,000 weights that was ~15 % of a
 * step. Outputs are new buffers (the inputs are never written: the backend
 * caches packed matmul weights by tensor id).
 *
 * Inputs `w` (weights), `g` (gradient), `m`, `v` (moments), all float32 of
 * one shape; attrs `lr`, `beta1`, `beta2`, `epsilon` and the bias
 * corrections `c1` = 1 − β₁ᵗ, `c2` = 1 − β₂ᵗ. Outputs [w', m', v'] with
 *
 *   m' = β₁m + (1 − β₁)g,  v' = β₂v + (1 − β₂)g²,
 *   w' = w − lr · (m'/c1) / (√(v'/c2) + ε)   (tfjs's formula, in float64).
 *
 * @module
 */
import type { KernelConfig } from "tf";
import type { Info, KernelArgs } from "./wasm_access.ts";

/** The kernel's name, for `tf.engine().runKernel`. */
export const ADAM_UPDATE = "VaelabAdamUpdate";

function adamUpdate({ inputs, backend, attrs }: KernelArgs): Info[] {
  const { w, g, m, v } = inputs;
  const lr = attrs.lr as number, b1 = attrs.beta1 as number;
  const b2 = attrs.beta2 as number, eps = attrs.epsilon as number;
  const c1 = attrs.c1 as number, c2 = attrs.c2 as number;
  const outs = [w, m, v].map((t) => backend.makeOutput(t.shape, "float32"));
  // Views after every allocation: the heap may have grown.
  const [W, G, M, V] = [w, g, m, v].map((t) => backend.typedArrayFromHeap(t));
  const [Wo, Mo, Vo] = outs.map((t) => backend.typedArrayFromHeap(t));
  const a1 = 1 - b1, a2 = 1 - b2;
  // One division and one square root per weight: lr·(m/c1) = (lr/c1)·m.
  const step = lr / c1, inv2 = 1 / c2;
  for (let i = 0; i < W.length; i++) {
    const gi = G[i];
    const mi = b1 * M[i] + a1 * gi;
    const vi = b2 * V[i] + a2 * gi * gi;
    Mo[i] = mi;
    Vo[i] = vi;
    Wo[i] = W[i] - step * mi / (Math.sqrt(vi * inv2) + eps);
  }
  return outs;
}

/** Kernel config registered by `useBackend("wasm")`. */
export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: "wasm",
  kernelFunc: adamUpdate as unknown as KernelConfig["kernelFunc"],
};

/**
 * Silences the "looks like you are running TensorFlow.js in Node.js …
 * install our node backend" banner.
 *
 * tfjs-backend-cpu prints it from `MathBackendCPU.write` the first time the
 * `cpu` backend stores a tensor while `IS_NODE` is true (Deno reports itself
 * as Node). The banner is guarded by the instance field `firstUse`; clearing
 * that field is the narrowest fix: every other warning tfjs emits stays on,
 * and the `IS_NODE` flag (which selects the file-system IO handlers) is left
 * untouched.
 *
 * @module
 */
import * as tf from "tf";

/**
 * Marks the registered `cpu` backend as already used, so it never prints the
 * node-backend banner. Safe to call any number of times, before or after the
 * `cpu` backend is created; a no-op if no `cpu` backend is registered.
 *
 * @example
 * ```ts
 * import { silenceNodeBanner } from "./banner.ts";
 * silenceNodeBanner();
 * ```
 */
export function silenceNodeBanner(): void {
  // findBackend creates the backend instance (cheap for cpu) if needed.
  const cpu = tf.findBackend("cpu") as unknown as
    | { firstUse?: boolean }
    | null;
  if (cpu && "firstUse" in cpu) cpu.firstUse = false;
}

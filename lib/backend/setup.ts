/**
 * Backend selection: the one call every entry point (CLI, notebooks, tests,
 * benchmark) makes before touching tensors.
 *
 * @module
 */
import * as tf from "tf";
import "tfwasm";
import { silenceNodeBanner } from "./banner.ts";
import { type BackendChoice, chooseBackend } from "./backend_choice.ts";
import { registerWasmKernels } from "./kernels.ts";
import { chooseThreads, type ThreadChoice } from "./thread_choice.ts";
import { startThreadedWasm } from "./threaded_wasm.ts";
import { startWebGpu, type WebGpuOptions } from "./webgpu_backend.ts";

/**
 * Backends `useBackend` accepts: `wasm` (default, fast), `cpu` (pure JS),
 * `webgpu` (the GPU, see `webgpu_backend.ts`) and `auto` (webgpu when a
 * hardware GPU measures faster than wasm, else wasm; see `backend_choice.ts`).
 */
export const backendNames = ["wasm", "cpu", "webgpu", "auto"] as const;

/** A backend name accepted by {@linkcode useBackend}. */
export type BackendName = typeof backendNames[number];

/** Whether `name` is one of {@linkcode backendNames}. */
export function isBackendName(name: unknown): name is BackendName {
  return typeof name === "string" &&
    (backendNames as readonly string[]).includes(name);
}

/** Options of {@linkcode useBackend}. */
export interface BackendOptions {
  /**
   * Threads of the `wasm` backend's XNNPACK pool, or `"auto"` (default, also
   * from the environment variable `VAELAB_THREADS`): every core when they
   * are idle, fewer when other processes are busy, measured just before the
   * backend starts (see `thread_choice.ts`). Above 1, the multi-threaded
   * WASM build is started (see `threaded_wasm.ts`); the count can only be
   * chosen before the `wasm` backend first starts in this process.
   */
  threads?: number | "auto";
  /** Where `auto` writes its one line (choice and reason); default console.log. */
  report?: (line: string) => void;
  /** Options of the `webgpu` backend (see `webgpu_backend.ts`). */
  webgpu?: WebGpuOptions;
}

let lastBackendChoice: BackendChoice | null = null;

/** What the last `useBackend("auto")` chose and why, or null. */
export function backendChoice(): BackendChoice | null {
  return lastBackendChoice;
}

/**
 * The backend named by `VAELAB_BACKEND` (the notebooks' setup cell), or
 * `fallback` when it is unset, empty or not readable (no `--allow-env`).
 *
 * @throws Error (Spanish) naming the valid choices for any other value.
 * @example
 * ```ts
 * import { backendFromEnv, useBackend } from "./setup.ts";
 * await useBackend(backendFromEnv()); // "auto" unless VAELAB_BACKEND says
 * ```
 */
export function backendFromEnv(fallback: BackendName = "auto"): BackendName {
  let text: string | undefined;
  try {
    text = Deno.env.get("VAELAB_BACKEND")?.trim();
  } catch {
    return fallback;
  }
  if (text === undefined || text === "") return fallback;
  if (!isBackendName(text)) {
    throw new Error(
      `VAELAB_BACKEND debe ser uno de ${
        backendNames.join(", ")
      }; se recibió "${text}"`,
    );
  }
  return text;
}

let wasmThreads: number | null = null;
let lastChoice: ThreadChoice | null = null;

/** Threads of the running `wasm` backend's pool, or null before it starts. */
export function wasmThreadCount(): number | null {
  return wasmThreads;
}

/** What `threads: "auto"` measured and chose, or null when it was not used. */
export function wasmThreadChoice(): ThreadChoice | null {
  return lastChoice;
}

/** `VAELAB_THREADS` as a number or "auto", undefined when unset or not readable. */
function threadsFromEnv(): number | "auto" | undefined {
  let text: string | undefined;
  try {
    text = Deno.env.get("VAELAB_THREADS");
  } catch {
    return undefined; // no --allow-env: keep the default
  }
  if (text === undefined || text === "") return undefined;
  if (text === "auto") return "auto";
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) {
    throw new Error(
      `VAELAB_THREADS must be a positive integer (1 = single-threaded wasm) or 'auto', got '${text}'`,
    );
  }
  return n;
}

function wasmAlreadyStarted(): boolean {
  const registry = (tf.engine() as unknown as { registry: object }).registry;
  return "wasm" in registry;
}

/**
 * Selects and readies a TensorFlow.js backend: registers the project's WASM
 * training kernels (Conv2DBackpropFilter and friends), silences tfjs's
 * "install our node backend" banner, then `tf.setBackend(name)` and
 * `tf.ready()`. Idempotent: calling it again with the same name is cheap.
 *
 * @param name `"wasm"` (default; SIMD WebAssembly, ~40x `cpu`), `"cpu"`,
 * `"webgpu"` or `"auto"` (prints one line: the choice and why).
 * @param options `threads` for the `wasm` backend (default `"auto"`),
 * `report` for `auto`'s line, `webgpu` options.
 * @returns the name of the active backend.
 * @throws Error naming the valid choices when `name` or `threads` is invalid,
 * or when other threads are asked for after the `wasm` backend started;
 * `WebGpuUnavailableError` (Spanish) for `"webgpu"` without an adapter.
 *
 * @example
 * ```ts
 * import { useBackend } from "./setup.ts";
 * await useBackend(); // "wasm"
 * ```
 */
export async function useBackend(
  name: BackendName = "wasm",
  options: BackendOptions = {},
): Promise<string> {
  if (!isBackendName(name)) {
    throw new Error(
      `unknown backend '${String(name)}': valid choices are ${
        backendNames.map((n) => `'${n}'`).join(", ")
      }`,
    );
  }
  const threads = options.threads ??
    (name === "wasm" ? threadsFromEnv() : undefined);
  if (
    threads !== undefined && threads !== "auto" &&
    (!Number.isInteger(threads) || threads < 1)
  ) {
    throw new Error(
      `threads must be a positive integer (1 = single-threaded wasm) or "auto", got ${threads}`,
    );
  }
  silenceNodeBanner();
  registerWasmKernels();
  if (name === "auto") {
    // Decided once per process (tensors stay on the backend chosen first).
    const choice = lastBackendChoice ??
      await chooseBackend(() => useBackend("wasm", options), {
        webgpu: options.webgpu,
      });
    lastBackendChoice = choice;
    (options.report ?? console.log)(choice.line);
    return useBackend(choice.backend, options);
  }
  if (name === "webgpu") await startWebGpu(options.webgpu);
  if (name === "wasm") {
    if (wasmThreads === null && !wasmAlreadyStarted()) {
      let wanted = threads ?? "auto";
      if (wanted === "auto") {
        lastChoice = await chooseThreads();
        wanted = lastChoice.threads;
      }
      wasmThreads = wanted > 1 ? await startThreadedWasm(wanted) : 1;
    } else if (wasmThreads === null) {
      wasmThreads = 1; // started elsewhere with stock settings
    }
    if (
      threads !== undefined && threads !== "auto" && threads !== wasmThreads
    ) {
      throw new Error(
        `the wasm backend already runs with ${wasmThreads} thread(s); ` +
          `threads can only be chosen before its first start in this process`,
      );
    }
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`TensorFlow.js backend '${name}' failed to start`);
  }
  await tf.ready();
  return tf.getBackend();
}

/**
 * `--backend auto`: WebGPU when a hardware adapter is present and a short
 * probe shows it faster than WASM on a conv-VAE-shaped training step;
 * WASM otherwise — no WebGPU in the runtime, no adapter, a software adapter
 * (Mesa's llvmpipe/lavapipe: correct, but 10–40x slower than WASM here, see
 * the README), a failure while starting or probing, or a probe that is not
 * clearly faster. Never throws for a missing GPU. The choice comes with one
 * Spanish line saying what was chosen and why.
 *
 * @module
 */
import { findAdapter } from "./webgpu_adapter.ts";
import { startWebGpu, type WebGpuOptions } from "./webgpu_backend.ts";
import { type ProbeOptions, stepMilliseconds } from "./speed_probe.ts";

/** What `auto` chose, and why. */
export interface BackendChoice {
  /** The backend to use. */
  backend: "wasm" | "webgpu";
  /** One Spanish line: the choice and the reason. */
  line: string;
  /** The adapter's description, when there was one. */
  adapter: string | null;
  /** Milliseconds per probe step, when the probe ran. */
  probe: { wasm: number; webgpu: number } | null;
}

/** Options of {@linkcode chooseBackend}. */
export interface ChoiceOptions {
  /** Run the probe on a software adapter too (tests; normally skipped). */
  probeSoftware?: boolean;
  /** Size of the probe step (see `speed_probe.ts`). */
  probe?: ProbeOptions;
  /** Passed to `startWebGpu`. */
  webgpu?: WebGpuOptions;
}

/** WebGPU must be at least this much faster than WASM to be chosen. */
export const REQUIRED_SPEEDUP = 1.1;

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);

function wasm(
  why: string,
  adapter: string | null = null,
  probe: BackendChoice["probe"] = null,
): BackendChoice {
  return { backend: "wasm", line: `backend wasm: ${why}`, adapter, probe };
}

/**
 * Decides between `wasm` and `webgpu` (see the module doc). `startWasm`
 * starts the `wasm` backend as the caller would use it (its thread count),
 * so that the probe measures what would run.
 *
 * @example
 * ```ts
 * import { chooseBackend } from "./backend_choice.ts";
 * import { useBackend } from "./setup.ts";
 * const choice = await chooseBackend(() => useBackend("wasm"));
 * console.log(choice.line);
 * ```
 */
export async function chooseBackend(
  startWasm: () => Promise<unknown>,
  options: ChoiceOptions = {},
): Promise<BackendChoice> {
  const { report } = await findAdapter();
  if (report.status !== "ok") return wasm(report.summary);
  const adapter = report.summary;
  if (report.software && !options.probeSoftware) {
    return wasm(
      `el único adaptador WebGPU es «${adapter}», que no es una GPU y es ` +
        `más lento que WASM`,
      adapter,
    );
  }
  let probe: { wasm: number; webgpu: number };
  try {
    await startWasm();
    const wasmMs = await stepMilliseconds("wasm", options.probe);
    await startWebGpu(options.webgpu);
    const webgpuMs = await stepMilliseconds("webgpu", options.probe);
    probe = { wasm: wasmMs, webgpu: webgpuMs };
  } catch (error) {
    return wasm(
      `la GPU «${adapter}» falló al probarla (${
        error instanceof Error ? error.message : String(error)
      })`,
      adapter,
    );
  }
  const measured = `un paso de prueba tarda ${fmt(probe.webgpu)} ms en ` +
    `webgpu y ${fmt(probe.wasm)} ms en wasm`;
  if (probe.webgpu * REQUIRED_SPEEDUP <= probe.wasm) {
    return {
      backend: "webgpu",
      line: `backend webgpu: la GPU «${adapter}» es ${
        (probe.wasm / probe.webgpu).toFixed(1)
      }x más rápida que WASM (${measured})`,
      adapter,
      probe,
    };
  }
  return wasm(
    `la GPU «${adapter}» no es más rápida que WASM (${measured})`,
    adapter,
    probe,
  );
}

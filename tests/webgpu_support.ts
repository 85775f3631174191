/**
 * What the WebGPU tests share: whether this machine has a WebGPU adapter
 * (the CI machine has Mesa's software one, installed by `.ci/install`), the
 * test options that skip them with a notice when it has none, and
 * deterministic inputs independent of any backend.
 *
 * @module
 */
import { findAdapter } from "../lib/backend/mod.ts";

/** The adapter this machine offers (see `lib/backend/webgpu_adapter.ts`). */
export const adapter = (await findAdapter()).report;

/** True when there is no WebGPU adapter here (the tests are then skipped). */
export const noAdapter = adapter.status !== "ok";

if (noAdapter) {
  console.warn(
    `(pruebas de WebGPU omitidas: ${adapter.summary}; en Debian/Ubuntu: ` +
      `apt-get install mesa-vulkan-drivers, o ejecute .ci/install)`,
  );
}

/**
 * Options for a WebGPU `Deno.test`: skipped without an adapter; no op
 * sanitizer, since a synchronous read leaves its (already served) mapping
 * promise to settle after the test, and the device's `lost` promise only
 * settles when the device goes.
 */
export const gpuTest = {
  ignore: noAdapter,
  sanitizeOps: false,
  sanitizeResources: false,
} as const;

/** Deterministic values in [-1, 1) (mulberry32), independent of any backend. */
export function values(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Runs a TypeScript snippet in a fresh Deno (a fresh tfjs) from the repo root. */
export async function runScript(
  code: string,
  { env = {}, prefix = [] as string[] } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = prefix.length ? prefix[0] : Deno.execPath();
  const args = [
    ...(prefix.length ? [...prefix.slice(1), Deno.execPath()] : []),
    "eval",
    "--ext=ts",
    code,
  ];
  const out = await new Deno.Command(cmd, {
    args,
    cwd: new URL("../", import.meta.url),
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}

/**
 * The benchmark's runs, each in its own process: vaelab through
 * `bench/run_one.ts`, the peer through its Python script; both print a JSON
 * summary as their last line, which is returned.
 *
 * @module
 */
import type { BenchModel } from "./models.ts";
import { PEER_PYTHON } from "./machine.ts";

/** Longest a single run may take. */
export const RUN_TIMEOUT_MS = 600_000;

/** One configuration of a round. */
export interface Config {
  who: "vaelab" | "pytorch";
  threads: number | "auto";
  /** vaelab's backend when not wasm (`--webgpu` adds a webgpu run). */
  backend?: "webgpu";
}

/** What a run's summary line holds (at least). */
export interface RunSummary extends Record<string, unknown> {
  images_per_second: number;
  loss: number;
}

/** The median of a list of numbers (NaN when empty). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function lastJson(
  command: string,
  args: string[],
  what: string,
): Promise<RunSummary> {
  const out = await new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    // PyTorch's 2-thread runs can collapse to ~20 images/s on a busy machine.
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  }).output().catch((error) => {
    throw new Error(
      `${what}: ${
        error?.name === "TimeoutError"
          ? `más de ${RUN_TIMEOUT_MS / 1000} s`
          : String(error)
      }`,
    );
  });
  const text = new TextDecoder().decode(out.stdout);
  const lines = text.trim().split("\n");
  // The peer's summary has no loss: take it from its last epoch line.
  let loss = NaN;
  for (const line of lines) {
    try {
      const j = JSON.parse(line);
      if (typeof j.loss === "number") loss = j.loss;
    } catch { /* not JSON */ }
  }
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n");
    throw new Error(`${what} falló (código ${out.code}): ${err.at(-1)}`);
  }
  const summary = JSON.parse(lines.at(-1)!) as RunSummary;
  return { ...summary, loss: summary.loss ?? loss };
}

/** Work of one run. */
export interface Work {
  images: number;
  batch: number;
  epochs: number;
}

/** vaelab as students run it (`VAE.fit`), with `threads` (or on `backend`). */
export function runOurs(
  model: BenchModel,
  work: Work,
  threads: number | "auto",
  backend: "wasm" | "webgpu" = "wasm",
): Promise<RunSummary> {
  const script = new URL("./run_one.ts", import.meta.url).pathname;
  return lastJson(
    Deno.execPath(),
    [
      "run",
      "-A",
      script,
      "--model",
      model,
      "--images",
      String(work.images),
      "--epochs",
      String(work.epochs),
      "--batch",
      String(work.batch),
      ...(backend === "wasm"
        ? ["--threads", String(threads)]
        : ["--backend", backend]),
    ],
    `vaelab ${model} ${backend === "wasm" ? `--threads ${threads}` : backend}`,
  );
}

/** The PyTorch peer with `threads` threads. */
export function runPeer(
  script: string,
  model: BenchModel,
  work: Work,
  threads: number,
): Promise<RunSummary> {
  return lastJson(PEER_PYTHON, [
    script,
    "--model",
    model,
    "--images",
    String(work.images),
    "--epochs",
    String(work.epochs),
    "--batch",
    String(work.batch),
    "--threads",
    String(threads),
  ], `pytorch ${model} --threads ${threads}`);
}

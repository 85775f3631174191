/**
 * How the sandbox process is started: where it may read (the npm packages,
 * the kit's safe lib folders, the sandbox code, the exercise folders — no
 * other permission), its memory limit (RLIMIT_DATA through `ulimit -d` on
 * Linux, plus a V8 heap cap), its throwaway DENO_DIR/HOME, and the warmed
 * DENO_DIR every sandbox starts from a fresh copy of.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { harnessArgs } from "./sandbox_command.ts";
 * assert.ok(!harnessArgs("/tmp/x", 2048).some((a) => a.startsWith("--allow-net")));
 * ```
 * @module
 */
import type { Job } from "../sandbox/protocol.ts";
import { makeOwned } from "./workspace.ts";

/** This repository's root, derived from this module's location. */
export const REPO_ROOT: string = decodeURIComponent(
  new URL("../../../", import.meta.url).pathname,
).replace(/\/$/, "");

/** The kit's lib folders a cell may import (no reference code, no grader code). */
export const SAFE_LIB = [
  "backend",
  "data",
  "random",
  "testing",
  "progress",
  "text",
];

/** Folders every sandbox reads: the npm packages, the safe lib, the sandbox code. */
export function runtimeReads(root = REPO_ROOT): string[] {
  return [
    `${root}/node_modules`,
    ...SAFE_LIB.map((d) => `${root}/lib/${d}`),
    `${root}/lib/grading/sandbox`,
  ];
}

/**
 * What the runtime itself counts in RLIMIT_DATA: every V8 isolate maps its
 * code range (~510 MiB on x64) writable before it runs anything, and the
 * sandbox holds up to three (harness, student realm, probe realm; measured
 * 1,814 MiB of VmData together, with tfjs and the probe's WASM backend
 * loaded). The limit is this plus the sandbox's `memoryMb`, so that the
 * student's own allocations get about `memoryMb`.
 */
const RUNTIME_RESERVE_MB = 1900;
const encoder = new TextEncoder();

/** A fresh 128-bit nonce for one sandbox's protocol lines. */
export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "@@vaelab:" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("") +
    "@@";
}

let template: Promise<string> | undefined;

/** The harness's `deno run` arguments (exported for tests and docs). */
export function harnessArgs(readRoot: string, memoryMb: number): string[] {
  const heap = Math.max(256, Math.floor(memoryMb / 2));
  return [
    "run",
    "--quiet",
    "--no-prompt",
    "--no-remote",
    "--cached-only",
    "--frozen",
    "--unstable-worker-options",
    `--config=${REPO_ROOT}/deno.json`,
    `--allow-read=${[...runtimeReads(), readRoot].join(",")}`,
    `--v8-flags=--max-old-space-size=${heap}`,
    `${REPO_ROOT}/lib/grading/sandbox/harness.ts`,
  ];
}

/** The sandbox process's command (memory limit and environment included). */
export function command(
  readRoot: string,
  denoDir: string,
  memoryMb: number,
): Deno.Command {
  const args = harnessArgs(readRoot, memoryMb);
  const linux = Deno.build.os === "linux";
  return new Deno.Command(linux ? "/bin/sh" : Deno.execPath(), {
    // The kernel enforces the memory limit: an allocation past it fails at
    // once, however short the spike (Linux counts RLIMIT_DATA in KiB).
    args: linux
      ? [
        "-c",
        'ulimit -d "$1" 2>/dev/null; shift; exec "$@"',
        "sh",
        String((memoryMb + RUNTIME_RESERVE_MB) * 1024),
        Deno.execPath(),
        ...args,
      ]
      : args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    cwd: readRoot,
    clearEnv: true,
    env: {
      DENO_DIR: denoDir,
      HOME: denoDir,
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
    },
  });
}

/**
 * A DENO_DIR warmed with the runtime only (tfjs, the sandbox code): each
 * sandbox gets a fresh copy, so nothing a submission compiles or stores
 * outlives its sandbox.
 */
export function warmTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await makeOwned("runtime");
    const denoDir = `${dir}/deno_dir`;
    const warm = `${dir}/warm`;
    await Deno.mkdir(warm, { recursive: true });
    await Deno.mkdir(denoDir, { recursive: true });
    await Deno.writeTextFile(
      `${warm}/module.ts`,
      `import * as tf from "tf";
export const __vaelab_statementErrors: unknown[] = [];
export const __vaelab_fns = {
  model: () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 2, inputShape: [3] }));
    return m;
  },
};
`,
    );
    const url = new URL(`file://${warm}/module.ts`).href;
    const child = command(dir, denoDir, 2048).spawn();
    const writer = child.stdin.getWriter();
    const job: Job = {
      nonce: randomNonce(),
      runtimeReads: runtimeReads(),
      workerUrl: new URL("../sandbox/worker.ts", import.meta.url).href,
      probeUrl: new URL("../sandbox/probe.ts", import.meta.url).href,
      exercises: [{
        id: "warm",
        dir: warm,
        module: url,
        plainModule: url,
        budgetMs: 60_000,
        calls: [{
          fn: "model",
          args: [],
          probe: { seed: 1, batch: 2, gradients: true },
        }],
      }],
    };
    await writer.write(encoder.encode(JSON.stringify(job) + "\n"));
    const drain = async (s: ReadableStream<Uint8Array>) => {
      for await (const _ of s) { /* discard */ }
    };
    await Promise.all([drain(child.stdout), drain(child.stderr)]);
    await child.status;
    await writer.close().catch(() => {});
    return denoDir;
  })();
  return template;
}

/**
 * The grader's side of the sandbox: starts the harness in a subprocess with
 * read-only access to the runtime and the exercise folders and no other
 * permission, a throwaway DENO_DIR/HOME, and a memory limit enforced by the
 * kernel (RLIMIT_DATA, Linux) plus a V8 heap cap; sends it the job; reads
 * its nonce-authenticated events with bounded memory; and kills it when an
 * exercise overruns its budget, when it prints without end, or when the
 * grader's caller aborts. A killed or crashed sandbox costs only the
 * exercise in flight: a fresh one resumes with the exercises after it.
 *
 * @module
 */
import type {
  Call,
  Interruption,
  Job,
  PlainError,
  Result,
  SandboxEvent,
} from "../sandbox/protocol.ts";
import { MAX_LINE } from "../sandbox/protocol.ts";
import { copyTree, makeOwned } from "./workspace.ts";

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

/** One exercise for the sandbox: its folder (holding both modules) and calls. */
export interface SandboxExercise {
  id: string;
  dir: string;
  module: string;
  plainModule: string;
  budgetMs: number;
  calls: Call[];
}

/** What the sandbox reported for one exercise. */
export interface ExerciseRun {
  id: string;
  loaded?: {
    error?: PlainError;
    statementErrors: PlainError[];
    withoutStatements: boolean;
  };
  /** One entry per call; undefined when it never completed. */
  results: (Result | undefined)[];
  /** What the cell printed (bounded). */
  logs: string[];
  interrupted?: Interruption;
  done: boolean;
}

/** Limits of one sandbox process. */
export interface SandboxLimits {
  /** Memory of the whole sandbox process (MiB; default 2048). */
  memoryMb?: number;
  /** Aborting kills the sandbox at once. */
  signal?: AbortSignal;
}

const decoder = new TextDecoder();
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
/** Time the sandbox gets to start before its first exercise (ms). */
const STARTUP_MS = 30_000;
/** Grace beyond an exercise's own budget before the grader kills (ms). */
const GRACE_MS = 5_000;
/** Output a sandbox may print in total (characters). */
const MAX_OUTPUT = 512_000_000;

function randomNonce(): string {
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

function command(
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

/** Splits stdout into protocol events: only nonce lines, each bounded. */
class EventReader {
  #head = "";
  #parts: string[] = [];
  #length = 0;
  #skip = false;
  total = 0;

  constructor(
    readonly nonce: string,
    readonly handle: (e: SandboxEvent) => void,
  ) {}

  #end(): void {
    if (!this.#skip && this.#head === this.nonce) {
      try {
        this.handle(JSON.parse(this.#parts.join("").slice(this.nonce.length)));
      } catch { /* a broken line: ignore */ }
    }
    this.#head = "";
    this.#parts = [];
    this.#length = 0;
    this.#skip = false;
  }

  #add(text: string): void {
    if (this.#skip || text.length === 0) return;
    if (this.#head.length < this.nonce.length) {
      this.#head += text.slice(0, this.nonce.length - this.#head.length);
      if (!this.nonce.startsWith(this.#head)) {
        this.#skip = true;
        this.#parts = [];
        return;
      }
    }
    this.#length += text.length;
    if (this.#length > MAX_LINE) {
      this.#skip = true;
      this.#parts = [];
      return;
    }
    this.#parts.push(text);
  }

  push(text: string): void {
    this.total += text.length;
    let from = 0, newline: number;
    while ((newline = text.indexOf("\n", from)) >= 0) {
      this.#add(text.slice(from, newline));
      this.#end();
      from = newline + 1;
    }
    this.#add(text.slice(from));
  }
}

function newRun(e: SandboxExercise): ExerciseRun {
  return {
    id: e.id,
    results: e.calls.map(() => undefined),
    logs: [],
    done: false,
  };
}

async function runOnce(
  exercises: SandboxExercise[],
  readRoot: string,
  memoryMb: number,
  runs: Map<string, ExerciseRun>,
  signal?: AbortSignal,
): Promise<{ startedAny: boolean; stderr: string; failed: boolean }> {
  const denoDir = `${readRoot}/../deno_dir_${crypto.randomUUID()}`;
  await copyTree(await warmTemplate(), denoDir);
  const nonce = randomNonce();
  const child = command(readRoot, denoDir, memoryMb).spawn();
  let current: string | undefined;
  let startedAny = false;
  let killedFor: Interruption | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const kill = (why?: Interruption) => {
    killedFor ??= why;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  const arm = (ms: number, why: Interruption) => {
    clearTimeout(timer);
    timer = setTimeout(() => kill(why), ms);
  };
  const onAbort = () => kill({ kind: "crash", detail: "evaluación cancelada" });
  signal?.addEventListener("abort", onAbort);
  arm(STARTUP_MS, { kind: "crash", detail: "el entorno no arrancó a tiempo" });

  const budget = new Map(exercises.map((e) => [e.id, e.budgetMs]));
  const reader = new EventReader(nonce, (event) => {
    const run = runs.get(event.id);
    if (!run || run.done) return;
    switch (event.e) {
      case "start": {
        current = event.id;
        startedAny = true;
        const ms = budget.get(event.id)!;
        arm(ms + GRACE_MS, { kind: "timeout", ms });
        break;
      }
      case "loaded":
        run.loaded = {
          error: event.error,
          statementErrors: event.statementErrors ?? [],
          withoutStatements: event.withoutStatements === true,
        };
        break;
      case "result":
        if (event.index >= 0 && event.index < run.results.length) {
          run.results[event.index] = event.result;
        }
        break;
      case "log":
        if (run.logs.join("\n").length < 8_000) {
          run.logs.push(String(event.text).slice(0, 8_000));
        }
        break;
      case "done":
        run.done = true;
        if (event.interrupted) run.interrupted = event.interrupted;
        current = undefined;
        arm(
          exercises.every((e) => runs.get(e.id)!.done) ? 5_000 : STARTUP_MS,
          { kind: "crash", detail: "el entorno dejó de responder" },
        );
        break;
    }
  });

  const job: Job = {
    nonce,
    runtimeReads: runtimeReads(),
    workerUrl: new URL("../sandbox/worker.ts", import.meta.url).href,
    probeUrl: new URL("../sandbox/probe.ts", import.meta.url).href,
    exercises: exercises.map((e) => ({
      id: e.id,
      dir: e.dir,
      module: e.module,
      plainModule: e.plainModule,
      budgetMs: e.budgetMs,
      calls: e.calls,
    })),
  };
  // stdin stays open: the harness exits as soon as it closes (grader gone).
  const writer = child.stdin.getWriter();
  writer.write(encoder.encode(JSON.stringify(job) + "\n")).catch(() => {});

  let stderr = "";
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) {
      stderr = (stderr + decoder.decode(chunk)).slice(-16_000);
    }
  })().catch(() => {});
  const text = new TextDecoder();
  try {
    for await (const chunk of child.stdout) {
      reader.push(text.decode(chunk, { stream: true }));
      if (reader.total > MAX_OUTPUT) {
        kill({ kind: "crash", detail: "la celda imprimió sin fin" });
      }
    }
  } catch { /* the pipe broke: the status says why */ }
  const status = await child.status;
  clearTimeout(timer);
  signal?.removeEventListener("abort", onAbort);
  await writer.close().catch(() => {});
  await stderrDone;
  await Deno.remove(denoDir, { recursive: true }).catch(() => {});

  if (current !== undefined) {
    const run = runs.get(current)!;
    run.done = true;
    run.interrupted = killedFor ??
      (/out of memory|heap limit|Allocation failed|memory allocation/i.test(
          stderr,
        )
        ? { kind: "memory", detail: "la memoria superó el límite" }
        : {
          kind: "crash",
          detail: `el proceso terminó (código ${status.code}${
            status.signal ? `, señal ${status.signal}` : ""
          })`,
        });
  }
  return { startedAny, stderr, failed: !status.success && !startedAny };
}

/**
 * Runs the exercises (their folders under `readRoot`) and returns what each
 * reported. Never throws for anything the student's code does.
 */
export async function runSandbox(
  exercises: SandboxExercise[],
  readRoot: string,
  limits: SandboxLimits = {},
): Promise<Map<string, ExerciseRun>> {
  const runs = new Map(exercises.map((e) => [e.id, newRun(e)]));
  const memoryMb = limits.memoryMb ?? 2048;
  let remaining = exercises;
  while (remaining.length > 0 && !limits.signal?.aborted) {
    const round = await runOnce(
      remaining,
      readRoot,
      memoryMb,
      runs,
      limits.signal,
    );
    if (round.failed) {
      // The sandbox could not even start: an installation problem, not the
      // student's. Say so on every remaining exercise.
      for (const e of remaining) {
        const run = runs.get(e.id)!;
        run.done = true;
        run.interrupted = {
          kind: "crash",
          detail: `no se pudo iniciar el entorno de evaluación: ${
            round.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 300)
          }`,
        };
      }
      break;
    }
    remaining = remaining.filter((e) => !runs.get(e.id)!.done);
  }
  return runs;
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

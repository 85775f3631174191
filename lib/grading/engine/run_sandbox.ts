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
} from "../sandbox/protocol.ts";
import { EventReader } from "./event_reader.ts";
import {
  command,
  randomNonce,
  runtimeReads,
  warmTemplate,
} from "./sandbox_command.ts";
import { copyTree } from "./workspace.ts";

export {
  harnessArgs,
  REPO_ROOT,
  runtimeReads,
  SAFE_LIB,
} from "./sandbox_command.ts";

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
const encoder = new TextEncoder();
/** Time the sandbox gets to start before its first exercise (ms). */
const STARTUP_MS = 30_000;
/** Grace beyond an exercise's own budget before the grader kills (ms). */
const GRACE_MS = 5_000;
/** Output a sandbox may print in total (characters). */
const MAX_OUTPUT = 512_000_000;

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

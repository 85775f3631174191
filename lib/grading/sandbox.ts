/**
 * Runs generated exercise modules in a locked-down `deno run` subprocess and
 * collects their raw results, one exercise at a time, with a watchdog.
 *
 * The subprocess gets no network, environment, write, run, ffi or sys
 * permission, `--no-prompt`, `--no-remote --cached-only --frozen` (it cannot
 * fetch or pin new code), reads limited to the generated module folder and
 * the project's `node_modules` and `lib/` (minus `lib/grading`), and a V8
 * heap cap. The parent watches the
 * resident memory of the child (typed arrays live outside the V8 heap) and
 * the wall clock of the exercise in progress; on a timeout, an overflow or an
 * unexpected exit the child is killed, that exercise is marked, and a fresh
 * subprocess resumes with the exercises after it. All exercises of a
 * submission share one subprocess otherwise (start-up is paid once), each in
 * its own dynamically imported module.
 *
 * @module
 */
import type {
  WireError,
  WireEvent,
  WireExercise,
  WireJob,
  WireResult,
} from "./wire.ts";

/** Limits and locations for {@link runInSandbox}. */
export interface SandboxOptions {
  /** Root of this repository (holds deno.json, lib/ and node_modules/). */
  repoRoot: string;
  /** Wall-clock limit per exercise, import included (ms; default 10000). */
  timeoutMs?: number;
  /** V8 old-space cap of the subprocess (MiB; default 1024). */
  heapMb?: number;
  /** Resident-memory cap of the subprocess (MiB; default 2048). */
  rssMb?: number;
}

/** Why an exercise did not run to the end. */
export type Interruption =
  | { kind: "timeout"; ms: number }
  | { kind: "memory"; detail: string }
  | { kind: "exit"; code: number | null; signal: string | null };

/** What the sandbox reported for one exercise. */
export interface ExerciseRun {
  id: string;
  /** Set when importing the module (the cell's top level) threw. */
  definitionError?: WireError;
  /** Set when the exercise was stopped by the watchdog or the process died. */
  interrupted?: Interruption;
  /** One entry per requested call; undefined if it never completed. */
  results: (WireResult | undefined)[];
  /** Whether the sandbox reached the end of the exercise. */
  done: boolean;
}

const decoder = new TextDecoder();

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "@@vaelab:" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("") +
    "@@";
}

function rssMbOf(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = Number(status.match(/VmRSS:\s+(\d+)\s+kB/)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function denoDirEnv(): Record<string, string> {
  try {
    const dir = Deno.env.get("DENO_DIR");
    const home = Deno.env.get("HOME");
    return {
      ...(dir ? { DENO_DIR: dir } : {}),
      ...(home ? { HOME: home } : {}),
    };
  } catch {
    return {};
  }
}

/** The `deno run` argument list of the sandbox (exported for tests/docs). */
export function sandboxArgs(
  moduleDir: string,
  options: SandboxOptions,
): string[] {
  const root = options.repoRoot.replace(/\/$/, "");
  return [
    "run",
    "--quiet",
    "--no-prompt",
    "--no-remote",
    "--cached-only",
    "--frozen",
    `--config=${root}/deno.json`,
    `--allow-read=${moduleDir},${root}/node_modules,${root}/lib`,
    // The grader's own definitions (tests, hints) stay out of reach.
    `--deny-read=${root}/lib/grading`,
    `--v8-flags=--max-old-space-size=${options.heapMb ?? 1024}`,
    `${root}/lib/grading/sandbox_main.ts`,
  ];
}

async function runOnce(
  exercises: WireExercise[],
  moduleDir: string,
  options: SandboxOptions,
  runs: Map<string, ExerciseRun>,
): Promise<WireExercise[]> {
  const nonce = randomNonce();
  const child = new Deno.Command(Deno.execPath(), {
    args: sandboxArgs(moduleDir, options),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    cwd: moduleDir,
    clearEnv: true,
    // Student code cannot read the environment anyway; only what Deno itself
    // needs to find its cache is passed on.
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...denoDirEnv() },
  }).spawn();
  const job: WireJob = { nonce, exercises };
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(job)));
  await writer.close().catch(() => {});

  const timeoutMs = options.timeoutMs ?? 10_000;
  const rssCap = options.rssMb ?? 2048;
  let current: string | undefined;
  let killedFor: Interruption | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const kill = (why: Interruption) => {
    if (killedFor) return;
    killedFor = why;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  const memoryWatch = setInterval(() => {
    const rss = rssMbOf(child.pid);
    if (rss !== undefined && rss > rssCap) {
      kill({
        kind: "memory",
        detail: `memoria residente ${rss.toFixed(0)} MiB > ${rssCap} MiB`,
      });
    }
  }, 50);

  let stderrTail = "";
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) {
      stderrTail = (stderrTail + decoder.decode(chunk)).slice(-16_000);
    }
  })();

  const handle = (event: WireEvent) => {
    const run = runs.get(event.id);
    if (!run) return;
    switch (event.e) {
      case "start":
        current = event.id;
        clearTimeout(timer);
        timer = setTimeout(
          () => kill({ kind: "timeout", ms: timeoutMs }),
          timeoutMs,
        );
        break;
      case "defined":
        if (event.error) run.definitionError = event.error;
        break;
      case "result":
        if (event.index >= 0 && event.index < run.results.length) {
          run.results[event.index] = event.result;
        }
        break;
      case "done":
        run.done = true;
        clearTimeout(timer);
        current = undefined;
        if (exercises.every((e) => runs.get(e.id)!.done)) {
          // All reported: the process must now exit promptly.
          timer = setTimeout(() => {
            try {
              child.kill("SIGKILL");
            } catch { /* already gone */ }
          }, 2000);
        }
        break;
    }
  };

  // Linear-time line splitting. Protocol lines start with the nonce (the
  // sandbox writes a newline before each event), so any line that does not
  // is student output and is skipped without being accumulated.
  let pending: string[] = [];
  let head = "";
  let discarding = false;
  const finishLine = () => {
    if (!discarding && head === nonce) {
      try {
        handle(JSON.parse(pending.join("").slice(nonce.length)) as WireEvent);
      } catch { /* a truncated line: ignore */ }
    }
    pending = [];
    head = "";
    discarding = false;
  };
  const addText = (text: string) => {
    if (discarding || text.length === 0) return;
    if (head.length < nonce.length) {
      head += text.slice(0, nonce.length - head.length);
      if (!nonce.startsWith(head)) {
        discarding = true;
        pending = [];
        return;
      }
    }
    pending.push(text);
  };
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    let from = 0;
    let newline: number;
    while ((newline = text.indexOf("\n", from)) >= 0) {
      addText(text.slice(from, newline));
      finishLine();
      from = newline + 1;
    }
    addText(text.slice(from));
  }
  const status = await child.status;
  clearInterval(memoryWatch);
  clearTimeout(timer);
  await stderrDone;

  if (current !== undefined) {
    const run = runs.get(current)!;
    if (killedFor) {
      run.interrupted = killedFor;
    } else if (/out of memory|heap limit|Allocation failed/i.test(stderrTail)) {
      run.interrupted = {
        kind: "memory",
        detail: "el montón de V8 superó su límite",
      };
    } else {
      run.interrupted = {
        kind: "exit",
        code: status.code,
        signal: status.signal,
      };
    }
  } else if (!status.success && exercises.every((e) => !runs.get(e.id)!.done)) {
    // The sandbox itself failed before starting any exercise.
    const first = runs.get(exercises[0].id)!;
    first.interrupted = {
      kind: "exit",
      code: status.code,
      signal: status.signal,
    };
    first.definitionError = {
      name: "SandboxError",
      message: stderrTail.slice(-2000),
    };
  }
  return exercises.filter((e) => {
    const run = runs.get(e.id)!;
    return !run.done && !run.interrupted;
  });
}

/**
 * Runs `exercises` (their modules must live in `moduleDir`) and returns what
 * each reported. Never throws for anything the student code does.
 */
export async function runInSandbox(
  exercises: WireExercise[],
  moduleDir: string,
  options: SandboxOptions,
): Promise<Map<string, ExerciseRun>> {
  const runs = new Map<string, ExerciseRun>(
    exercises.map((e) => [e.id, {
      id: e.id,
      results: e.calls.map(() => undefined),
      done: false,
    }]),
  );
  let remaining = exercises;
  // Each round either finishes or interrupts at least one exercise.
  for (
    let round = 0;
    remaining.length > 0 && round <= exercises.length;
    round++
  ) {
    remaining = await runOnce(remaining, moduleDir, options, runs);
  }
  return runs;
}

/**
 * Grading many submissions: `jobs` at a time, each call guarded so that
 * nothing one call does costs another its grade. A refused file is reported
 * without being graded; a call that throws, rejects, returns something that
 * is not a report, or outlives the batch's watchdog becomes that
 * submission's report (with a Spanish problem) and the batch goes on. Each
 * finished entry is handed to `onEntry` at once (that is where reports are
 * written), so stopping loses at most the entries in flight.
 *
 * Aborting `signal` (the commands do it on SIGINT/SIGTERM) stops starting
 * new calls, aborts the signal of every call in flight (the engine then
 * kills its sandbox), waits up to `graceMs` for them to settle, and returns
 * with `interrupted` set and the unfinished submissions in `pending`.
 *
 * @example
 * ```ts
 * import { runBatch } from "./run.ts";
 * import { defaultEngine } from "./engine.ts";
 * import { collectSubmissions } from "./walk.ts";
 * const engine = await defaultEngine();
 * const { submissions } = await collectSubmissions(["notebooks"]);
 * const result = await runBatch(submissions, {
 *   ...engine,
 *   options: { mode: "check" },
 *   onEntry: (e) => console.log(e.submission.key, e.report.score),
 * });
 * console.log(result.interrupted);
 * ```
 * @module
 */
import type { GradeOptions, GradeReport } from "../report.ts";
import type { GradeFn, LabCatalog } from "./engine.ts";
import { placeholderReport } from "./placeholder.ts";
import type { Submission } from "./walk.ts";

/** How a submission's report came about. */
export type Outcome = "graded" | "refused" | "failed" | "watchdog";

/** One finished submission. */
export interface BatchEntry {
  /** The submission, as found. */
  submission: Submission;
  /** Its report (the engine's, or a placeholder saying what went wrong). */
  report: GradeReport;
  /** How the report came about. */
  outcome: Outcome;
}

/** Options of {@link runBatch}. */
export interface RunOptions {
  /** Grades one file. */
  grade: GradeFn;
  /** The labs (for the reports of submissions that were not graded). */
  catalog: LabCatalog;
  /** Passed to every call (`submission` is set per call). */
  options: GradeOptions;
  /** Calls at once (default 2: one per core). */
  jobs?: number;
  /** Longest a call may take before it is abandoned (default {@link defaultWatchdogMs}). */
  watchdogMs?: number;
  /** After an abort, longest wait for the calls in flight (default 10 s). */
  graceMs?: number;
  /** Aborting it stops the batch (see the module doc). */
  signal?: AbortSignal;
  /** Called once per finished entry, in completion order, one at a time. */
  onEntry?: (entry: BatchEntry, done: number, total: number) => unknown;
}

/** What {@link runBatch} returns. */
export interface RunResult {
  /** One per submission, in the submissions' order; undefined when not finished. */
  entries: (BatchEntry | undefined)[];
  /** The batch was stopped through its signal. */
  interrupted: boolean;
  /** Submissions not finished because of the interruption. */
  pending: Submission[];
  /** Errors thrown by `onEntry` (the batch went on), Spanish. */
  errors: string[];
}

/** The default watchdog: 30 per-exercise limits, at least 5 minutes. */
export function defaultWatchdogMs(timeoutMs = 10_000): number {
  return Math.max(300_000, 30 * timeoutMs);
}

const ABORTED = Symbol("aborted");

function isReport(value: unknown): value is GradeReport {
  const r = value as GradeReport;
  return typeof r === "object" && r !== null &&
    typeof r.score === "number" && Number.isFinite(r.score) &&
    typeof r.maxScore === "number" && Array.isArray(r.exercises) &&
    Array.isArray(r.answers) && Array.isArray(r.problems);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return "error desconocido";
  }
}

/** Grades `submissions` (see the module doc). Never rejects for a submission. */
export async function runBatch(
  submissions: readonly Submission[],
  run: RunOptions,
): Promise<RunResult> {
  const total = submissions.length;
  const watchdogMs = run.watchdogMs ?? defaultWatchdogMs(run.options.timeoutMs);
  const graceMs = run.graceMs ?? 10_000;
  const entries: (BatchEntry | undefined)[] = new Array(total);
  const errors: string[] = [];
  let next = 0;
  let done = 0;
  let delivering: Promise<unknown> = Promise.resolve();

  const stopped = new Promise<typeof ABORTED>((resolve) => {
    if (run.signal?.aborted) resolve(ABORTED);
    run.signal?.addEventListener("abort", () => resolve(ABORTED), {
      once: true,
    });
  });

  const attempt = async (
    submission: Submission,
  ): Promise<BatchEntry | typeof ABORTED> => {
    const started = performance.now();
    const placeholder = (problem: string, outcome: Outcome) =>
      placeholderReport(
        submission,
        run.options,
        run.catalog,
        problem,
        performance.now() - started,
      ).then((report) => ({ submission, report, outcome }));
    if (submission.refused) {
      return placeholder(
        `El archivo «${submission.relative}» ${submission.refused}`,
        "refused",
      );
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchdog = new Promise<"watchdog">((resolve) => {
      timer = setTimeout(() => resolve("watchdog"), watchdogMs);
    });
    const call = (async () => {
      try {
        return {
          value: await run.grade(submission.path, {
            ...run.options,
            submission: submission.key,
            signal: controller.signal,
          }),
        };
      } catch (error) {
        return { error };
      }
    })();
    try {
      const first = await Promise.race([call, watchdog, stopped]);
      if (first === ABORTED || first === "watchdog") {
        controller.abort(first === ABORTED ? "interrupted" : "watchdog");
        if (first === ABORTED) {
          // Give the engine time to kill its sandbox before the exit.
          let grace: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([
            call,
            new Promise((r) => (grace = setTimeout(r, graceMs))),
          ]);
          clearTimeout(grace);
          return ABORTED;
        }
        return placeholder(
          `La evaluación de «${submission.relative}» no terminó en ${
            Math.round(watchdogMs / 1000)
          } s (el límite de cada entrega en el lote) y se abandonó. La nota queda en 0 hasta que se evalúe de nuevo: avisa al equipo docente.`,
          "watchdog",
        );
      }
      if ("error" in first) {
        return placeholder(
          `Error interno del evaluador con «${submission.relative}»: ${
            describeError(first.error)
          }. La nota queda en 0 hasta que se evalúe de nuevo: avisa al equipo docente.`,
          "failed",
        );
      }
      if (!isReport(first.value)) {
        return placeholder(
          `Error interno del evaluador con «${submission.relative}»: no devolvió un informe. La nota queda en 0 hasta que se evalúe de nuevo: avisa al equipo docente.`,
          "failed",
        );
      }
      // The batch owns the key and the path, whatever the engine says.
      const report = {
        ...first.value,
        submission: submission.key,
        // Relative to the submissions folder: the instructor's own paths
        // stay out of the students' feedback.
        notebook: submission.relative,
      };
      return { submission, report, outcome: "graded" as const };
    } finally {
      clearTimeout(timer);
    }
  };

  const worker = async () => {
    while (!run.signal?.aborted && next < total) {
      const index = next++;
      const entry = await attempt(submissions[index]);
      if (entry === ABORTED) continue;
      entries[index] = entry;
      const position = ++done;
      delivering = delivering.then(async () => {
        try {
          await run.onEntry?.(entry, position, total);
        } catch (error) {
          errors.push(
            `«${entry.submission.relative}»: no se pudo escribir su informe (${
              describeError(error)
            })`,
          );
        }
      });
      await delivering;
    }
  };
  const jobs = Math.max(1, Math.min(run.jobs ?? 2, total));
  await Promise.all(Array.from({ length: jobs }, worker));
  await delivering;
  const interrupted = run.signal?.aborted ?? false;
  return {
    entries,
    interrupted,
    pending: submissions.filter((_, i) => entries[i] === undefined),
    errors,
  };
}

/**
 * One `deno task grade` run: grades the collected submissions
 * (`run.ts`) and, the moment each one finishes, writes its feedback
 * (`feedback.md`, `feedback.html` and Gradescope's `results.json` in its own
 * folder) and rewrites the batch's `grades.csv` and `results.json`
 * atomically, so a crash or a kill loses at most the submissions in flight
 * and never leaves a half-written file. With marks, the gradebook adds the
 * theory marks and the final grade (`gradebook/final.ts`) to both.
 *
 * @example
 * ```ts ignore
 * import { defaultEngine } from "./engine.ts";
 * import { gradeSubmissions } from "./session.ts";
 * import { collectSubmissions } from "./walk.ts";
 * const collection = await collectSubmissions(["submissions"]);
 * const result = await gradeSubmissions(collection, {
 *   engine: await defaultEngine(),
 *   grading: { seed: 1 },
 *   outDir: "out/grades",
 * });
 * console.log(result.entries.length, result.interrupted);
 * ```
 * @module
 */
import { computeFinal, type FinalGrade } from "../gradebook/final.ts";
import { type GradebookRow, gradesCsv } from "../gradebook/grades_csv.ts";
import type { Marks } from "../gradebook/marks.ts";
import type { GradeOptions } from "../report.ts";
import { gradescopeResults } from "../reports/gradescope.ts";
import { reportHtml } from "../reports/html.ts";
import { reportMarkdown } from "../reports/markdown.ts";
import type { Engine, LabInfo } from "./engine.ts";
import { OutputFolder } from "./output.ts";
import { type BatchEntry, runBatch, type RunResult } from "./run.ts";
import type { Collection } from "./walk.ts";

/** Options of {@link gradeSubmissions}. */
export interface SessionOptions {
  /** The engine (grading, labs). */
  engine: Engine;
  /** Passed to every grading call. */
  grading: GradeOptions;
  /** Output folder (see `output.ts`); nothing is written without it. */
  outDir?: string;
  /** The inputs as named (the output folder may not overlap them). */
  inputs?: readonly string[];
  /** Theory marks (already checked), by submission key. */
  marks?: Marks;
  /** Calls at once. */
  jobs?: number;
  /** Per-call watchdog (ms). */
  watchdogMs?: number;
  /** After an abort, longest wait for calls in flight (ms). */
  graceMs?: number;
  /** Aborting it stops the batch; what is finished stays written. */
  signal?: AbortSignal;
  /** Called after each submission is written. */
  onEntry?: (entry: SessionEntry, done: number, total: number) => void;
}

/** One finished submission with its gradebook data. */
export interface SessionEntry extends BatchEntry {
  /** Its final grade (always computed; pending without marks). */
  final: FinalGrade;
  /** Its folder relative to the output folder. */
  folder: string;
}

/** What {@link gradeSubmissions} returns. */
export interface SessionResult extends Omit<RunResult, "entries"> {
  /** Finished submissions, in the submissions' order. */
  entries: SessionEntry[];
}

/** Grades and writes (see the module doc). */
export async function gradeSubmissions(
  collection: Collection,
  options: SessionOptions,
): Promise<SessionResult> {
  const { engine } = options;
  const output = options.outDir
    ? await OutputFolder.prepare(options.outDir, options.inputs ?? [])
    : null;
  const infos = new Map<string, Promise<LabInfo | null>>();
  const infoOf = (lab: string | null) => {
    if (!lab) return Promise.resolve(null);
    if (!infos.has(lab)) {
      infos.set(lab, engine.catalog.labInfo(lab).catch(() => null));
    }
    return infos.get(lab)!;
  };
  const done = new Map<number, SessionEntry>();
  const index = new Map(collection.submissions.map((s, i) => [s, i]));
  const summary = (
    state: { complete: boolean; pending: string[]; errors: string[] },
  ) => {
    const entries = [...done.entries()].sort((a, b) => a[0] - b[0])
      .map(([, e]) => e);
    const rows: GradebookRow[] = entries.map((e) => ({
      report: e.report,
      marks: options.marks?.get(e.submission.key),
      final: e.final,
    }));
    const results = {
      tool: "vaelab grade",
      complete: state.complete,
      root: collection.root,
      seed: options.grading.seed ?? null,
      lab: options.grading.lab ?? null,
      strict: options.grading.strict ?? false,
      marks: options.marks !== undefined,
      submissions: entries.map((e) => ({
        submission: e.submission.key,
        folder: e.folder,
        outcome: e.outcome,
        notes: e.submission.notes,
        final: e.final,
        report: e.report,
      })),
      pending: state.pending,
      skipped: collection.skipped,
      errors: state.errors,
    };
    return {
      "grades.csv": gradesCsv(rows),
      "results.json": JSON.stringify(results, null, 1) + "\n",
    };
  };
  const errors: string[] = [];
  const result = await runBatch(collection.submissions, {
    grade: engine.grade,
    catalog: engine.catalog,
    options: options.grading,
    jobs: options.jobs,
    watchdogMs: options.watchdogMs,
    graceMs: options.graceMs,
    signal: options.signal,
    async onEntry(entry, position, total) {
      const info = await infoOf(entry.report.lab);
      const marks = options.marks?.get(entry.submission.key);
      const final = computeFinal({
        practice: entry.report.score,
        practiceMax: entry.report.maxScore,
        answers: entry.report.answers,
        marks: options.marks ? (marks ?? new Map()) : undefined,
        weights: info?.weights ?? { theory: 1, practice: 1 },
      });
      const folder = output?.submissionDir(entry.submission.folder) ?? "";
      const session: SessionEntry = { ...entry, final, folder };
      done.set(index.get(entry.submission)!, session);
      if (output) {
        const extras = { notes: entry.submission.notes, marks, final };
        try {
          await output.writeSubmission(entry.submission.folder, {
            "feedback.md": reportMarkdown(entry.report, extras),
            "feedback.html": reportHtml(entry.report, extras),
            "results.json": JSON.stringify(
              gradescopeResults(entry.report, extras),
              null,
              1,
            ) + "\n",
          });
        } finally {
          await output.writeSummary(
            summary({ complete: false, pending: [], errors }),
          );
        }
      }
      options.onEntry?.(session, position, total);
    },
  });
  errors.push(...result.errors);
  const pending = result.pending.map((s) => s.key);
  if (output) {
    await output.writeSummary(
      summary({ complete: !result.interrupted, pending, errors }),
    );
  }
  return {
    ...result,
    errors,
    entries: [...done.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e),
  };
}

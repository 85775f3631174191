/**
 * Moved to `lib/grading/batch/`; this wrapper keeps `gradeMany`, the
 * previous grader's batch call (its options, its report order), working
 * for callers of the old path until they move to
 * `batch/session.ts`'s `gradeSubmissions`.
 *
 * @module
 */
import {
  gradeNotebook,
  type GradeOptions as LegacyOptions,
  type GradeReport as LegacyReport,
} from "./grade.ts";
import type { GradeFn } from "./batch/engine.ts";
import {
  fromLegacyReport,
  releaseCatalog,
  releaseDescriber,
} from "./batch/legacy.ts";
import { gradeSubmissions } from "./batch/session.ts";
import { collectSubmissions } from "./batch/walk.ts";
import type { GradeReport } from "./report.ts";

/** Options of {@link gradeMany}: the previous grader's, plus the batch's. */
export interface BatchOptions extends LegacyOptions {
  /** Submissions graded at once (default 2). */
  jobs?: number;
  /** Output folder; nothing is written when omitted. */
  outDir?: string;
  /** Called after each submission (with the new report shape). */
  onReport?: (report: GradeReport, done: number, total: number) => void;
}

/** A new-shape report in the previous grader's shape. */
function toLegacy(report: GradeReport): LegacyReport {
  return {
    ...report,
    answers: report.answers.map((a) => ({
      id: a.id,
      answered: a.answered,
      manualPoints: a.maxPoints,
      bonus: a.bonus,
    })),
  };
}

/**
 * Grades `notebooks` with the previous grader and returns its reports in
 * the given order (writing them under `outDir`, as `deno task grade` does).
 */
export async function gradeMany(
  notebooks: string[],
  options: BatchOptions = {},
): Promise<LegacyReport[]> {
  const catalog = releaseCatalog();
  const legacy = new Map<string, LegacyReport>();
  const grade: GradeFn = async (path, call) => {
    const old: LegacyReport = await gradeNotebook(path, {
      ...options,
      mode: call.mode ?? options.mode,
      seed: call.seed ?? options.seed,
    });
    legacy.set(path, old);
    const info = old.lab
      ? await catalog.labInfo(old.lab).catch(() => null)
      : null;
    return fromLegacyReport(old, call.submission ?? old.student, info);
  };
  const collection = await collectSubmissions(notebooks, {
    maxBytes: Infinity,
  });
  const result = await gradeSubmissions(collection, {
    engine: { grade, catalog, describe: releaseDescriber(catalog) },
    grading: { mode: options.mode, seed: options.seed, lab: options.lab },
    outDir: options.outDir,
    inputs: notebooks,
    jobs: options.jobs,
    onEntry: (e, done, total) => options.onReport?.(e.report, done, total),
  });
  const byPath = new Map(
    result.entries.map((e) => [e.submission.path, e.report]),
  );
  return notebooks.map((path) =>
    legacy.get(path) ?? toLegacy(byPath.get(path)!)
  );
}

/**
 * The report of a submission that was not (or could not be) graded: a
 * refused file, a grading call that threw or never finished. It has the
 * lab's exercises and answers at zero, so the gradebook still has its row
 * and the student still gets feedback that says what happened.
 *
 * @example
 * ```ts
 * import { placeholderReport } from "./placeholder.ts";
 * import { defaultCatalog } from "./engine.ts";
 * const report = await placeholderReport(
 *   { path: "x.ipynb", relative: "x.ipynb", key: "x", folder: "x", notes: [] },
 *   { lab: "lab1_elbo_dense_vae", seed: 1 },
 *   defaultCatalog(),
 *   "El archivo «x.ipynb» es un enlace simbólico.",
 * );
 * console.log(report.maxScore);
 * ```
 * @module
 */
import { KIT_VERSION } from "../engine/grade.ts";
import type { GradeOptions, GradeReport } from "../report.ts";
import type { LabCatalog, LabInfo } from "./engine.ts";
import type { Submission } from "./walk.ts";

/** The lab a submission is graded as: `--lab`, else a lab id in its path. */
export function guessLab(
  submission: Submission,
  options: GradeOptions,
  catalog: LabCatalog,
): string | null {
  if (options.lab) return options.lab;
  const path = submission.relative.toLowerCase();
  return catalog.labIds().find((id) => path.includes(id.toLowerCase())) ??
    null;
}

/** A zero report for `submission` whose only content is `problem`. */
export async function placeholderReport(
  submission: Submission,
  options: GradeOptions,
  catalog: LabCatalog,
  problem: string,
  durationMs = 0,
): Promise<GradeReport> {
  const lab = guessLab(submission, options, catalog);
  let info: LabInfo | null = null;
  if (lab) info = await catalog.labInfo(lab).catch(() => null);
  const exercises = (info?.exercises ?? []).map((e) => ({
    id: e.id,
    title: e.id,
    points: 0,
    maxPoints: e.points,
    messages: ["No evaluado: ver los problemas del notebook."],
    tests: [],
    hiddenNotRun: 0,
    hiddenPointsNotRun: 0,
  }));
  return {
    notebook: submission.relative,
    submission: submission.key,
    student: submission.key,
    lab: info ? info.id : null,
    labTitle: info?.title ?? "",
    mode: options.mode ?? "grade",
    score: 0,
    maxScore: exercises.reduce((s, e) => s + e.maxPoints, 0),
    problems: [problem],
    copy: null,
    exercises,
    answers: (info?.answers ?? []).map((a) => ({
      id: a.id,
      answered: false,
      maxPoints: a.points,
      bonus: a.bonus,
    })),
    seed: options.seed ?? 0,
    kitVersion: KIT_VERSION,
    durationMs,
  };
}

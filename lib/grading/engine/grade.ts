/**
 * Grading one notebook, as named stages (in the spirit of nbgrader's
 * preprocessors): read → identify the lab → compare with the release →
 * parse the code cells (behind the parse guard, off the event loop) →
 * build the exercise modules → run them in the sandbox → judge → score.
 * It never throws for anything a submission does: every problem becomes a
 * Spanish message in the report, and once the lab is known the report's
 * maximum is the lab's, whatever went wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradeNotebook } from "./grade.ts";
 * const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", { mode: "check" });
 * assert.equal(report.score, 0); // the released copy: nothing implemented yet
 * ```
 * @module
 */
import config from "../../../deno.json" with { type: "json" };
import type { Notebook } from "../../notebook/nbformat.ts";
import { studentNameOf } from "../../notebook/student.ts";
import { freshSeed } from "../checks/inputs.ts";
import { holdParseGuard } from "../parse/guard.ts";
import type { GradeOptions, GradeReport } from "../report.ts";
import { readAnswers } from "./answers.ts";
import { compareWithRelease } from "./compare_release.ts";
import { FOREIGN_LAB, identifyLab } from "./identify.ts";
import { judgeExercise } from "./judge.ts";
import { type Lab, labIds, loadLab, referenceMap } from "./labs.ts";
import { parseNotebook, planExercises } from "./plan.ts";
import { readSubmission } from "./read.ts";
import { runSandbox } from "./run_sandbox.ts";
import { applyStrict, total } from "./score.ts";
import { makeOwned, removeOwned } from "./workspace.ts";

/** The kit's version, as `deno.json` declares it. */
export const KIT_VERSION: string = (config as { version?: string }).version ??
  "0.0.0";

/** Per-exercise wall-clock budget when none is given (ms). */
export const DEFAULT_BUDGET_MS = 20_000;

/** The key of a submission from its path: the file stem, or its folder for a file named like a lab. */
export function submissionKeyOf(path: string): string {
  const parts = path.replace(/\\/g, "/").split("/").filter(Boolean);
  const stem = (parts.at(-1) ?? path).replace(/\.ipynb(\.json)?$/i, "");
  const labLike = labIds().some((id) => stem.toLowerCase().includes(id));
  return labLike && parts.length > 1 ? parts.at(-2)! : stem;
}

function emptyReport(
  path: string,
  options: GradeOptions,
  seed: number,
): GradeReport {
  const submission = options.submission ?? submissionKeyOf(path);
  return {
    notebook: path,
    submission,
    student: submission,
    lab: null,
    labTitle: "",
    mode: options.mode ?? "grade",
    score: 0,
    maxScore: 0,
    problems: [],
    copy: null,
    exercises: [],
    answers: [],
    seed,
    kitVersion: KIT_VERSION,
    durationMs: 0,
  };
}

/** Every exercise of the lab at zero with one message (the notebook could not be graded). */
function zeroExercises(report: GradeReport, lab: Lab, message: string): void {
  report.exercises = lab.exercises.map((e) => ({
    id: e.definition.id,
    title: e.definition.title,
    points: 0,
    maxPoints: e.points,
    messages: [message],
    tests: e.definition.tests.map((t, i) => ({
      name: t.name,
      hidden: t.hidden,
      points: 0,
      maxPoints: e.testPoints[i],
      passed: false,
      message: "No evaluado: ver el mensaje del ejercicio.",
    })),
    hiddenNotRun: 0,
    hiddenPointsNotRun: 0,
  }));
  report.maxScore = total(report.exercises.map((e) => e.maxPoints));
}

/**
 * Stages 3–7 for a notebook of a known lab; one report per seed (the kit's
 * own tests grade many seeds in one sandbox run; commands use one).
 */
async function gradeLab(
  base: GradeReport,
  nb: Notebook,
  lab: Lab,
  options: GradeOptions,
  seeds: number[],
): Promise<GradeReport[]> {
  base.copy = compareWithRelease(nb, lab.release);
  base.answers = readAnswers(nb, lab.answers);
  const workspace = await makeOwned("submission");
  let reports: GradeReport[];
  try {
    const dir = `${workspace}/exercises`;
    const parsed = await parseNotebook(nb, options.signal);
    base.problems.push(...parsed.problems);
    const plans = await planExercises(nb, lab, parsed, {
      mode: base.mode,
      seeds,
      budgetMs: (options.timeoutMs ?? DEFAULT_BUDGET_MS) * seeds.length,
      dir,
      references: await referenceMap(),
    });
    const runnable = plans.flatMap((p) => p.sandbox ? [p.sandbox] : []);
    const runs = runnable.length > 0
      ? await runSandbox(runnable, dir, {
        memoryMb: options.memoryMb,
        signal: options.signal,
      })
      : new Map();
    reports = seeds.map((seed, k) => ({
      ...structuredClone(base),
      seed,
      exercises: plans.map((p) =>
        judgeExercise(p, runs.get(p.exercise.definition.id), nb, k)
      ),
    }));
  } finally {
    await removeOwned(workspace);
  }
  for (const report of reports) {
    report.maxScore = total(report.exercises.map((e) => e.maxPoints));
    report.score = total(report.exercises.map((e) => e.points));
    if (options.strict) applyStrict(report);
  }
  return reports;
}

/** Grades one notebook file. */
export async function gradeNotebook(
  path: string,
  options: GradeOptions = {},
): Promise<GradeReport> {
  return (await gradeNotebookSeeds(
    path,
    [options.seed ?? freshSeed()],
    options,
  ))[0];
}

/**
 * Grades one notebook file once per seed, running the sandbox once: what
 * the kit's own tests use to hold the grader to many fresh seeds cheaply.
 */
export async function gradeNotebookSeeds(
  path: string,
  seeds: number[],
  options: GradeOptions = {},
): Promise<GradeReport[]> {
  const started = performance.now();
  // Warm parse-guard workers are shared by the calls that overlap this one.
  using _guard = holdParseGuard();
  const report = emptyReport(path, options, seeds[0]);
  let reports = [report];
  let known: Lab | undefined;
  try {
    const read = await readSubmission(path);
    const nb = "notebook" in read ? read.notebook : undefined;
    if (!nb) report.problems.push((read as { problem: string }).problem);
    else report.student = studentNameOf(nb) ?? report.submission;
    const found = await identifyLab(nb, path);
    const id = options.lab ?? found;
    if (!id || !labIds().includes(id)) {
      const what = found === FOREIGN_LAB || !found
        ? "sus celdas de ejercicio no son de ningún laboratorio de este curso"
        : `su sello dice «${found}», un laboratorio que este curso no tiene`;
      report.problems.push(
        options.lab
          ? `El laboratorio «${options.lab}» no existe; los que hay son: ${
            labIds().join(", ")
          }.`
          : found
          ? `No se reconoce el laboratorio: ${what} (${labIds().join(", ")}).`
          : `No se reconoce el laboratorio: el notebook no tiene el sello ni las celdas de ejercicio de ninguno (${
            labIds().join(", ")
          }), ni su nombre lo dice.`,
      );
    } else {
      const lab = await loadLab(id);
      known = lab;
      report.lab = lab.id;
      report.labTitle = lab.title;
      if (!nb) {
        zeroExercises(report, lab, "No se pudo leer el notebook.");
      } else if (options.lab && found && found !== options.lab) {
        const other = labIds().includes(found)
          ? `«${(await loadLab(found)).title}» (${found})`
          : found === FOREIGN_LAB
          ? "otro laboratorio (sus celdas de ejercicio no son de este)"
          : `«${found}»`;
        const message =
          `Este notebook es de ${other}, pero esta entrega es de «${lab.title}» (${lab.id}): se califica con 0. ¿Subiste el notebook equivocado?`;
        report.problems.push(message);
        zeroExercises(report, lab, message);
      } else {
        reports = await gradeLab(report, nb, lab, options, seeds);
      }
    }
  } catch (error) {
    // A bug of the kit, never the student's: the report says so.
    console.error(`vaelab: internal error grading ${path}:`, error);
    const message =
      "Error interno del corrector al evaluar este notebook (no es un error del notebook): avisa al equipo docente.";
    report.problems.push(message);
    // The lab's maximum stands: a 0 out of 0 would read as nothing to grade.
    if (known) zeroExercises(report, known, message);
    reports = [report];
  }
  const ms = performance.now() - started;
  for (const r of reports) r.durationMs = ms;
  if (reports.length < seeds.length) {
    reports = seeds.map((seed) => ({ ...structuredClone(reports[0]), seed }));
  }
  return reports;
}

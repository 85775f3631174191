/**
 * The previous grader's reports (`lib/grading/grade.ts`) in the new shape,
 * for the callers of the old paths (`lib/grading/batch.ts`,
 * `lib/grading/report_*.ts`) that still pass them: answer values come from
 * the release in `notebooks/`, never from the submission. Delete with the
 * previous grader.
 *
 * @example
 * ```ts
 * import { toReport } from "./legacy.ts";
 * import { gradeNotebook } from "../grade.ts";
 * const report = toReport(await gradeNotebook("notebooks/lab1_elbo_dense_vae.ipynb"));
 * console.log(report.answers);
 * ```
 * @module
 */
import { answerIdOf, cellMark, exerciseIdOf } from "../../notebook/exercise.ts";
import {
  cellSource,
  type Notebook,
  parseNotebook,
} from "../../notebook/nbformat.ts";
import {
  gradeNotebook as legacyGradeNotebook,
  type GradeReport as LegacyReport,
  REPO_ROOT,
} from "../grade.ts";
import { KIT_VERSION } from "../engine/grade.ts";
import type { GradeReport } from "../report.ts";
import type { LabCatalog, LabInfo, SubmissionDescription } from "./engine.ts";

function labInfoOf(id: string, nb: Notebook): LabInfo {
  const exercises: LabInfo["exercises"] = [];
  const answers: LabInfo["answers"] = [];
  let title = "";
  for (const cell of nb.cells) {
    const mark = cellMark(cell);
    const points = typeof mark.points === "number" ? mark.points : 0;
    const exercise = exerciseIdOf(cell);
    const answer = answerIdOf(cell);
    if (exercise && !exercises.some((e) => e.id === exercise)) {
      exercises.push({ id: exercise, points });
    } else if (answer && !answers.some((a) => a.id === answer)) {
      answers.push({ id: answer, points, bonus: mark.bonus === true });
    } else if (!title && cell.cell_type === "markdown") {
      title = cellSource(cell).match(/^#\s+(.+)$/m)?.[1]?.trim() ?? "";
    }
  }
  const stated = (nb.metadata?.vaelab as { weights?: unknown } | undefined)
    ?.weights as { theory?: unknown; practice?: unknown } | undefined;
  const sum = (xs: { points: number; bonus?: boolean }[]) =>
    xs.filter((x) => !x.bonus).reduce((s, x) => s + x.points, 0);
  const weights = typeof stated?.theory === "number" &&
      typeof stated?.practice === "number"
    ? { theory: stated.theory, practice: stated.practice }
    : { theory: sum(answers), practice: sum(exercises) };
  return { id, title: title || id, weights, exercises, answers };
}

/** A {@link LabCatalog} of the released notebooks `<dir>/<id>.ipynb`. */
export function releaseCatalog(
  dir: string = `${REPO_ROOT}/notebooks`,
): LabCatalog & { release(id: string): Notebook } {
  const releases = new Map<string, Notebook>();
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".ipynb")) continue;
      const path = `${dir}/${entry.name}`;
      releases.set(
        entry.name.slice(0, -".ipynb".length),
        parseNotebook(Deno.readTextFileSync(path), path),
      );
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const ids = [...releases.keys()].sort();
  const known = (id: string) => {
    const nb = releases.get(id);
    if (!nb) {
      throw new Error(
        `laboratorio desconocido «${id}»; los publicados son: ${
          ids.join(", ") || "(ninguno)"
        }`,
      );
    }
    return nb;
  };
  return {
    labIds: () => [...ids],
    labInfo: (id) => {
      try {
        return Promise.resolve(labInfoOf(id, known(id)));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    release: known,
  };
}

function markedSources(nb: Notebook): Map<string, string> {
  const out = new Map<string, string>();
  for (const cell of nb.cells) {
    const id = exerciseIdOf(cell) ?? answerIdOf(cell);
    if (id && !out.has(id)) out.set(id, cellSource(cell).trim());
  }
  return out;
}

/**
 * Tells a notebook's lab by its exercise and answer ids: the lab sharing
 * the most, if it holds most of the notebook's marked cells.
 */
export function releaseDescriber(
  catalog: ReturnType<typeof releaseCatalog>,
): (nb: Notebook) => SubmissionDescription {
  const released = new Map(
    catalog.labIds().map((id) => [id, markedSources(catalog.release(id))]),
  );
  return (nb) => {
    const mine = markedSources(nb);
    const scored = [...released].map(([id, cells]) => ({
      id,
      cells,
      shared: [...mine.keys()].filter((k) => cells.has(k)).length,
    })).sort((a, b) => b.shared - a.shared);
    const best = scored[0];
    // Most of the notebook's marked cells must be the lab's (labs share
    // some ids, e.g. reparameterize).
    if (
      !best || best.shared * 2 <= mine.size ||
      best.shared === scored[1]?.shared
    ) {
      return { lab: null, answered: 0, stamped: false };
    }
    const answered =
      [...mine].filter(([k, text]) =>
        best.cells.has(k) && best.cells.get(k) !== text
      ).length;
    return { lab: best.id, answered, stamped: false };
  };
}

/** A previous-grader report in the new shape, answer values from the release. */
export function fromLegacyReport(
  old: LegacyReport,
  submission: string,
  info: LabInfo | null,
  version: string = KIT_VERSION,
): GradeReport {
  return {
    notebook: old.notebook,
    submission,
    student: submission,
    lab: old.lab,
    labTitle: old.labTitle,
    mode: old.mode,
    score: old.score,
    maxScore: old.maxScore,
    problems: [...old.problems],
    copy: null,
    exercises: old.exercises.map((e) => ({ ...e, tests: [...e.tests] })),
    answers: (info?.answers ?? []).map((a) => ({
      id: a.id,
      answered: old.answers.find((x) => x.id === a.id)?.answered ?? false,
      maxPoints: a.points,
      bonus: a.bonus,
    })),
    seed: old.seed,
    kitVersion: version,
    durationMs: old.durationMs,
  };
}

let sharedCatalog: ReturnType<typeof releaseCatalog> | undefined;

/**
 * A report of either shape in the new one: callers of the old report
 * functions (`lib/grading/report_*.ts`) still pass the previous grader's
 * reports. Answer values come from the release in `notebooks/`.
 */
export function toReport(report: GradeReport | LegacyReport): GradeReport {
  if ("submission" in report) return report;
  sharedCatalog ??= releaseCatalog();
  let info: LabInfo | null = null;
  try {
    if (report.lab) {
      info = labInfoOf(report.lab, sharedCatalog.release(report.lab));
    }
  } catch { /* an unknown lab has no answers */ }
  return fromLegacyReport(report, report.student, info);
}

/**
 * Stand-in for `lib/grading/engine/` until it lands: the previous grader
 * (`lib/grading/grade.ts`) behind the new {@link Engine} interfaces, labs
 * read from the released notebooks in `notebooks/`, and a notebook's lab
 * told by its exercise and answer ids. Delete this file when the engine's
 * `gradeNotebook`, `labInfo` and `describeSubmission` replace it in
 * `engine.ts`.
 *
 * Answer points and bonus flags come from the release, never from the
 * submission; the weights come from the release's `metadata.vaelab.weights`
 * and, while the masters do not state them yet, every point counts the
 * same (weights proportional to each part's points).
 *
 * @example
 * ```ts
 * import { interimEngine } from "./interim_engine.ts";
 * const engine = await interimEngine();
 * const info = await engine.catalog.labInfo(engine.catalog.labIds()[0]);
 * console.log(info.answers);
 * ```
 * @module
 */
import { useBackend } from "../../backend/mod.ts";
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
import type { GradeReport } from "../report.ts";
import type {
  Engine,
  GradeCallOptions,
  LabCatalog,
  LabInfo,
  SubmissionDescription,
} from "./engine.ts";

/** The kit's version from deno.json (`version`), or "sin versión". */
export function kitVersion(root: string = REPO_ROOT): string {
  try {
    const config = JSON.parse(Deno.readTextFileSync(`${root}/deno.json`));
    return typeof config.version === "string" ? config.version : "sin versión";
  } catch {
    return "sin versión";
  }
}

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
  version: string = kitVersion(),
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

/**
 * The previous grader, the released labs and the id-based describer. The
 * previous grader judges outputs with tfjs here, so the first grading call
 * starts the WASM backend.
 */
export function interimEngine(): Promise<Engine> {
  const catalog = releaseCatalog();
  const version = kitVersion();
  let backend: Promise<unknown> | undefined;
  const grade = async (path: string, options: GradeCallOptions) => {
    await (backend ??= useBackend("wasm"));
    const old = await legacyGradeNotebook(path, {
      mode: options.mode,
      seed: options.seed,
      lab: options.lab,
      timeoutMs: options.timeoutMs,
      heapMb: options.memoryMb,
    });
    const info = old.lab
      ? await catalog.labInfo(old.lab).catch(() => null)
      : null;
    return fromLegacyReport(
      old,
      options.submission ?? old.student,
      info,
      version,
    );
  };
  return Promise.resolve({
    grade,
    catalog,
    describe: releaseDescriber(catalog),
  });
}

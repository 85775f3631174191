/**
 * The labs the grader knows, assembled from their two sources of truth and
 * nothing else: the released notebook `notebooks/<lab>.ipynb` (made from
 * the master by `deno task release`: its title, the theory/practice
 * weights, and in notebook order every exercise and answer cell with its
 * id and points) and one definition file per exercise,
 * `lib/grading/labs/<lab>/<exercise id>.ts` (or `labs/shared/<id>.ts` for
 * an exercise several labs share). A lab is the ordered list of its
 * notebook's exercise cells.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { labIds, loadLab } from "./labs.ts";
 * const lab = await loadLab(labIds()[0]);
 * assert.ok(lab.exercises.length > 0);
 * ```
 * @module
 */
import { answerIdOf, cellMark, exerciseIdOf } from "../../notebook/exercise.ts";
import {
  cellSource,
  type Notebook,
  readNotebook,
} from "../../notebook/nbformat.ts";
import type { ExerciseDefinition, TestDefinition } from "../checks/define.ts";
import type { ReferenceSpec } from "../parse/extract.ts";
import { REPO_ROOT } from "./run_sandbox.ts";

/** Theory/practice weighting of a lab's final grade (fractions adding to 1). */
export interface Weights {
  /** Weight of the hand-graded theory answers. */
  theory: number;
  /** Weight of the auto-graded exercises. */
  practice: number;
}

/** A lab's exercise: its definition, points and tests with their points. */
export interface LabExercise {
  /** Its definition file's export. */
  definition: ExerciseDefinition;
  /** Its points (the master's metadata). */
  points: number;
  /** Each test's points (the exercise's points split by the tests' weights). */
  testPoints: number[];
}

/** A theory answer of a lab (graded by hand). */
export interface LabAnswer {
  /** The answer's id (`<!-- ANSWER: <id> -->`). */
  id: string;
  /** Its points (the master's metadata). */
  points: number;
  /** A bonus question: its points are extra. */
  bonus: boolean;
}

/** Everything the grader knows about one lab. */
export interface Lab {
  /** The lab id: its notebooks' file stem. */
  id: string;
  /** The title, as its notebook's first heading states it. */
  title: string;
  /** How theory and practice weigh in the final grade. */
  weights: Weights;
  /** The released student notebook (the copy every submission is compared with). */
  release: Notebook;
  /** Its exercises, in notebook order. */
  exercises: LabExercise[];
  /** Its theory answers, in notebook order. */
  answers: LabAnswer[];
}

/** A lab in plain numbers, for gradebooks. */
export interface LabInfo {
  /** The lab id. */
  id: string;
  /** Its title. */
  title: string;
  /** How theory and practice weigh in the final grade. */
  weights: Weights;
  /** Each exercise's id and points, in notebook order. */
  exercises: { id: string; points: number }[];
  /** Each theory answer, in notebook order. */
  answers: LabAnswer[];
}

const LABS_DIR = `${REPO_ROOT}/lib/grading/labs`;
const RELEASES_DIR = `${REPO_ROOT}/notebooks`;
const DEFAULT_WEIGHTS: Weights = { theory: 0.5, practice: 0.5 };

/** Ids of the labs: folders under `lib/grading/labs/` with a released notebook. */
export function labIds(): string[] {
  const ids: string[] = [];
  for (const entry of Deno.readDirSync(LABS_DIR)) {
    if (!entry.isDirectory || entry.name === "shared") continue;
    try {
      if (Deno.statSync(`${RELEASES_DIR}/${entry.name}.ipynb`).isFile) {
        ids.push(entry.name);
      }
    } catch { /* a lab folder without its release is not a lab yet */ }
  }
  return ids.sort();
}

/** The notebook's first `#` heading, without the `#`. */
export function titleOf(nb: Notebook): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = cellSource(cell).match(/^#\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return "";
}

function weightsOf(nb: Notebook): Weights {
  const w = (nb.metadata?.vaelab as { weights?: Partial<Weights> } | undefined)
    ?.weights;
  if (
    w && typeof w.theory === "number" && typeof w.practice === "number" &&
    w.theory >= 0 && w.practice >= 0 &&
    Math.abs(w.theory + w.practice - 1) < 1e-9
  ) return { theory: w.theory, practice: w.practice };
  return DEFAULT_WEIGHTS;
}

/** Splits `points` among tests by weight, rounded to 1/1000, adding up exactly. */
export function splitPoints(points: number, tests: TestDefinition[]): number[] {
  const sum = tests.reduce((s, t) => s + t.weight, 0);
  const out = tests.map((t) =>
    Math.round((t.weight * points / sum) * 1000) / 1000
  );
  const drift = points - out.reduce((s, p) => s + p, 0);
  out[out.length - 1] = Math.round((out[out.length - 1] + drift) * 1000) / 1000;
  return out;
}

async function definitionOf(
  lab: string,
  id: string,
): Promise<ExerciseDefinition> {
  for (const folder of [lab, "shared"]) {
    const file = `${LABS_DIR}/${folder}/${id}.ts`;
    try {
      Deno.statSync(file);
    } catch {
      continue;
    }
    const module = await import(new URL(`file://${file}`).href);
    const def = module.default as ExerciseDefinition;
    if (!def || def.id !== id) {
      throw new Error(
        `${file}: its default export must be the definition of exercise "${id}"`,
      );
    }
    return def;
  }
  throw new Error(
    `lab ${lab}: exercise "${id}" has no definition (lib/grading/labs/${lab}/${id}.ts)`,
  );
}

const cache = new Map<string, Promise<Lab>>();

/** Loads a lab (cached): its release notebook and its exercise definitions. */
export function loadLab(id: string): Promise<Lab> {
  let lab = cache.get(id);
  if (!lab) {
    lab = (async () => {
      const release = await readNotebook(`${RELEASES_DIR}/${id}.ipynb`);
      const exercises: LabExercise[] = [];
      const answers: LabAnswer[] = [];
      for (const cell of release.cells) {
        const mark = cellMark(cell);
        const exercise = exerciseIdOf(cell);
        const answer = answerIdOf(cell);
        const points = typeof mark.points === "number" ? mark.points : 0;
        if (exercise) {
          const definition = await definitionOf(id, exercise);
          exercises.push({
            definition,
            points,
            testPoints: splitPoints(points, definition.tests),
          });
        } else if (answer) {
          answers.push({ id: answer, points, bonus: mark.bonus === true });
        }
      }
      return {
        id,
        title: titleOf(release),
        weights: weightsOf(release),
        release,
        exercises,
        answers,
      };
    })();
    cache.set(id, lab);
  }
  return lab;
}

/** A lab's numbers for gradebooks. */
export async function labInfo(id: string): Promise<LabInfo> {
  const lab = await loadLab(id);
  return {
    id: lab.id,
    title: lab.title,
    weights: lab.weights,
    exercises: lab.exercises.map((e) => ({
      id: e.definition.id,
      points: e.points,
    })),
    answers: lab.answers,
  };
}

/** Every lab, loaded. */
export function loadLabs(): Promise<Lab[]> {
  return Promise.all(labIds().map(loadLab));
}

/**
 * Every graded function name of every lab, with its reference
 * implementation: derived from the definitions, so an exercise that depends
 * on another exercise's function gets exactly that reference.
 */
export async function referenceMap(): Promise<Map<string, ReferenceSpec>> {
  const map = new Map<string, ReferenceSpec>();
  for (const lab of await loadLabs()) {
    for (const { definition } of lab.exercises) {
      map.set(definition.functions[0], {
        file: `${REPO_ROOT}/${definition.reference.file}`,
        name: definition.reference.name,
      });
    }
  }
  return map;
}

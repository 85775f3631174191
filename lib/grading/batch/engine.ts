/**
 * What the batch, the gradebook and the Gradescope runner need from the
 * grading engine, as interfaces they take as parameters: grading one file,
 * the labs' released facts, and telling which lab a notebook is. Tests pass
 * fakes (a grader that throws, hangs or is slow); the commands pass
 * {@link defaultEngine}.
 *
 * @example
 * ```ts
 * import { defaultEngine } from "./engine.ts";
 * const engine = await defaultEngine();
 * console.log(engine.catalog.labIds());
 * ```
 * @module
 */
import type { Notebook } from "../../notebook/nbformat.ts";
import { gradeNotebook } from "../engine/grade.ts";
import { describeSubmission } from "../engine/identify.ts";
import { labIds, labInfo } from "../engine/labs.ts";
import type { GradeOptions, GradeReport } from "../report.ts";

/**
 * Options of one grading call. The batch sets `submission` and `signal`,
 * which it aborts when it gives up on the call (watchdog, SIGINT, SIGTERM):
 * the engine then kills its sandbox and cleans up.
 */
export type GradeCallOptions = GradeOptions;

/**
 * Grades the notebook file at `path`. The engine reads the file itself
 * (regular files only) and should never throw for anything a submission
 * does; the batch survives it anyway.
 */
export type GradeFn = (
  path: string,
  options: GradeCallOptions,
) => Promise<GradeReport>;

/** A lab as its release states it (ids, points and weights from the master). */
export interface LabInfo {
  /** The lab id (the notebook's file stem). */
  id: string;
  /** Spanish title. */
  title: string;
  /** Relative weights of the theory and practice parts in the final grade. */
  weights: { theory: number; practice: number };
  /** Graded code exercises and their points. */
  exercises: { id: string; points: number }[];
  /** Theory answers, their points, and whether they are bonus. */
  answers: { id: string; points: number; bonus: boolean }[];
}

/** The labs of this kit. */
export interface LabCatalog {
  /** Ids of the released labs. */
  labIds(): string[];
  /** One lab's facts; rejects for an unknown id. */
  labInfo(id: string): Promise<LabInfo>;
}

/** Which lab a notebook is and how much of it the student changed. */
export interface SubmissionDescription {
  /** Lab id, or null when the notebook is none of the released labs. */
  lab: string | null;
  /** Exercise and answer cells that differ from the release. */
  answered: number;
  /** Whether the notebook carries a release stamp. */
  stamped: boolean;
}

/**
 * Tells which lab a parsed notebook is (see {@link SubmissionDescription});
 * `path` is the file's path, a hint for notebooks that say little.
 */
export type DescribeFn = (
  nb: Notebook,
  path?: string,
) => SubmissionDescription | Promise<SubmissionDescription>;

/** Everything the batch uses of the engine. */
export interface Engine {
  /** Grades one file. */
  grade: GradeFn;
  /** The released labs. */
  catalog: LabCatalog;
  /** Identifies a notebook's lab. */
  describe: DescribeFn;
}

/** The engine the commands use: `lib/grading/engine/`. */
export function defaultEngine(): Promise<Engine> {
  return Promise.resolve({
    grade: gradeNotebook,
    catalog: defaultCatalog(),
    describe: describeSubmission,
  });
}

/** The released labs (`lib/grading/engine/labs.ts`). */
export function defaultCatalog(): LabCatalog {
  return { labIds, labInfo };
}

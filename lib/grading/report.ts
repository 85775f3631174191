/**
 * What grading one notebook produces: the data every pipeline stage fills
 * in and every report (Markdown, HTML, CSV, JSON, Gradescope) renders.
 *
 * Every string in a report that is not a number may contain text the
 * student controls (their error messages, file names, names they wrote):
 * renderers must treat all of it as untrusted plain text and escape it for
 * their format.
 *
 * @module
 */

/** How to find one cell of a notebook, the way a student or instructor would. */
export interface CellRef {
  /** 0-based index among all the notebook's cells. */
  index: number;
  /**
   * Spanish label naming the cell by what it is, e.g.
   * `ejercicio kl_standard_normal («function klStandardNormal(…»)` or
   * `texto «### Ejercicio 1: la KL…»`; never a bare index.
   */
  label: string;
}

/** Result of one test of an exercise. */
export interface TestResult {
  /** Spanish, short. */
  name: string;
  /** A hidden test (run only when grading). */
  hidden: boolean;
  /** Points earned. */
  points: number;
  /** Points it is worth. */
  maxPoints: number;
  /** Whether it passed. */
  passed: boolean;
  /**
   * Spanish feedback (empty when passed). A failed hidden test carries only
   * its hint: the property that failed, no values.
   */
  message: string;
}

/** Result of one graded exercise (one code cell). */
export interface ExerciseResult {
  /** The exercise id. */
  id: string;
  /** Spanish title. */
  title: string;
  /** The graded cell, when one was found. */
  cell?: CellRef;
  /** Points earned. */
  points: number;
  /** Points of the tests that were run. */
  maxPoints: number;
  /** Exercise-level messages (missing cell, syntax error, time limit…), Spanish. */
  messages: string[];
  /** Its tests' results. */
  tests: TestResult[];
  /** Hidden tests not run (check mode). */
  hiddenNotRun: number;
  /** Points of the hidden tests not run. */
  hiddenPointsNotRun: number;
}

/** A theory answer: graded by hand; its value comes from the release, never the submission. */
export interface AnswerResult {
  /** The answer id. */
  id: string;
  /** The answer cell, when one was found. */
  cell?: CellRef;
  /** The student wrote something beyond the prompt. */
  answered: boolean;
  /** Points the answer is worth (from the release). */
  maxPoints: number;
  /** A bonus question: its points are extra. */
  bonus: boolean;
}

/** How the submission compares with the released notebook it must be a copy of. */
export interface CopyCheck {
  /** The release the submission was compared with (lab id and version). */
  release: { assignment: string; version: string } | null;
  /** The stamp found in the submission, if any. */
  stamp: { assignment: string; version: string } | null;
  /** Given cells of the release that the submission lacks. */
  missing: CellRef[];
  /** Cells of the submission that the release does not have. */
  added: CellRef[];
  /** Given cells found out of the release's order. */
  moved: CellRef[];
  /** Given cells (prompts, checks, setup) whose text the student changed. */
  modified: CellRef[];
  /** Answer and exercise cells left as released. */
  emptyAnswers: CellRef[];
  /** Spanish one-line summary for each problem above, for reports. */
  notes: string[];
  /** Missing or modified given cells: what `--strict` turns into a zero. */
  broken: boolean;
}

/** Everything known about one graded notebook. */
export interface GradeReport {
  /** The notebook's path as given to the grader. */
  notebook: string;
  /**
   * Stable key of the submission in a batch (its folder or file name
   * relative to the submissions root, made unique): the gradebook's row id.
   */
  submission: string;
  /** Display name: the notebook's "Estudiante" cell, else `submission`. */
  student: string;
  /** Lab id (the master's file stem), null when unknown. */
  lab: string | null;
  /** The lab's title as its notebook states it. */
  labTitle: string;
  /** "check": public tests only (the student's `deno task check`). */
  mode: "grade" | "check";
  /** Automatic points (the practical part). */
  score: number;
  /** Points the tests run could give. */
  maxScore: number;
  /** Notebook-level problems (unreadable file, wrong lab…), Spanish. */
  problems: string[];
  /** The comparison with the release (null when the lab is unknown). */
  copy: CopyCheck | null;
  /** Set when `strict` zeroed the score: the reason, Spanish. */
  strictZero?: string;
  /** One result per exercise of the lab, in notebook order. */
  exercises: ExerciseResult[];
  /** One result per theory answer of the lab, in notebook order. */
  answers: AnswerResult[];
  /** Seed of the randomized inputs of this run (reproduces the hidden tests). */
  seed: number;
  /** The kit's version (deno.json `version`). */
  kitVersion: string;
  /** How long grading took (ms). */
  durationMs: number;
}

/** Options of grading one notebook. */
export interface GradeOptions {
  /** "check": public tests only (students). Default "grade". */
  mode?: "grade" | "check";
  /** Seed of the randomized inputs (default: fresh per run). */
  seed?: number;
  /** Grade as this lab; a notebook of another lab gets 0 and a message. */
  lab?: string;
  /** A broken copy of the release scores 0, with the reason. */
  strict?: boolean;
  /** Per-exercise wall-clock limit (ms). */
  timeoutMs?: number;
  /** The submission's key (default: derived from the path). */
  submission?: string;
  /** Memory cap of the sandbox process (MiB). */
  memoryMb?: number;
  /** Aborting kills the sandbox at once (the report then says so). */
  signal?: AbortSignal;
}

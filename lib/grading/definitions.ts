/**
 * The shapes of grading definitions: a lab is a list of exercises, an
 * exercise a list of tests with points, visibility and an authored hint.
 * The labs themselves are defined in `lab1.ts` and `lab2.ts`.
 *
 * @module
 */
import type { SeededRandom } from "../random/mod.ts";
import type { ReferenceFunction } from "./module_builder.ts";
import type { WireCall, WireValue } from "./wire.ts";

/** The outcome of one test: passed or not, and a Spanish explanation. */
export interface Verdict {
  passed: boolean;
  /** Spanish feedback for the student (empty when passed). */
  message: string;
}

/** Calls a test needs from the sandbox and how to judge what they returned. */
export interface PreparedTest {
  calls: WireCall[];
  /** Judges the returned values (one per call, all calls succeeded). */
  evaluate(values: WireValue[]): Verdict | Promise<Verdict>;
}

/** What a test's `prepare` receives. */
export interface TestContext {
  /** Seeded generator: fixed seed for fixed tests, the run's seed otherwise. */
  rng: SeededRandom;
}

/** One graded check of an exercise. */
export interface TestDefinition {
  /** Spanish, short: shows in reports and test step names. */
  name: string;
  points: number;
  /** Hidden tests are not run by `deno task check`; failures show only `hint`. */
  hidden: boolean;
  /** Authored hint (Spanish) shown when the test fails. */
  hint: string;
  /**
   * Fixed seed for reproducible inputs; omit to draw fresh inputs on each run
   * (so a hard-coded answer cannot pass).
   */
  seed?: number;
  prepare(ctx: TestContext): PreparedTest;
}

/** One graded exercise (one notebook cell). */
export interface ExerciseDefinition {
  /** The id in `metadata.vaelab.exercise` and `// EXERCISE: <id>`. */
  id: string;
  /** Spanish title for reports. */
  title: string;
  /** Function(s) the cell must define; the first is the one under test. */
  functions: string[];
  /** Reference implementations substituted for what the exercise uses. */
  dependencies: ReferenceFunction[];
  tests: TestDefinition[];
}

/** A lab: its notebook name and exercises. */
export interface LabDefinition {
  /** Notebook stem, e.g. "lab1_elbo_dense_vae". */
  id: string;
  title: string;
  exercises: ExerciseDefinition[];
}

/** Total points of an exercise (sum of its tests). */
export function exercisePoints(exercise: ExerciseDefinition): number {
  return exercise.tests.reduce((sum, t) => sum + t.points, 0);
}

/**
 * Rescales test points so they add up to `points` (the exercise's value in
 * the master notebook), keeping their proportions; rounded to 1/1000.
 */
export function withPoints(
  points: number,
  exercise: ExerciseDefinition,
): ExerciseDefinition {
  const sum = exercisePoints(exercise);
  const tests = exercise.tests.map((t) => ({
    ...t,
    points: Math.round((t.points * points / sum) * 1000) / 1000,
  }));
  const drift = points - tests.reduce((s, t) => s + t.points, 0);
  tests[tests.length - 1].points =
    Math.round((tests[tests.length - 1].points + drift) * 1000) / 1000;
  return { ...exercise, tests };
}

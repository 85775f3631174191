/**
 * The shape of an exercise definition: what an instructor writes, in one
 * file per exercise under `lib/grading/labs/<lab>/<exercise id>.ts` — the
 * function(s) the cell must define, the reference implementation in `lib/`,
 * the other exercises' functions it may call (as references), and its
 * tests, each with its relative weight, its visibility, its hint and how it
 * prepares calls and judges what they return. Ids, points and order live
 * in the master notebook's metadata, never here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineExercise } from "./define.ts";
 * const exercise = defineExercise({
 *   id: "double",
 *   title: "El doble",
 *   functions: ["double"],
 *   reference: { file: "lib/example.ts", name: "double" },
 *   tests: [{
 *     name: "valores fijos",
 *     weight: 1,
 *     hint: "Multiplica por 2.",
 *     prepare: () => ({ calls: [], judge: () => ({ passed: true, message: "" }) }),
 *   }],
 * });
 * assert.equal(exercise.tests[0].hidden, false);
 * ```
 * @module
 */
import type { SeededRandom } from "../../random/mod.ts";
import type { Call, Value } from "../sandbox/protocol.ts";

/** The outcome of judging one test. */
export interface Verdict {
  /** Whether the property holds. */
  passed: boolean;
  /** Spanish feedback for the student (empty when passed); public tests show it. */
  message: string;
  /**
   * The property that failed, as a short Spanish sentence ("el ruido es el
   * mismo en cada llamada"): what a failed hidden test shows instead of its
   * generic hint, since hidden tests never show values.
   */
  property?: string;
}

/** A test made ready for one run: the calls, and how to judge their values. */
export interface PreparedTest {
  /** The calls to make in the student's realm, in order. */
  calls: Call[];
  /** Judges the values (one per call; every call returned normally). */
  judge(values: Value[]): Verdict;
}

/** One test of an exercise. */
export interface TestSpec {
  /** Spanish, short: shows in reports and test step names. */
  name: string;
  /** Relative weight among the exercise's tests (its points are the master's). */
  weight: number;
  /** Hidden tests do not run in `deno task check`; their failures show only a hint. */
  hidden?: boolean;
  /** Spanish hint shown when the test fails. */
  hint: string;
  /**
   * Fixed seed of the inputs (public tests: reproducible for the student).
   * Without one, inputs are drawn from the run's seed so that a hard-coded
   * answer cannot pass.
   */
  seed?: number;
  /** Draws the test's inputs (from its seed) and prepares its calls and judge. */
  prepare(rng: SeededRandom): PreparedTest;
}

/** A test with its defaults filled in. */
export type TestDefinition = TestSpec & { hidden: boolean };

/** Where a reference implementation lives in the kit. */
export interface ReferenceSpec {
  /** Repository-relative path, e.g. "lib/vae/distributions.ts". */
  file: string;
  /** The exercise's name for reports (Spanish). */
  name: string;
}

/** What an exercise file exports (via {@link defineExercise}). */
export interface ExerciseSpec {
  /** The id in the master's `metadata.vaelab.exercise` and `// EXERCISE: <id>`. */
  id: string;
  /** Spanish title for reports. */
  title: string;
  /** Function(s) the cell must define; the first is the one under test. */
  functions: string[];
  /** The kit's implementation of the first function (other exercises may depend on it). */
  reference: ReferenceSpec;
  /** Other exercises' functions this one may call: they are given as references. */
  dependencies?: string[];
  /** Its tests, in the order reports list them. */
  tests: TestSpec[];
}

/** An exercise definition with its defaults filled in. */
export interface ExerciseDefinition extends ExerciseSpec {
  /** Other exercises' functions it may call (never undefined). */
  dependencies: string[];
  /** Its tests, hidden ones marked. */
  tests: TestDefinition[];
}

/** Checks and completes an exercise definition (a mistake here is the kit's, so it throws). */
export function defineExercise(spec: ExerciseSpec): ExerciseDefinition {
  if (!/^[A-Za-z0-9_.-]+$/.test(spec.id)) {
    throw new Error(`exercise id "${spec.id}": use letters, digits, _ . -`);
  }
  if (spec.functions.length === 0) {
    throw new Error(`exercise ${spec.id}: no function to grade`);
  }
  if (spec.tests.length === 0) throw new Error(`exercise ${spec.id}: no test`);
  if (spec.reference.name !== spec.functions[0]) {
    throw new Error(
      `exercise ${spec.id}: its reference must be named like the function under test (${
        spec.functions[0]
      })`,
    );
  }
  const names = new Set<string>();
  for (const t of spec.tests) {
    if (!(t.weight > 0)) {
      throw new Error(
        `exercise ${spec.id}, test "${t.name}": weight must be > 0`,
      );
    }
    if (names.has(t.name)) {
      throw new Error(`exercise ${spec.id}: two tests named "${t.name}"`);
    }
    names.add(t.name);
  }
  return {
    ...spec,
    dependencies: spec.dependencies ?? [],
    tests: spec.tests.map((t) => ({ ...t, hidden: t.hidden ?? false })),
  };
}

/** A passing verdict. */
export const PASS: Verdict = { passed: true, message: "" };

/** A failing verdict. */
export function fail(message: string, property?: string): Verdict {
  return { passed: false, message, property };
}

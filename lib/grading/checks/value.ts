/**
 * Value tests: call the student's function once per case and compare each
 * returned tensor with the float64 oracle, naming a likely cause when the
 * output matches a known wrong variant.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { valueTest } from "./value.ts";
 * import { tensorArg } from "./inputs.ts";
 * const test = valueTest({
 *   name: "valores fijos", weight: 1, seed: 1, hint: "…", fn: "double",
 *   cases: () => [{
 *     args: [tensorArg({ shape: [1], data: Float64Array.of(2) })],
 *     expected: { shape: [1], data: Float64Array.of(4) },
 *     tol: { rtol: 1e-6, atol: 1e-6 }, label: "double(x)",
 *   }],
 * });
 * assert.equal(test.prepare({ next: Math.random, nextInt: () => 0 } as never).calls.length, 1);
 * ```
 * @module
 */
import type { SeededRandom } from "../../random/mod.ts";
import type { Arg } from "../sandbox/protocol.ts";
import {
  compareOutput,
  type Tolerance,
  type Variant,
} from "../feedback/compare.ts";
import { PASS, type TestSpec } from "./define.ts";
import type { Array64 } from "./inputs.ts";

/** One call whose tensor output is compared with `expected`. */
export interface ValueCase {
  /** The call's arguments. */
  args: Arg[];
  /** The float64 oracle's value. */
  expected: Array64;
  /** Known mistakes, to name a likely cause. */
  variants?: Variant[];
  /** How close the output must be. */
  tol: Tolerance;
  /** Spanish label, e.g. "klStandardNormal(mu, logvar) con forma [4, 3]". */
  label: string;
}

/** What a value test needs besides the common fields. */
export interface ValueTestSpec extends Omit<TestSpec, "prepare"> {
  /** The function called. */
  fn: string;
  /** The cases of one run, drawn from the test's generator. */
  cases(rng: SeededRandom): ValueCase[];
}

/** A test that calls `fn` once per case and compares each output. */
export function valueTest(
  spec: ValueTestSpec,
): TestSpec & { cases: ValueTestSpec["cases"]; fn: string } {
  const { fn, cases, ...meta } = spec;
  return {
    ...meta,
    fn,
    cases,
    prepare(rng) {
      const all = cases(rng);
      return {
        calls: all.map((c) => ({ fn, args: c.args })),
        judge(values) {
          for (const [i, c] of all.entries()) {
            const verdict = compareOutput(
              values[i],
              c.expected,
              c.tol,
              c.variants,
              c.label,
            );
            if (!verdict.passed) return verdict;
          }
          return PASS;
        },
      };
    },
  };
}

/**
 * Gradient tests: the functions a VAE trains through must let the gradient
 * reach their inputs, and it must be the formula's gradient. A value that
 * is right but computed outside tf's graph (`dataSync()`, `arraySync()`,
 * rebuilding a tensor from JavaScript numbers) passes every value test and
 * yet trains nothing — in the notebook, `fit` fails or the encoder learns
 * only from the other terms. The student's realm takes the gradient of a
 * random weighting Σ w·f(args) with `tf.grads`, as training would; the
 * grader compares it with central differences of the float64 oracle.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectedGradients } from "./gradient.ts";
 * // f(x) = x², weights 1: the gradient is 2x.
 * const [g] = expectedGradients(
 *   [{ shape: [2], data: Float64Array.of(1, -3) }],
 *   ([x]) => ({ shape: x.shape, data: x.data.map((v) => v * v) }),
 *   Float64Array.of(1, 1),
 * );
 * assert.ok(Math.abs(g.data[0] - 2) < 1e-6 && Math.abs(g.data[1] + 6) < 1e-6);
 * ```
 * @module
 */
import type { SeededRandom } from "../../random/mod.ts";
import type { Arg, PlainTensor } from "../sandbox/protocol.ts";
import {
  compareOutput,
  type Tolerance,
  valuesOf,
} from "../feedback/compare.ts";
import { fail, PASS, type TestSpec } from "./define.ts";
import { type Array64, normal, tensorArg } from "./inputs.ts";

/** One differentiated call. */
export interface GradientCase {
  /** The differentiable inputs' values, in the order of `at`. */
  inputs: Array64[];
  /** Their positions among the call's arguments. */
  at: number[];
  /** Their names for messages, e.g. `["mu", "logvar"]`. */
  names: string[];
  /** The call's arguments for given inputs (the others fixed). */
  args(inputs: Array64[]): Arg[];
  /** The float64 oracle of the function's output for given inputs. */
  value(inputs: Array64[]): Array64;
  /**
   * For a function that draws its own noise: the expected gradients from
   * the output it returned during the differentiated call (instead of
   * central differences of `value`, which cannot know the noise).
   */
  fromOutput?(
    inputs: Array64[],
    output: Array64,
    weights: Float64Array,
  ): Array64[];
  /**
   * When the gradient depends on noise the output does not reveal: only
   * check that it reaches every input (finite, not all zero).
   */
  connectedOnly?: boolean;
  /** Spanish label of the call, e.g. "klStandardNormal(mu, logvar)". */
  label: string;
  /** How close each gradient must be (default: rtol 1e-3, atol 1e-4). */
  tol?: Tolerance;
}

/** What a gradient test needs besides the common fields. */
export interface GradientTestSpec extends Omit<TestSpec, "prepare"> {
  /** The function differentiated. */
  fn: string;
  /** The cases of one run, drawn from the test's generator. */
  cases(rng: SeededRandom): GradientCase[];
}

const TOL: Tolerance = { rtol: 1e-3, atol: 1e-4 };

/** What a wrong gradient usually means. */
export const THROUGH_TF =
  "El entrenamiento deriva a través de esta función: cada parte del cálculo tiene que ser una operación de tf sobre sus entradas (nada de dataSync(), arraySync() ni números de JavaScript reconvertidos en tensores, ni tf.stopGradient).";

/**
 * ∂/∂inputs of Σ weights·value(inputs), by central differences in float64
 * (step 1e-6 relative to each input's size).
 */
export function expectedGradients(
  inputs: Array64[],
  value: (inputs: Array64[]) => Array64,
  weights: Float64Array,
): Array64[] {
  const objective = (xs: Array64[]) => {
    const out = value(xs).data;
    let s = 0;
    for (let i = 0; i < out.length; i++) s += weights[i] * out[i];
    return s;
  };
  return inputs.map((input, k) => {
    const grad = new Float64Array(input.data.length);
    for (let i = 0; i < grad.length; i++) {
      const x = input.data[i];
      const h = 1e-6 * Math.max(1, Math.abs(x));
      const at = (v: number) => {
        const data = input.data.slice();
        data[i] = v;
        const xs = inputs.slice();
        xs[k] = { shape: input.shape, data };
        return objective(xs);
      };
      grad[i] = (at(x + h) - at(x - h)) / (2 * h);
    }
    return { shape: input.shape, data: grad };
  });
}

/** A test that differentiates `fn` through tf and compares with the oracle's gradient. */
export function gradientTest(spec: GradientTestSpec): TestSpec {
  const { fn, cases, ...meta } = spec;
  return {
    ...meta,
    prepare(rng) {
      const all = cases(rng).map((c) => {
        const shape = c.value(c.inputs).shape;
        const weights = normal(rng, shape);
        return {
          c,
          weights,
          expected: c.fromOutput || c.connectedOnly
            ? undefined
            : expectedGradients(c.inputs, c.value, weights.data),
        };
      });
      return {
        calls: all.map(({ c, weights }) => ({
          fn,
          args: c.args(c.inputs),
          gradient: { wrt: c.at, weights: tensorArg(weights) as PlainTensor },
        })),
        judge(values) {
          for (const [i, { c, weights, expected: fixed }] of all.entries()) {
            const v = values[i];
            const output = v.t === "gradients" && v.output?.t === "tensor"
              ? { shape: v.output.shape, data: valuesOf(v.output) }
              : undefined;
            if (c.connectedOnly) {
              const dead = v.t !== "gradients"
                ? c.names
                : c.names.filter((_, k) => {
                  const g = v.items[k] ? valuesOf(v.items[k]) : undefined;
                  return !g || !g.every(Number.isFinite) ||
                    g.every((x) => x === 0);
                });
              if (dead.length > 0) {
                return fail(
                  `El gradiente de ${c.label} no llega a ${
                    dead.join(", ")
                  } (es cero o no finito).\n${THROUGH_TF}`,
                  `el gradiente no llega a ${dead.join(", ")}`,
                );
              }
              continue;
            }
            const expected = fixed ??
              (output && output.shape.join() === weights.shape.join()
                ? c.fromOutput!(c.inputs, output, weights.data)
                : undefined);
            if (!expected) {
              return fail(
                `${c.label}: el resultado no tiene la forma pedida, así que no se puede comprobar su gradiente.`,
                "no se puede derivar",
              );
            }
            if (v.t !== "gradients" || v.items.length !== expected.length) {
              return fail(
                `No se pudo derivar ${c.label}.`,
                "no se puede derivar",
              );
            }
            for (const [k, g] of expected.entries()) {
              const label = `el gradiente de ${c.label} respecto de ${
                c.names[k]
              }`;
              const verdict = compareOutput(
                v.items[k],
                g,
                c.tol ?? TOL,
                [],
                label,
              );
              if (!verdict.passed) {
                return fail(
                  `${verdict.message}\n${THROUGH_TF}`,
                  `el gradiente respecto de ${
                    c.names[k]
                  } no es el de la fórmula`,
                );
              }
            }
          }
          return PASS;
        },
      };
    },
  };
}

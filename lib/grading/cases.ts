/**
 * Test factories shared by the lab definitions: value tests (compare with an
 * expected array and known wrong variants), model structure and training
 * tests, and the statistical test of a sampler.
 *
 * @module
 */
import type { SeededRandom } from "../random/mod.ts";
import type { TestDefinition, Verdict } from "./definitions.ts";
import type { Variant } from "./expected.ts";
import {
  compareOutput,
  describeValue,
  num,
  type Tolerance,
} from "./feedback.ts";
import type { Array64 } from "./inputs.ts";
import {
  checkStructure,
  checkTrains,
  type ModelPlan,
  rebuildModel,
} from "./models.ts";
import { tensorValues, type WireArg, wireTensor } from "./wire.ts";

/** Common fields of every test. */
export interface TestMeta {
  name: string;
  points: number;
  hidden?: boolean;
  hint: string;
  seed?: number;
}

/** A tensor argument from an {@link Array64}. */
export function arg(a: Array64): WireArg {
  return wireTensor(a.shape, a.data);
}

/** A number argument. */
export function numArg(v: number): WireArg {
  return { t: "number", v };
}

/** One call whose tensor output is compared with `expected`. */
export interface ValueCase {
  args: WireArg[];
  expected: Array64;
  variants?: Variant[];
  tol: Tolerance;
  /** Spanish label, e.g. "klStandardNormal(mu, logvar) con B=4, J=3". */
  label: string;
}

/** A test that calls `fn` once per case and compares each output. */
export function valueTest(
  meta: TestMeta,
  fn: string,
  make: (rng: SeededRandom) => ValueCase[],
): TestDefinition {
  return {
    hidden: false,
    ...meta,
    prepare({ rng }) {
      const cases = make(rng);
      return {
        calls: cases.map((c) => ({ fn, args: c.args })),
        evaluate(values): Verdict {
          for (const [i, c] of cases.entries()) {
            const verdict = compareOutput(
              values[i],
              c.expected,
              c.tol,
              c.variants,
              c.label,
            );
            if (!verdict.passed) return verdict;
          }
          return { passed: true, message: "" };
        },
      };
    },
  };
}

/** A test that builds a model with `args` and checks its structure. */
export function structureTest(
  meta: TestMeta,
  fn: string,
  make: (rng: SeededRandom) => { args: number[] | unknown[]; plan: ModelPlan },
): TestDefinition {
  return {
    hidden: false,
    ...meta,
    prepare({ rng }) {
      const { args, plan } = make(rng);
      return {
        calls: [{ fn, args: args.map((v) => ({ t: "json", v }) as WireArg) }],
        async evaluate([value]) {
          const { model, message } = await rebuildModel(
            value,
            fn,
            Math.max(10 * plan.params, 100_000),
          );
          if (!model) return { passed: false, message: message! };
          try {
            const verdict = checkStructure(
              model,
              plan,
              `${fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`,
            );
            return verdict;
          } finally {
            model.dispose();
          }
        },
      };
    },
  };
}

/** A test that builds a model and checks a few Adam steps lower the loss. */
export function trainsTest(
  meta: TestMeta,
  fn: string,
  args: unknown[],
  options: { batch?: number; steps?: number; learningRate?: number } = {},
): TestDefinition {
  return {
    hidden: false,
    ...meta,
    prepare({ rng }) {
      return {
        calls: [{ fn, args: args.map((v) => ({ t: "json", v }) as WireArg) }],
        async evaluate([value]) {
          const { model, message } = await rebuildModel(value, fn);
          if (!model) return { passed: false, message: message! };
          try {
            return checkTrains(model, rng, fn, options);
          } finally {
            model.dispose();
          }
        },
      };
    },
  };
}

/**
 * Statistical test of a sampler called without noise: `rows` copies of the
 * same (μ, logvar) row; the sample mean and variance of each column must be
 * within `z` standard errors of μ and σ², and two calls must differ.
 */
export function samplingTest(
  meta: TestMeta,
  fn: string,
  make: (rng: SeededRandom) => { mu: number[]; logvar: number[]; rows: number },
  z = 5,
): TestDefinition {
  return {
    hidden: false,
    ...meta,
    prepare({ rng }) {
      const { mu, logvar, rows } = make(rng);
      const cols = mu.length;
      const tile = (row: number[]) => {
        const data = new Float64Array(rows * cols);
        for (let i = 0; i < data.length; i++) {
          data[i] = Math.fround(row[i % cols]);
        }
        return { shape: [rows, cols], data };
      };
      const args = [arg(tile(mu)), arg(tile(logvar))];
      return {
        calls: [{ fn, args }, { fn, args }],
        evaluate(values): Verdict {
          for (const value of values) {
            if (
              value.t !== "tensor" || value.shape.join() !== [rows, cols].join()
            ) {
              return {
                passed: false,
                message:
                  `${fn}(mu, logvar) sin eps debe devolver un tensor de la forma de mu, [${rows}, ${cols}], y devolvió ${
                    describeValue(value)
                  }.`,
              };
            }
          }
          const [a, b] = values.map((v) => tensorValues(v as never));
          if (a.every((x, i) => x === b[i])) {
            return {
              passed: false,
              message:
                `${fn}(mu, logvar) sin eps devolvió exactamente lo mismo en dos llamadas: hay que muestrear ε ~ N(0, I) en cada llamada (tf.randomNormal(mu.shape)).`,
            };
          }
          if (a.some((x) => !Number.isFinite(x))) {
            return {
              passed: false,
              message:
                `${fn}(mu, logvar) sin eps devolvió valores NaN o infinitos.`,
            };
          }
          const problems: string[] = [];
          for (let j = 0; j < cols; j++) {
            let s = 0, s2 = 0;
            for (let r = 0; r < rows; r++) {
              const x = a[r * cols + j];
              s += x;
              s2 += x * x;
            }
            const mean = s / rows;
            const variance = (s2 - rows * mean * mean) / (rows - 1);
            const sigma2 = Math.exp(logvar[j]);
            const meanTol = z * Math.sqrt(sigma2 / rows);
            const varTol = z * Math.sqrt(2 / (rows - 1));
            if (Math.abs(mean - mu[j]) > meanTol) {
              problems.push(
                `columna ${j}: media muestral ${num(mean)}, se esperaba μ = ${
                  num(mu[j])
                } ± ${num(meanTol)}`,
              );
            }
            if (Math.abs(variance / sigma2 - 1) > varTol) {
              let cause = "";
              const ratio = Math.log(variance) / logvar[j];
              if (Math.abs(ratio - 2) < 0.3) {
                cause =
                  " (coincide con exp(logvar) como σ: la varianza sale σ⁴)";
              }
              problems.push(
                `columna ${j}: varianza muestral ${
                  num(variance)
                }, se esperaba σ² = exp(logvar) = ${num(sigma2)} (±${
                  (varTol * 100).toFixed(0)
                }%)${cause}`,
              );
            }
          }
          if (problems.length === 0) return { passed: true, message: "" };
          return {
            passed: false,
            message: [
              `Las muestras de ${fn}(mu, logvar) con ${rows} filas iguales no tienen la distribución N(μ, σ²):`,
              ...problems.map((p) => `  - ${p}`),
            ].join("\n"),
          };
        },
      };
    },
  };
}

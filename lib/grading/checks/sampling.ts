/**
 * The statistical test of a reparameterized sampler called without noise,
 * `fn(mu, logvar)`: `rows` copies of one (μ, log σ²) row, called twice.
 * Standardizing the samples, ε̂ = (z − μ)/σ, must give fresh N(0, I) noise:
 * new on each call, different for every row, independent across columns,
 * mean 0, variance 1, Gaussian. Each property is checked with the bounds of
 * `stats.ts` (a correct sampler fails less than once in 10⁷ runs) and each
 * failure names its property, which is what a hidden test shows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeNoise } from "./sampling.ts";
 * const mu = [0], logvar = [0], rows = 1000;
 * const zeros = new Float64Array(rows);
 * assert.equal(judgeNoise([zeros, zeros], mu, logvar, "f").passed, false);
 * ```
 * @module
 */
import { fail, PASS, type TestSpec, type Verdict } from "./define.ts";
import { tensorArg, tiled } from "./inputs.ts";
import {
  correlation,
  correlationBound,
  ksBound,
  ksNormal,
  mean,
  meanBound,
  variance,
  varianceRange,
} from "./stats.ts";
import { describeValue, num, valuesOf } from "../feedback/compare.ts";
import { nonFiniteText } from "../feedback/compare.ts";

/** Column j of a [rows, cols] row-major array. */
function column(a: Float64Array, cols: number, j: number): Float64Array {
  const out = new Float64Array(a.length / cols);
  for (let r = 0; r < out.length; r++) out[r] = a[r * cols + j];
  return out;
}

/**
 * Judges the samples of two calls (`calls[i]` is a [rows, J] array) of a
 * sampler of N(μ, exp(logvar)).
 */
export function judgeNoise(
  calls: Float64Array[],
  mu: number[],
  logvar: number[],
  fn: string,
): Verdict {
  const cols = mu.length;
  const [a, b] = calls;
  const rows = a.length / cols;
  const sigma = logvar.map((v) => Math.exp(v / 2));
  const standardize = (z: Float64Array) =>
    z.map((x, i) => (x - mu[i % cols]) / sigma[i % cols]);
  const ea = standardize(a), eb = standardize(b);
  const call = `${fn}(mu, logvar) sin eps`;
  if (ea.every((x) => Math.abs(x) < 1e-6)) {
    return fail(
      `${call} devolvió μ sin ruido: falta sumar σ·ε.`,
      "devuelve μ sin ruido",
    );
  }
  if (a.every((x, i) => x === b[i])) {
    return fail(
      `${call} devolvió exactamente lo mismo en dos llamadas: sin eps, cada llamada debe sacar ruido nuevo (¿pasaste una semilla fija a tf.randomNormal?).`,
      "el ruido es el mismo en cada llamada (¿una semilla fija?)",
    );
  }
  for (let j = 0; j < cols; j++) {
    const c = column(ea, cols, j);
    if (c.every((x) => x === c[0])) {
      return fail(
        `${call}: todas las filas del lote recibieron el mismo ruido (columna ${j}); ε debe tener la forma de mu, una muestra distinta por fila.`,
        "todas las filas del lote reciben el mismo ruido",
      );
    }
  }
  for (let j = 0; j < cols; j++) {
    for (let k = j + 1; k < cols; k++) {
      const r = correlation(column(ea, cols, j), column(ea, cols, k));
      if (Math.abs(r) > correlationBound(rows)) {
        return fail(
          `${call}: el ruido de las columnas ${j} y ${k} está correlacionado (r = ${
            num(r)
          }); cada dimensión latente necesita su propio ε independiente.`,
          "las dimensiones latentes comparten el mismo ruido",
        );
      }
    }
  }
  const r = correlation(ea, eb);
  if (Math.abs(r) > correlationBound(ea.length)) {
    return fail(
      `${call}: el ruido de dos llamadas está correlacionado (r = ${
        num(r)
      }); cada llamada debe sacar ruido nuevo e independiente.`,
      "el ruido de una llamada depende del de la anterior",
    );
  }
  if (ea.every((x) => x >= 0) && a.every((x, i) => x >= mu[i % cols])) {
    return fail(
      `${call}: todas las muestras quedan por encima de μ: el ruido parece uniforme en [0, 1) (tf.randomUniform); el truco de la reparametrización usa ε ~ N(0, I) (tf.randomNormal).`,
      "el ruido no es normal estándar (¿tf.randomUniform?)",
    );
  }
  const problems: string[] = [];
  const [lo, hi] = varianceRange(rows);
  for (let j = 0; j < cols; j++) {
    const c = column(ea, cols, j);
    const m = mean(c), v = variance(c);
    if (Math.abs(m) > meanBound(rows)) {
      problems.push(
        `columna ${j}: media de las muestras ${
          num(m * sigma[j] + mu[j])
        }, se esperaba μ = ${num(mu[j])}`,
      );
    }
    if (v < lo || v > hi) {
      const ratio = Math.log(v) / logvar[j];
      const cause = Math.abs(ratio - 1) < 0.3
        ? " (coincide con usar exp(logvar) como σ: la varianza sale σ⁴)"
        : Math.abs(ratio + 1) < 0.3
        ? " (coincide con multiplicar por 1/σ en vez de σ)"
        : "";
      problems.push(
        `columna ${j}: varianza de las muestras ${
          num(v * sigma[j] ** 2)
        }, se esperaba σ² = exp(logvar) = ${num(sigma[j] ** 2)}${cause}`,
      );
    }
  }
  if (problems.length > 0) {
    return fail(
      [
        `Las muestras de ${call} con ${rows} filas iguales no tienen la distribución N(μ, σ²):`,
        ...problems.map((p) => `  - ${p}`),
      ].join("\n"),
      problems.some((p) => p.includes("varianza"))
        ? "la varianza de las muestras no es exp(logvar)"
        : "la media de las muestras no es μ",
    );
  }
  const d = ksNormal(ea);
  if (d > ksBound(ea.length)) {
    return fail(
      `${call}: las muestras tienen media y varianza correctas pero su distribución no es gaussiana (distancia de Kolmogorov–Smirnov ${
        num(d)
      } > ${num(ksBound(ea.length))}): usa ε ~ N(0, I) (tf.randomNormal).`,
      "el ruido no es normal estándar",
    );
  }
  return PASS;
}

/** What a noise test needs besides the common fields. */
export interface NoiseTestSpec extends Omit<TestSpec, "prepare"> {
  /** The sampler's name in the notebook. */
  fn: string;
  /** Rows per call (default 20 000). */
  rows?: number;
  /** Draws one (μ, log σ²) row; keep |logvar| away from 0 so σ² and σ⁴ differ. */
  row(
    rng: Parameters<TestSpec["prepare"]>[0],
  ): { mu: number[]; logvar: number[] };
}

/** A test that calls `fn(mu, logvar)` twice and judges its noise. */
export function noiseTest(spec: NoiseTestSpec): TestSpec {
  const { fn, row, rows = 20_000, ...meta } = spec;
  return {
    ...meta,
    prepare(rng) {
      const { mu, logvar } = row(rng);
      const m = mu.map(Math.fround), lv = logvar.map(Math.fround);
      const args = [tensorArg(tiled(rows, m)), tensorArg(tiled(rows, lv))];
      return {
        calls: [{ fn, args }, { fn, args }],
        judge(values) {
          const samples: Float64Array[] = [];
          for (const value of values) {
            if (
              value.t !== "tensor" ||
              value.shape.join() !== [rows, m.length].join()
            ) {
              return fail(
                `${fn}(mu, logvar) sin eps debe devolver un tensor de la forma de mu, [${rows}, ${m.length}], y devolvió ${
                  describeValue(value)
                }.`,
                "sin eps, el resultado no tiene la forma de mu",
              );
            }
            const v = valuesOf(value);
            const bad = nonFiniteText(v, value.shape);
            if (bad) {
              return fail(
                `${fn}(mu, logvar) sin eps devolvió ${bad}.`,
                "sin eps, el resultado tiene valores NaN o infinitos",
              );
            }
            samples.push(v);
          }
          return judgeNoise(samples, m, lv, fn);
        },
      };
    },
  };
}

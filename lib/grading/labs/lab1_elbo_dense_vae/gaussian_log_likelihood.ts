/**
 * Lab 1, `gaussian_log_likelihood`: `gaussianLogLikelihood(x, mean, logvar)`,
 * log N(x; mean, diag e^logvar) summed over the n variables: [B, n] → [B].
 *
 * @module
 */
import type { SeededRandom } from "../../../random/mod.ts";
import { defineExercise } from "../../checks/define.ts";
import {
  type Array64,
  intBetween,
  normal,
  tensorArg,
  uniform,
} from "../../checks/inputs.ts";
import { valueTest } from "../../checks/value.ts";
import { gradientTest } from "../../checks/gradient.ts";
import type { Variant } from "../../feedback/compare.ts";
import {
  LOG_2PI,
  reduceRows,
  reductionVariants,
  scale,
  TOL,
} from "../shared/arrays.ts";

/** The float64 oracle and the mistakes it recognizes. */
export function oracle(
  x: Array64,
  mean: Array64,
  logvar: Array64,
): { expected: Array64; variants: Variant[] } {
  const [rows, cols] = x.shape;
  const a = x.data, m = mean.data, v = logvar.data;
  const sq = (i: number) => (a[i] - m[i]) * (a[i] - m[i]);
  const t = (i: number) => -0.5 * (LOG_2PI + v[i] + sq(i) / Math.exp(v[i]));
  const expected = reduceRows(rows, cols, t);
  const variant = (cause: string, term: (i: number) => number): Variant => ({
    cause,
    value: reduceRows(rows, cols, term),
  });
  return {
    expected,
    variants: [
      {
        cause:
          "el signo está invertido: devuelves −log p (una pérdida) en vez de log p",
        value: scale(expected, -1),
      },
      variant(
        "falta el término constante −½·log(2π) por cada dimensión",
        (i) => -0.5 * (v[i] + sq(i) / Math.exp(v[i])),
      ),
      { cause: "falta el factor ½", value: scale(expected, 2) },
      variant(
        "falta el factor ½ en el término cuadrático (x−μ)²/σ²",
        (i) => -0.5 * (LOG_2PI + v[i]) - sq(i) / Math.exp(v[i]),
      ),
      variant(
        "falta el término −½·logvar (el log-determinante)",
        (i) => -0.5 * (LOG_2PI + sq(i) / Math.exp(v[i])),
      ),
      variant(
        "dividiste por exp(logvar/2) (σ) donde va exp(logvar) (σ²) en el término cuadrático",
        (i) => -0.5 * (LOG_2PI + v[i] + sq(i) / Math.exp(v[i] / 2)),
      ),
      variant(
        "multiplicaste por exp(logvar) donde había que dividir",
        (i) => -0.5 * (LOG_2PI + v[i] + sq(i) * Math.exp(v[i])),
      ),
      variant(
        "trataste logvar como si fuera σ: la entrada es log σ², así que σ² = exp(logvar)",
        (i) => -0.5 * (LOG_2PI + Math.log(v[i] * v[i]) + sq(i) / (v[i] * v[i])),
      ),
      ...reductionVariants(rows, cols, t, "las dimensiones de x"),
    ],
  };
}

function gllCase(rng: SeededRandom, rows: number, cols: number) {
  const x = normal(rng, [rows, cols]);
  const mean = normal(rng, [rows, cols], 0, 0.7);
  const logvar = uniform(rng, [rows, cols], -1.5, 1.5);
  return {
    args: [tensorArg(x), tensorArg(mean), tensorArg(logvar)],
    ...oracle(x, mean, logvar),
    tol: TOL,
    label:
      `gaussianLogLikelihood(x, mean, logvar) con forma [${rows}, ${cols}]`,
  };
}

export default defineExercise({
  id: "gaussian_log_likelihood",
  title: "Log-verosimilitud gaussiana",
  functions: ["gaussianLogLikelihood"],
  reference: {
    file: "lib/vae/distributions.ts",
    name: "gaussianLogLikelihood",
  },
  tests: [
    valueTest({
      name: "valores fijos",
      weight: 1,
      seed: 301,
      fn: "gaussianLogLikelihood",
      hint:
        "log N(x; μ, σ²) = −½ Σ (log 2π + logvar + (x − μ)² / exp(logvar)), sumando sobre las dimensiones de x; forma [B].",
      cases: (rng) => [gllCase(rng, 4, 5)],
    }),
    valueTest({
      name: "entradas aleatorias",
      weight: 1,
      hidden: true,
      fn: "gaussianLogLikelihood",
      hint:
        "Comprueba tu fórmula con otras formas (incluida una sola dimensión) y con varianzas muy distintas de 1.",
      cases: (rng) => [
        gllCase(rng, intBetween(rng, 2, 8), intBetween(rng, 2, 12)),
        gllCase(rng, 3, 1),
      ],
    }),
    gradientTest({
      name: "el gradiente llega a la media y a logvar",
      weight: 1,
      seed: 303,
      fn: "gaussianLogLikelihood",
      hint:
        "La verosimilitud es el término de reconstrucción que se entrena: calcúlala solo con operaciones de tf sobre sus entradas.",
      cases: (rng) => {
        const x = normal(rng, [3, 4]);
        return [{
          inputs: [normal(rng, [3, 4]), uniform(rng, [3, 4], -1, 1)],
          at: [1, 2],
          names: ["mean", "logvar"],
          args: ([mean, logvar]) => [
            tensorArg(x),
            tensorArg(mean),
            tensorArg(logvar),
          ],
          value: ([mean, logvar]) => oracle(x, mean, logvar).expected,
          label: "gaussianLogLikelihood(x, mean, logvar)",
        }];
      },
    }),
  ],
});

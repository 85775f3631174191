/**
 * Lab 1, `kl_standard_normal`: `klStandardNormal(mu, logvar)`, the closed
 * form of KL(N(μ, diag e^logvar) ‖ N(0, I)) for each example: mu and logvar
 * [B, J] → [B].
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
import { reduceRows, reductionVariants, scale, TOL } from "../shared/arrays.ts";

/** The float64 oracle and the mistakes it recognizes. */
export function oracle(
  mu: Array64,
  logvar: Array64,
): { expected: Array64; variants: Variant[] } {
  const [rows, cols] = mu.shape;
  const m = mu.data, v = logvar.data;
  const t = (i: number) => -0.5 * (1 + v[i] - m[i] * m[i] - Math.exp(v[i]));
  const expected = reduceRows(rows, cols, t);
  const variant = (cause: string, term: (i: number) => number): Variant => ({
    cause,
    value: reduceRows(rows, cols, term),
  });
  return {
    expected,
    variants: [
      { cause: "el signo está invertido", value: scale(expected, -1) },
      { cause: "falta el factor ½", value: scale(expected, 2) },
      {
        cause: "sobra un factor ½ (aplicado dos veces)",
        value: scale(expected, 0.5),
      },
      variant(
        "falta el término constante 1 dentro de la suma",
        (i) => -0.5 * (v[i] - m[i] * m[i] - Math.exp(v[i])),
      ),
      variant(
        "usaste exp(logvar/2) (que es σ) donde se pedía exp(logvar) (que es σ²)",
        (i) => -0.5 * (1 + v[i] - m[i] * m[i] - Math.exp(v[i] / 2)),
      ),
      variant(
        "trataste logvar como si fuera σ: la entrada es log σ², así que σ² = exp(logvar)",
        (i) => -0.5 * (1 + Math.log(v[i] * v[i]) - m[i] * m[i] - v[i] * v[i]),
      ),
      variant(
        "el término de la media debe ser μ², no μ",
        (i) => -0.5 * (1 + v[i] - m[i] - Math.exp(v[i])),
      ),
      ...reductionVariants(rows, cols, t, "las dimensiones latentes"),
    ],
  };
}

function klCase(rng: SeededRandom, rows: number, cols: number, muStd = 1) {
  const mu = normal(rng, [rows, cols], 0, muStd);
  const logvar = uniform(rng, [rows, cols], -2.5, 1.5);
  return {
    args: [tensorArg(mu), tensorArg(logvar)],
    ...oracle(mu, logvar),
    tol: TOL,
    label:
      `klStandardNormal(mu, logvar) con mu y logvar de forma [${rows}, ${cols}]`,
  };
}

export default defineExercise({
  id: "kl_standard_normal",
  title: "KL(q(z|x) ‖ N(0, I)) en forma cerrada",
  functions: ["klStandardNormal"],
  reference: { file: "lib/vae/distributions.ts", name: "klStandardNormal" },
  tests: [
    valueTest({
      name: "valores fijos",
      weight: 1,
      seed: 101,
      fn: "klStandardNormal",
      hint:
        "KL = −½ Σⱼ (1 + logvar − μ² − exp(logvar)), sumando sobre el eje 1; el resultado tiene forma [B].",
      cases: (rng) => [klCase(rng, 4, 3)],
    }),
    valueTest({
      name: "entradas aleatorias",
      weight: 1,
      hidden: true,
      fn: "klStandardNormal",
      hint:
        "Comprueba tu fórmula con otras formas de mu (B y J cualesquiera, J = 1 incluido): la KL de cada ejemplo suma sobre sus J dimensiones.",
      cases: (rng) => [
        klCase(rng, intBetween(rng, 2, 9), intBetween(rng, 2, 6), 2),
        klCase(rng, intBetween(rng, 1, 3), 1),
      ],
    }),
    gradientTest({
      name: "el gradiente llega a mu y logvar",
      weight: 1,
      seed: 103,
      fn: "klStandardNormal",
      hint:
        "El KL es un término de la pérdida que se entrena: calcúlalo solo con operaciones de tf sobre mu y logvar.",
      cases: (rng) => [{
        inputs: [normal(rng, [3, 2]), uniform(rng, [3, 2], -1.5, 1)],
        at: [0, 1],
        names: ["mu", "logvar"],
        args: ([mu, logvar]) => [tensorArg(mu), tensorArg(logvar)],
        value: ([mu, logvar]) => oracle(mu, logvar).expected,
        label: "klStandardNormal(mu, logvar)",
      }],
    }),
  ],
});

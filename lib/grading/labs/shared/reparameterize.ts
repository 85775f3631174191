/**
 * `reparameterize` (both labs): `reparameterize(mu, logvar, eps?)` is
 * μ + exp(logvar/2)·ε, with ε given ([B, J] or [L, B, J], broadcast) or, when
 * absent, fresh N(0, I) noise with the shape of mu on every call.
 *
 * @module
 */
import type { SeededRandom } from "../../../random/mod.ts";
import { defineExercise } from "../../checks/define.ts";
import {
  type Array64,
  normal,
  tensorArg,
  uniform,
} from "../../checks/inputs.ts";
import { noiseTest } from "../../checks/sampling.ts";
import { valueTest } from "../../checks/value.ts";
import { gradientTest } from "../../checks/gradient.ts";
import type { Variant } from "../../feedback/compare.ts";
import { elementwise, TOL } from "./arrays.ts";

/** The float64 oracle (ε broadcast over a leading samples axis) and its mistakes. */
export function oracle(
  mu: Array64,
  logvar: Array64,
  eps: Array64,
): { expected: Array64; variants: Variant[] } {
  const n = mu.data.length;
  const m = mu.data, v = logvar.data, e = eps.data;
  const at = (f: (mu: number, lv: number, eps: number) => number) =>
    elementwise(eps.shape, (i) => f(m[i % n], v[i % n], e[i]));
  return {
    expected: at((mu, lv, eps) => mu + Math.exp(lv / 2) * eps),
    variants: [
      {
        cause:
          "usaste exp(logvar) (σ²) donde se pedía exp(logvar/2) (σ): la desviación típica es la raíz de la varianza",
        value: at((mu, lv, eps) => mu + Math.exp(lv) * eps),
      },
      {
        cause:
          "usaste logvar directamente como σ: la entrada es log σ², así que σ = exp(logvar/2)",
        value: at((mu, lv, eps) => mu + lv * eps),
      },
      {
        cause: "usaste exp(2·logvar): σ = exp(logvar/2), no exp(2·logvar)",
        value: at((mu, lv, eps) => mu + Math.exp(2 * lv) * eps),
      },
      {
        cause: "el ruido entra restando: es μ + σ·ε",
        value: at((mu, lv, eps) => mu - Math.exp(lv / 2) * eps),
      },
      {
        cause: "olvidaste sumar μ",
        value: at((_mu, lv, eps) => Math.exp(lv / 2) * eps),
      },
      {
        cause: "olvidaste multiplicar por el ruido ε",
        value: at((mu, lv) => mu + Math.exp(lv / 2)),
      },
      { cause: "devuelves μ sin ruido", value: at((mu) => mu) },
    ],
  };
}

function reparamCase(
  rng: SeededRandom,
  samples: number | undefined,
  rows: number,
  cols: number,
) {
  const mu = normal(rng, [rows, cols]);
  const logvar = uniform(rng, [rows, cols], -2, 1.5);
  const epsShape = samples === undefined ? [rows, cols] : [samples, rows, cols];
  const eps = normal(rng, epsShape);
  return {
    args: [tensorArg(mu), tensorArg(logvar), tensorArg(eps)],
    ...oracle(mu, logvar, eps),
    tol: TOL,
    label: `reparameterize(mu, logvar, eps) con eps de forma [${
      epsShape.join(", ")
    }]`,
  };
}

export default defineExercise({
  id: "reparameterize",
  title: "Truco de reparametrización",
  functions: ["reparameterize"],
  reference: { file: "lib/vae/reparameterize.ts", name: "reparameterize" },
  tests: [
    valueTest({
      name: "ε dado, forma [B, J]",
      weight: 1,
      seed: 201,
      fn: "reparameterize",
      hint:
        "z = μ + exp(logvar / 2) · ε: exp(logvar/2) es la desviación típica σ.",
      cases: (rng) => [reparamCase(rng, undefined, 5, 3)],
    }),
    valueTest({
      name: "ε con L muestras, forma [L, B, J]",
      weight: 1,
      seed: 202,
      fn: "reparameterize",
      hint:
        "Con ε de forma [L, B, J] las operaciones elemento a elemento de tf difunden (broadcast) μ y σ de forma [B, J]; no hace falta ningún bucle.",
      cases: (rng) => [reparamCase(rng, 3, 4, 2)],
    }),
    noiseTest({
      name: "sin ε: ruido N(0, I) nuevo en cada llamada",
      weight: 2,
      hidden: true,
      fn: "reparameterize",
      hint:
        "Sin eps hay que muestrear ε ~ N(0, I) con la forma de mu en cada llamada (tf.randomNormal(mu.shape), sin semilla fija).",
      row: (rng) => {
        const mu = Array.from(normal(rng, [3], 0, 2).data);
        // |logvar| in [0.9, 1.5]: σ² and σ⁴ differ enough to tell them apart.
        const logvar = [0, 1, 2].map((j) =>
          (j % 2 === 0 ? 1 : -1) * (0.9 + 0.6 * rng.next())
        );
        return { mu, logvar };
      },
    }),
    gradientTest({
      name: "el gradiente llega a mu y logvar",
      weight: 1,
      seed: 203,
      fn: "reparameterize",
      hint:
        "El truco existe para que el gradiente pase por z hasta mu y logvar: calcula z solo con operaciones de tf (nada de dataSync() ni tensores rehechos desde números).",
      cases: (rng) => {
        const eps = normal(rng, [3, 2]);
        return [{
          inputs: [normal(rng, [3, 2]), uniform(rng, [3, 2], -1.5, 1)],
          at: [0, 1],
          names: ["mu", "logvar"],
          args: ([mu, logvar]) => [
            tensorArg(mu),
            tensorArg(logvar),
            tensorArg(eps),
          ],
          value: ([mu, logvar]) => oracle(mu, logvar, eps).expected,
          label: "reparameterize(mu, logvar, eps)",
        }];
      },
    }),
    gradientTest({
      name: "sin ε: el gradiente llega a mu y logvar",
      weight: 1,
      hidden: true,
      fn: "reparameterize",
      hint:
        "Sin eps, el entrenamiento deriva a través de tu muestreo: z = μ + exp(logvar/2)·ε con ε = tf.randomNormal(mu.shape), todo con operaciones de tf (nada de dataSync(), arraySync() ni tensores rehechos desde números).",
      cases: (rng) => [{
        inputs: [normal(rng, [4, 3]), uniform(rng, [4, 3], -1.5, 1)],
        at: [0, 1],
        names: ["mu", "logvar"],
        args: ([mu, logvar]) => [tensorArg(mu), tensorArg(logvar)],
        // Only the shape matters: the gradients come from the drawn z.
        value: ([mu]) => mu,
        // ∂z/∂μ = 1 and ∂z/∂logvar = ½·σ·ε = ½·(z − μ), for the z drawn.
        fromOutput: ([mu], z, w) => [
          { shape: mu.shape, data: Float64Array.from(w) },
          {
            shape: mu.shape,
            data: w.map((wi, i) => wi * 0.5 * (z.data[i] - mu.data[i])),
          },
        ],
        label: "reparameterize(mu, logvar)",
      }],
    }),
  ],
});

/**
 * Lab 2, `kl_gaussians`: `klGaussians(muQ, sigmaQ, muP, sigmaP)`, the KL
 * between two univariate Gaussians elementwise (theory answer 1.4): four
 * tensors of one shape → that shape.
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
import { elementwise, scalar, scale, TOL, total } from "../shared/arrays.ts";

/** The float64 oracle and the mistakes it recognizes. */
export function oracle(
  muQ: Array64,
  sigmaQ: Array64,
  muP: Array64,
  sigmaP: Array64,
): { expected: Array64; variants: Variant[] } {
  const kl = (mq: number, sq: number, mp: number, sp: number) =>
    Math.log(sp / sq) + (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) - 0.5;
  const at = (f: (mq: number, sq: number, mp: number, sp: number) => number) =>
    elementwise(
      muQ.shape,
      (i) => f(muQ.data[i], sigmaQ.data[i], muP.data[i], sigmaP.data[i]),
    );
  const expected = at(kl);
  return {
    expected,
    variants: [
      {
        cause: "calculaste KL(p‖q) en vez de KL(q‖p): el KL no es simétrico",
        value: at((mq, sq, mp, sp) => kl(mp, sp, mq, sq)),
      },
      { cause: "el signo está invertido", value: scale(expected, -1) },
      {
        cause: "falta el término constante −½",
        value: at((mq, sq, mp, sp) => kl(mq, sq, mp, sp) + 0.5),
      },
      {
        cause: "usaste σ donde va σ² en el término cuadrático",
        value: at((mq, sq, mp, sp) =>
          Math.log(sp / sq) + (sq + (mq - mp) ** 2) / (2 * sp) - 0.5
        ),
      },
      {
        cause:
          "el término logarítmico es el de las varianzas sin el factor ½: log(σP/σQ) = ½·log(σP²/σQ²)",
        value: at((mq, sq, mp, sp) =>
          Math.log(sp * sp / (sq * sq)) +
          (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) - 0.5
        ),
      },
      {
        cause: "falta el 2 del denominador",
        value: at((mq, sq, mp, sp) =>
          Math.log(sp / sq) + (sq * sq + (mq - mp) ** 2) / (sp * sp) - 0.5
        ),
      },
      {
        cause: "el logaritmo está invertido",
        value: at((mq, sq, mp, sp) =>
          Math.log(sq / sp) + (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) - 0.5
        ),
      },
      {
        cause:
          "redujiste el resultado a un escalar: se pide el KL elemento a elemento",
        value: scalar(total(expected)),
      },
    ],
  };
}

function klCase(rng: SeededRandom, shape: number[]) {
  const muQ = normal(rng, shape);
  const sigmaQ = uniform(rng, shape, 0.3, 2);
  const muP = normal(rng, shape, 0, 0.5);
  const sigmaP = uniform(rng, shape, 0.4, 1.8);
  return {
    args: [
      tensorArg(muQ),
      tensorArg(sigmaQ),
      tensorArg(muP),
      tensorArg(sigmaP),
    ],
    ...oracle(muQ, sigmaQ, muP, sigmaP),
    tol: TOL,
    label: `klGaussians(muQ, sigmaQ, muP, sigmaP) con forma [${
      shape.join(", ")
    }]`,
  };
}

export default defineExercise({
  id: "kl_gaussians",
  title: "KL entre dos gaussianas",
  functions: ["klGaussians"],
  reference: { file: "lib/vae/distributions.ts", name: "klGaussians" },
  tests: [
    valueTest({
      name: "valores fijos",
      weight: 1,
      seed: 1101,
      fn: "klGaussians",
      hint:
        "Implementa tu resultado de 1.4 elemento a elemento, sin reducir; la comprobación del notebook lo compara con una estimación de Monte Carlo de la definición.",
      cases: (rng) => [klCase(rng, [3, 4])],
    }),
    valueTest({
      name: "entradas aleatorias",
      weight: 1,
      hidden: true,
      fn: "klGaussians",
      hint:
        "La fórmula es elemento a elemento: debe funcionar con tensores de cualquier forma, también 1-D y 3-D.",
      cases: (
        rng,
      ) => [
        klCase(rng, [intBetween(rng, 2, 9)]),
        klCase(rng, [2, intBetween(rng, 1, 4), 3]),
      ],
    }),
    gradientTest({
      name: "el gradiente llega a las cuatro entradas",
      weight: 1,
      seed: 1103,
      fn: "klGaussians",
      hint:
        "El KL entrena el encoder: calcúlalo solo con operaciones de tf sobre sus entradas.",
      cases: (rng) => [{
        inputs: [
          normal(rng, [3, 2]),
          uniform(rng, [3, 2], 0.4, 1.8),
          normal(rng, [3, 2], 0, 0.5),
          uniform(rng, [3, 2], 0.5, 1.6),
        ],
        at: [0, 1, 2, 3],
        names: ["muQ", "sigmaQ", "muP", "sigmaP"],
        args: (xs) => xs.map(tensorArg),
        value: ([muQ, sigmaQ, muP, sigmaP]) =>
          oracle(muQ, sigmaQ, muP, sigmaP).expected,
        label: "klGaussians(muQ, sigmaQ, muP, sigmaP)",
      }],
    }),
  ],
});

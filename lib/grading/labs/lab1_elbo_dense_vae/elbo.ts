/**
 * Lab 1, `elbo`: `elboEstimate(x, mu, logvar, decode, samples, eps?)`, the
 * per-example Monte Carlo ELBO (theory answer P2 a): the mean over L
 * reparameterized samples of log N(x; decode(z)) minus the closed-form KL.
 * Its dependencies (KL, reparameterization, Gaussian log-likelihood) are
 * the references, so a mistake there costs only its own exercise.
 *
 * @module
 */
import type { SeededRandom } from "../../../random/mod.ts";
import { defineExercise } from "../../checks/define.ts";
import {
  type Array64,
  intBetween,
  jsonArg,
  normal,
  tensorArg,
  uniform,
} from "../../checks/inputs.ts";
import { valueTest } from "../../checks/value.ts";
import { type GradientCase, gradientTest } from "../../checks/gradient.ts";
import type { Variant } from "../../feedback/compare.ts";
import { decode64, type Decoder64, decoderArg } from "./elbo_decoders.ts";
import {
  elementwise,
  LOG_2PI,
  scalar,
  scale,
  total,
} from "../shared/arrays.ts";
import { oracle as klOracle } from "./kl_standard_normal.ts";
import { withoutEps } from "./elbo_without_eps.ts";

/** The float64 oracle with L injected samples eps [L, B, J], and its mistakes. */
export function oracle(
  x: Array64,
  mu: Array64,
  logvar: Array64,
  decoder: Decoder64,
  eps: Array64,
): { expected: Array64; variants: Variant[] } {
  const [rows, latent] = mu.shape;
  const cols = x.shape[1];
  const samples = eps.shape[0];
  const recon = new Float64Array(rows * samples);
  for (let l = 0; l < samples; l++) {
    for (let b = 0; b < rows; b++) {
      const z = new Float64Array(latent);
      for (let j = 0; j < latent; j++) {
        const i = b * latent + j;
        z[j] = mu.data[i] +
          Math.exp(logvar.data[i] / 2) * eps.data[l * rows * latent + i];
      }
      const { mean, logvar: lv } = decode64(z, decoder);
      let s = 0;
      for (let k = 0; k < cols; k++) {
        const d = x.data[b * cols + k] - mean[k];
        s += -0.5 * (LOG_2PI + lv[k] + d * d / Math.exp(lv[k]));
      }
      recon[l * rows + b] = s;
    }
  }
  const kl = klOracle(mu, logvar).expected.data;
  const per = (f: (b: number) => number): Array64 => elementwise([rows], f);
  const meanRecon = (b: number) => {
    let s = 0;
    for (let l = 0; l < samples; l++) s += recon[l * rows + b];
    return s / samples;
  };
  const expected = per((b) => meanRecon(b) - kl[b]);
  const variants: Variant[] = [
    {
      cause:
        "devuelves la pérdida (−ELBO) en vez de la ELBO: el signo está invertido",
      value: scale(expected, -1),
    },
    {
      cause: "el KL se suma: la ELBO es reconstrucción − KL",
      value: per((b) => meanRecon(b) + kl[b]),
    },
    { cause: "falta restar el término KL", value: per(meanRecon) },
    {
      cause: "falta el término de reconstrucción (solo queda −KL)",
      value: per((b) => -kl[b]),
    },
    {
      cause:
        "el resultado es una suma de la ELBO sobre el batch; se pide forma [B]",
      value: scalar(total(expected)),
    },
    {
      cause:
        "el resultado es la media de la ELBO sobre el batch; se pide forma [B]",
      value: scalar(total(expected) / rows),
    },
  ];
  if (samples > 1) {
    variants.push(
      {
        cause:
          "sumaste las L muestras de Monte Carlo en vez de promediarlas (falta dividir por L)",
        value: per((b) => meanRecon(b) * samples - kl[b]),
      },
      {
        cause: "solo usaste la primera muestra de ε; hay que promediar las L",
        value: per((b) => recon[b] - kl[b]),
      },
      {
        cause:
          "restaste el KL una vez por muestra: el KL es analítico y se resta una sola vez",
        value: per((b) => meanRecon(b) - kl[b] * samples),
      },
    );
  }
  return { expected, variants };
}

function elboCase(
  rng: SeededRandom,
  rows: number,
  latent: number,
  dim: number,
  samples: number,
) {
  const x = normal(rng, [rows, dim], 0, 0.8);
  const mu = normal(rng, [rows, latent], 0, 0.8);
  const logvar = uniform(rng, [rows, latent], -1.5, 0.5);
  const decoder: Decoder64 = {
    activation: "tanh",
    w1: normal(rng, [latent, dim], 0, 0.6),
    b1: normal(rng, [dim], 0, 0.2),
    w2: normal(rng, [latent, dim], 0, 0.3),
    b2: uniform(rng, [dim], -1, 0.5),
  };
  const eps = normal(rng, [samples, rows, latent]);
  return {
    args: [
      tensorArg(x),
      tensorArg(mu),
      tensorArg(logvar),
      decoderArg(decoder),
      jsonArg(samples),
      tensorArg(eps),
    ],
    ...oracle(x, mu, logvar, decoder, eps),
    tol: { rtol: 2e-4, atol: 1e-3 },
    label: `elboEstimate con L=${samples}, B=${rows}, J=${latent}, D=${dim}`,
  };
}

/**
 * The ELBO differentiated with respect to μ and log σ² (L = 2): with ε
 * given, against the oracle's central differences; without ε (the
 * estimator draws its own noise), only that the gradient reaches them.
 */
function gradientCase(rng: SeededRandom, withEps: boolean): GradientCase {
  const x = normal(rng, [3, 4], 0, 0.8);
  const decoder: Decoder64 = {
    activation: "tanh",
    w1: normal(rng, [2, 4], 0, 0.6),
    b1: normal(rng, [4], 0, 0.2),
    w2: normal(rng, [2, 4], 0, 0.3),
    b2: uniform(rng, [4], -1, 0.5),
  };
  const eps = normal(rng, [2, 3, 2]);
  return {
    inputs: [normal(rng, [3, 2], 0, 0.8), uniform(rng, [3, 2], -1.5, 0.5)],
    at: [1, 2],
    names: ["mu", "logvar"],
    args: ([mu, logvar]) => [
      tensorArg(x),
      tensorArg(mu),
      tensorArg(logvar),
      decoderArg(decoder),
      jsonArg(2),
      ...(withEps ? [tensorArg(eps)] : []),
    ],
    value: ([mu, logvar]) => oracle(x, mu, logvar, decoder, eps).expected,
    label: withEps
      ? "elboEstimate(x, mu, logvar, decode, 2, eps)"
      : "elboEstimate(x, mu, logvar, decode, 2) sin eps",
    tol: { rtol: 2e-3, atol: 1e-3 },
    connectedOnly: !withEps,
  };
}

export default defineExercise({
  id: "elbo",
  title: "Estimador Monte Carlo de la ELBO",
  functions: ["elboEstimate"],
  reference: { file: "lib/vae/elbo.ts", name: "elboEstimate" },
  dependencies: ["klStandardNormal", "reparameterize", "gaussianLogLikelihood"],
  tests: [
    valueTest({
      name: "una muestra (L = 1) con ε dado",
      weight: 1,
      seed: 401,
      fn: "elboEstimate",
      hint:
        "Con eps de forma [1, B, J]: z = reparameterize(mu, logvar, eps[0]), la reconstrucción log N(x; decode(z)) y el KL; usa tus funciones anteriores.",
      cases: (rng) => [elboCase(rng, 4, 2, 5, 1)],
    }),
    valueTest({
      name: "L = 3 muestras con ε dado",
      weight: 1,
      seed: 402,
      fn: "elboEstimate",
      hint:
        "Promedia la reconstrucción sobre las L muestras (eps.gather(l) o tf.unstack(eps)) y resta el KL una sola vez.",
      cases: (rng) => [elboCase(rng, 3, 3, 4, 3)],
    }),
    valueTest({
      name: "entradas aleatorias",
      weight: 1,
      hidden: true,
      fn: "elboEstimate",
      hint: "Comprueba el estimador con otros tamaños de L, B, J y D.",
      cases: (rng) => [
        elboCase(
          rng,
          intBetween(rng, 2, 6),
          intBetween(rng, 1, 4),
          intBetween(rng, 2, 7),
          intBetween(rng, 2, 4),
        ),
      ],
    }),
    withoutEps,
    gradientTest({
      name: "el gradiente llega a mu y logvar",
      weight: 1,
      seed: 404,
      fn: "elboEstimate",
      hint:
        "La ELBO es el objetivo con el que se entrena el VAE: calcúlala solo con operaciones de tf (nada de dataSync(), arraySync() ni tensores rehechos desde números), para que el gradiente llegue al encoder a través de mu y logvar.",
      cases: (rng) => [gradientCase(rng, true), gradientCase(rng, false)],
    }),
  ],
});

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
import {
  defineExercise,
  fail,
  PASS,
  type TestSpec,
} from "../../checks/define.ts";
import {
  type Array64,
  intBetween,
  jsonArg,
  normal,
  tensorArg,
  tiled,
  uniform,
} from "../../checks/inputs.ts";
import {
  mean,
  meanBound,
  variance,
  varianceRange,
} from "../../checks/stats.ts";
import { valueTest } from "../../checks/value.ts";
import { gradientTest } from "../../checks/gradient.ts";
import {
  describeValue,
  nonFiniteText,
  num,
  valuesOf,
  type Variant,
} from "../../feedback/compare.ts";
import type { Value } from "../../sandbox/protocol.ts";
import {
  decode64,
  type Decoder64,
  decoderArg,
  linearMoments,
} from "./elbo_decoders.ts";
import {
  elementwise,
  LOG_2PI,
  scalar,
  scale,
  total,
} from "../shared/arrays.ts";
import { oracle as klOracle } from "./kl_standard_normal.ts";

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

const ROWS = 4000;
const MANY = 16;

/** The sampling path: fresh, independent noise and a variance that falls like 1/L. */
const withoutEps: TestSpec = {
  name: "sin ε: L muestras nuevas por ejemplo (la varianza baja como 1/L)",
  weight: 1,
  hidden: true,
  hint:
    "Sin eps hay que muestrear, en cada llamada, L muestras independientes de ε ~ N(0, I) para cada ejemplo (ruido de forma [L, B, J]) y promediar sobre ellas.",
  prepare(rng) {
    const J = 2, D = 5;
    const mu = Array.from(normal(rng, [J], 0, 0.8).data);
    const logvar = Array.from(uniform(rng, [J], -1.5, -0.5).data);
    const decoder: Decoder64 = {
      activation: "linear",
      w1: normal(rng, [J, D], 0, 0.3),
      b1: normal(rng, [D], 0, 0.5),
      w2: { shape: [J, D], data: new Float64Array(J * D) },
      b2: uniform(rng, [D], -0.3, 0.3),
    };
    // x sits 2–3 decoder standard deviations from the decoded mean, so the
    // estimator is nearly linear in ε: close to Gaussian, as the variance
    // bounds assume (its quadratic part is under 1 % of the variance).
    const x = Array.from({ length: D }, (_, k) => {
      let m = decoder.b1.data[k];
      for (let j = 0; j < J; j++) m += mu[j] * decoder.w1.data[j * D + k];
      const sign = rng.next() < 0.5 ? -1 : 1;
      return Math.fround(
        m + sign * (2 + rng.next()) * Math.exp(decoder.b2.data[k] / 2),
      );
    });
    const sigma = logvar.map((v) => Math.exp(Math.fround(v) / 2));
    const moments = linearMoments(x, mu.map(Math.fround), sigma, decoder);
    const kl = klOracle(tiled(1, mu), tiled(1, logvar)).expected.data[0];
    const exact = moments.meanRecon - kl;
    const args = (samples: number) => [
      tensorArg(tiled(ROWS, x)),
      tensorArg(tiled(ROWS, mu)),
      tensorArg(tiled(ROWS, logvar)),
      decoderArg(decoder),
      jsonArg(samples),
    ];
    return {
      calls: [
        { fn: "elboEstimate", args: args(1) },
        { fn: "elboEstimate", args: args(1) },
        { fn: "elboEstimate", args: args(MANY) },
      ],
      judge(values: Value[]) {
        const draws: Float64Array[] = [];
        for (const value of values) {
          if (value.t !== "tensor" || value.shape.join() !== String(ROWS)) {
            return fail(
              `elboEstimate sin eps debe devolver forma [${ROWS}] (un valor por ejemplo) y devolvió ${
                describeValue(value)
              }.`,
              "sin eps, el resultado no tiene forma [B]",
            );
          }
          const v = valuesOf(value);
          const bad = nonFiniteText(v, value.shape);
          if (bad) {
            return fail(
              `elboEstimate sin eps devolvió ${bad}.`,
              "sin eps, el resultado tiene valores NaN o infinitos",
            );
          }
          draws.push(v);
        }
        const [one, again, many] = draws;
        if (one.every((v, i) => v === again[i])) {
          return fail(
            "elboEstimate sin eps devolvió exactamente lo mismo en dos llamadas: cada llamada debe sacar ruido nuevo (¿una semilla fija?).",
            "el ruido es el mismo en cada llamada",
          );
        }
        if (
          one.every((v) => v === one[0]) || many.every((v) => v === many[0])
        ) {
          return fail(
            `elboEstimate sin eps dio el mismo valor a las ${ROWS} filas de un lote de ejemplos idénticos: cada ejemplo necesita su propio ruido (forma [L, B, J]).`,
            "todas las filas del lote reciben el mismo ruido",
          );
        }
        const [lo, hi] = varianceRange(ROWS);
        for (const [samples, d] of [[1, one], [MANY, many]] as const) {
          const expected = moments.variance / samples;
          const ratio = variance(d) / expected;
          // A variance near one sample's, with L samples: the L draws are
          // not independent (one draw, or one ε reused). Checked before the
          // mean, which such an estimator misses by more than its bound.
          if (samples > 1 && ratio > samples / 2 && ratio < samples * 2) {
            return fail(
              `elboEstimate sin eps, L = ${samples}: la varianza de la estimación es ${
                num(variance(d))
              }, la de una sola muestra (${
                num(moments.variance)
              }); con L muestras independientes debería ser ${samples} veces menor (${
                num(expected)
              }). ¿Usas una sola muestra, o la misma ε para las L?`,
              "sin eps, la varianza no baja como 1/L: las L muestras no son independientes",
            );
          }
          const sd = Math.sqrt(expected);
          const m = mean(d);
          // 15 % beyond the Gaussian bound covers the estimator's small skew.
          if (Math.abs(m - exact) > 1.15 * meanBound(ROWS, sd)) {
            const summed = samples * moments.meanRecon - kl;
            const cause = samples > 1 &&
                Math.abs(m - summed) < 1.15 * meanBound(ROWS, sd * samples)
              ? " Coincide con sumar las L muestras en vez de promediarlas."
              : "";
            return fail(
              `elboEstimate sin eps, L = ${samples}: la media de ${ROWS} estimaciones es ${
                num(m)
              }, pero la ELBO exacta de este ejemplo es ${num(exact)} (±${
                num(meanBound(ROWS, sd))
              }): el estimador está sesgado.${cause}`,
              "sin eps, el estimador no tiene la ELBO como media",
            );
          }
          if (ratio < lo * 0.95 || ratio > hi * 1.05) {
            return fail(
              `elboEstimate sin eps, L = ${samples}: la varianza de la estimación es ${
                num(variance(d))
              }, se esperaba ${num(expected)}: ¿el ruido es ε ~ N(0, I)?`,
              "sin eps, la varianza del estimador no es la de ε ~ N(0, I)",
            );
          }
        }
        return PASS;
      },
    };
  },
};

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
      cases: (rng) => {
        const c = {
          x: normal(rng, [3, 4], 0, 0.8),
          decoder: {
            activation: "tanh",
            w1: normal(rng, [2, 4], 0, 0.6),
            b1: normal(rng, [4], 0, 0.2),
            w2: normal(rng, [2, 4], 0, 0.3),
            b2: uniform(rng, [4], -1, 0.5),
          } as Decoder64,
          eps: normal(rng, [2, 3, 2]),
        };
        return [{
          inputs: [
            normal(rng, [3, 2], 0, 0.8),
            uniform(rng, [3, 2], -1.5, 0.5),
          ],
          at: [1, 2],
          names: ["mu", "logvar"],
          args: ([mu, logvar]) => [
            tensorArg(c.x),
            tensorArg(mu),
            tensorArg(logvar),
            decoderArg(c.decoder),
            jsonArg(2),
            tensorArg(c.eps),
          ],
          value: ([mu, logvar]) =>
            oracle(c.x, mu, logvar, c.decoder, c.eps).expected,
          label: "elboEstimate(x, mu, logvar, decode, 2, eps)",
          tol: { rtol: 2e-3, atol: 1e-3 },
        }];
      },
    }),
  ],
});

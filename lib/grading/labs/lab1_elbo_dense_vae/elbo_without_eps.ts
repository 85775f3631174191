/**
 * Lab 1, `elbo`, its hidden test without ε: called with no eps, the
 * estimator must draw L fresh, independent samples per example on every
 * call, so that the estimate's variance falls as 1/L (checked with
 * rigorous bounds on a linear decoder whose moments are known exactly).
 *
 * @module
 */
import { fail, PASS, type TestSpec } from "../../checks/define.ts";
import {
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
import {
  describeValue,
  nonFiniteText,
  num,
  valuesOf,
} from "../../feedback/compare.ts";
import type { Value } from "../../sandbox/protocol.ts";
import { type Decoder64, decoderArg, linearMoments } from "./elbo_decoders.ts";
import { oracle as klOracle } from "./kl_standard_normal.ts";

const ROWS = 4000;
const MANY = 16;

/** The sampling path: fresh, independent noise and a variance that falls like 1/L. */
/** The hidden test of the sampling path: fresh, independent noise, variance 1/L. */
export const withoutEps: TestSpec = {
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

/**
 * The statistical tests of samplers: a correct sampler passes run after run
 * (the bounds of checks/stats.ts hold), and every usual mistake fails with
 * its own property named — fixed seed, μ returned, noise shared across the
 * batch or the latent dimensions, uniform noise, uniform noise rescaled to
 * the right moments, truncated noise, σ² used as σ.
 */
import assert from "node:assert/strict";
import { judgeNoise } from "../lib/grading/checks/sampling.ts";
import {
  correlationBound,
  ksBound,
  ksNormal,
  meanBound,
  normalCdf,
  varianceRange,
} from "../lib/grading/checks/stats.ts";
import { seededRandom } from "../lib/random/mod.ts";

const ROWS = 20_000;
const MU = [0.7, -1.3, 2.1];
const LOGVAR = [1.2, -1.1, 0.95];

function gaussian(rng: { next(): number }): number {
  const u = 1 - rng.next(), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Two calls of a sampler whose noise comes from `noise(row, col, call)`. */
function calls(
  noise: (r: number, j: number, call: number) => number,
  sigmaOf = (lv: number) => Math.exp(lv / 2),
) {
  return [0, 1].map((call) => {
    const out = new Float64Array(ROWS * MU.length);
    for (let r = 0; r < ROWS; r++) {
      for (let j = 0; j < MU.length; j++) {
        out[r * MU.length + j] = Math.fround(
          MU[j] + sigmaOf(LOGVAR[j]) * noise(r, j, call),
        );
      }
    }
    return out;
  });
}

Deno.test("the normal CDF and the bounds are what they claim", () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(-1.959964) - 0.025) < 1e-6);
  assert.ok(Math.abs(normalCdf(3) - 0.998650102) < 1e-7);
  // P(|N(0,1)| > Z) = 1e-9 ⇒ Z ≈ 6.109: the mean bound for n = 1 is that.
  assert.ok(Math.abs(meanBound(1) - 6.109) < 1e-3);
  const [lo, hi] = varianceRange(20_000);
  assert.ok(lo > 0.93 && lo < 0.95 && hi > 1.06 && hi < 1.08, `${lo} ${hi}`);
  assert.ok(Math.abs(ksBound(60_000) - 0.01335) < 1e-4);
  assert.ok(correlationBound(20_000) < 0.05);
});

Deno.test("a correct sampler passes 100 independent runs", () => {
  const rng = seededRandom(12345);
  for (let run = 0; run < 100; run++) {
    const verdict = judgeNoise(
      calls(() => gaussian(rng)),
      MU,
      LOGVAR,
      "reparameterize",
    );
    assert.ok(verdict.passed, `run ${run}: ${verdict.message}`);
  }
});

Deno.test("the KS distance of a correct sample stays under its bound, and a uniform one does not", () => {
  const rng = seededRandom(7);
  const normal = Float64Array.from({ length: 60_000 }, () => gaussian(rng));
  assert.ok(ksNormal(normal) < ksBound(normal.length));
  const uniform = Float64Array.from(
    { length: 60_000 },
    () => (rng.next() * 2 - 1) * Math.sqrt(3),
  );
  assert.ok(ksNormal(uniform) > 2 * ksBound(uniform.length));
});

Deno.test("each sampling mistake fails with its own property", () => {
  const rng = seededRandom(99);
  const fixed = Float64Array.from({ length: ROWS * 3 }, () => gaussian(rng));
  const shared = Float64Array.from({ length: 3 }, () => gaussian(rng));
  const cases: [string, Float64Array[], string][] = [
    [
      "fixed seed",
      calls((r, j) => fixed[r * 3 + j]),
      "el ruido es el mismo en cada llamada",
    ],
    ["returns μ", calls(() => 0), "devuelve μ sin ruido"],
    [
      "one noise row for the batch",
      calls((_r, j, c) => c === 0 ? shared[j] : shared[(j + 1) % 3]),
      "todas las filas del lote reciben el mismo ruido",
    ],
    [
      "one noise value per row",
      calls(() => gaussian(rng)).map((a) => {
        for (let r = 0; r < ROWS; r++) {
          const e = (a[r * 3] - MU[0]) / Math.exp(LOGVAR[0] / 2);
          for (let j = 1; j < 3; j++) {
            a[r * 3 + j] = Math.fround(MU[j] + Math.exp(LOGVAR[j] / 2) * e);
          }
        }
        return a;
      }),
      "las dimensiones latentes comparten el mismo ruido",
    ],
    ["uniform [0, 1)", calls(() => rng.next()), "¿tf.randomUniform?"],
    [
      "uniform with mean 0 and variance 1",
      calls(() => (rng.next() * 2 - 1) * Math.sqrt(3)),
      "el ruido no es normal estándar",
    ],
    [
      "truncated at ±2σ",
      calls(() => {
        for (;;) {
          const z = gaussian(rng);
          if (Math.abs(z) <= 2) return z;
        }
      }),
      "la varianza de las muestras no es exp(logvar)",
    ],
    [
      "σ² used as σ",
      calls(() => gaussian(rng), (lv) => Math.exp(lv)),
      "la varianza de las muestras no es exp(logvar)",
    ],
  ];
  for (const [what, samples, property] of cases) {
    const verdict = judgeNoise(samples, MU, LOGVAR, "reparameterize");
    assert.equal(verdict.passed, false, `${what} passed`);
    assert.ok(
      verdict.property?.includes(property),
      `${what}: property "${verdict.property}", expected "${property}"`,
    );
  }
});

/**
 * Grading definitions of the first lab (`lab1_elbo_dense_vae`): KL against
 * the standard normal, reparameterization, Gaussian log-likelihood, the
 * Monte-Carlo ELBO and the dense encoder/decoder builders.
 *
 * @module
 */
import type { SeededRandom } from "../random/mod.ts";
import {
  arg,
  numArg,
  samplingTest,
  structureTest,
  trainsTest,
  valueTest,
} from "./cases.ts";
import {
  type ExerciseDefinition,
  type LabDefinition,
  type TestDefinition,
  withPoints,
} from "./definitions.ts";
import {
  elbo64,
  gaussianLogLikelihood64,
  klStandardNormal64,
  reparameterize64,
} from "./expected.ts";
import { describeValue } from "./feedback.ts";
import { intBetween, normal, uniform } from "./inputs.ts";
import type { ModelPlan } from "./models.ts";
import { REFERENCE_MODULES } from "./module_builder.ts";
import { tensorValues, type WireArg, wireTensor } from "./wire.ts";

const TOL = { rtol: 1e-4, atol: 1e-4 };

/** Reference modules of the functions other exercises depend on. */
export const REFERENCE = {
  klStandardNormal: {
    name: "klStandardNormal",
    module: REFERENCE_MODULES.klStandardNormal,
  },
  gaussianLogLikelihood: {
    name: "gaussianLogLikelihood",
    module: REFERENCE_MODULES.gaussianLogLikelihood,
  },
  reparameterize: {
    name: "reparameterize",
    module: REFERENCE_MODULES.reparameterize,
  },
};

function klCase(rng: SeededRandom, rows: number, cols: number, muStd = 1) {
  const mu = normal(rng, [rows, cols], 0, muStd);
  const logvar = uniform(rng, [rows, cols], -2.5, 1.5);
  const { expected, variants } = klStandardNormal64(mu, logvar);
  return {
    args: [arg(mu), arg(logvar)],
    expected,
    variants,
    tol: TOL,
    label:
      `klStandardNormal(mu, logvar) con mu y logvar de forma [${rows}, ${cols}]`,
  };
}

const klStandardNormal: ExerciseDefinition = {
  id: "kl_standard_normal",
  title: "KL(q(z|x) ‖ N(0, I)) en forma cerrada",
  functions: ["klStandardNormal"],
  dependencies: [],
  tests: [
    valueTest(
      {
        name: "valores fijos",
        points: 1,
        seed: 101,
        hint:
          "KL = −½ Σⱼ (1 + logvar − μ² − exp(logvar)), sumando sobre el eje 1; el resultado tiene forma [B].",
      },
      "klStandardNormal",
      (rng) => [klCase(rng, 4, 3)],
    ),
    valueTest(
      {
        name: "entradas aleatorias",
        points: 1,
        hidden: true,
        hint:
          "Comprueba tu fórmula con otras formas de mu (B y J cualesquiera, J = 1 incluido) y con μ = 0, logvar = 0 (KL = 0).",
      },
      "klStandardNormal",
      (rng) => [
        klCase(rng, intBetween(rng, 2, 9), intBetween(rng, 1, 6), 2),
        klCase(rng, intBetween(rng, 1, 3), 1),
      ],
    ),
  ],
};

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
  const { expected, variants } = reparameterize64(mu, logvar, eps);
  return {
    args: [arg(mu), arg(logvar), arg(eps)],
    expected,
    variants,
    tol: TOL,
    label: `reparameterize(mu, logvar, eps) con eps de forma [${
      epsShape.join(", ")
    }]`,
  };
}

/** The reparameterization exercise (shared by both labs). */
export function reparameterizeExercise(): ExerciseDefinition {
  return {
    id: "reparameterize",
    title: "Truco de reparametrización",
    functions: ["reparameterize"],
    dependencies: [],
    tests: [
      valueTest(
        {
          name: "ε dado, forma [B, J]",
          points: 1,
          seed: 201,
          hint:
            "z = μ + exp(logvar / 2) · ε: exp(logvar/2) es la desviación típica σ.",
        },
        "reparameterize",
        (rng) => [reparamCase(rng, undefined, 5, 3)],
      ),
      valueTest(
        {
          name: "ε con L muestras, forma [L, B, J]",
          points: 1,
          seed: 202,
          hint:
            "Con ε de forma [L, B, J] las operaciones elemento a elemento de tf difunden (broadcast) μ y σ de forma [B, J]; no hace falta ningún bucle.",
        },
        "reparameterize",
        (rng) => [reparamCase(rng, 3, 4, 2)],
      ),
      samplingTest(
        {
          name: "sin ε: media y varianza de las muestras",
          points: 2,
          hidden: true,
          hint:
            "Sin eps hay que muestrear ε ~ N(0, I) con la forma de mu en cada llamada (tf.randomNormal(mu.shape)); las muestras deben tener media μ y varianza exp(logvar).",
        },
        "reparameterize",
        (rng) => {
          const cols = 3;
          const mu = Array.from(normal(rng, [cols], 0, 2).data);
          const logvar = Array.from(
            { length: cols },
            (_, j) =>
              Math.fround((j % 2 === 0 ? 1 : -1) * (0.9 + 0.6 * rng.next())),
          );
          return { mu, logvar, rows: 4000 };
        },
      ),
    ],
  };
}

function gllCase(rng: SeededRandom, rows: number, cols: number) {
  const x = normal(rng, [rows, cols]);
  const mean = normal(rng, [rows, cols], 0, 0.7);
  const logvar = uniform(rng, [rows, cols], -1.5, 1.5);
  const { expected, variants } = gaussianLogLikelihood64(x, mean, logvar);
  return {
    args: [arg(x), arg(mean), arg(logvar)],
    expected,
    variants,
    tol: TOL,
    label:
      `gaussianLogLikelihood(x, mean, logvar) con forma [${rows}, ${cols}]`,
  };
}

const gaussianLogLikelihood: ExerciseDefinition = {
  id: "gaussian_log_likelihood",
  title: "Log-verosimilitud gaussiana",
  functions: ["gaussianLogLikelihood"],
  dependencies: [],
  tests: [
    valueTest(
      {
        name: "valores fijos",
        points: 1,
        seed: 301,
        hint:
          "log N(x; μ, σ²) = −½ Σ (log 2π + logvar + (x − μ)² / exp(logvar)), sumando sobre las dimensiones de x; forma [B].",
      },
      "gaussianLogLikelihood",
      (rng) => [gllCase(rng, 4, 5)],
    ),
    valueTest(
      {
        name: "entradas aleatorias",
        points: 1,
        hidden: true,
        hint:
          "Comprueba tu fórmula con otras formas (incluida una sola dimensión) y con varianzas muy distintas de 1.",
      },
      "gaussianLogLikelihood",
      (rng) => [
        gllCase(rng, intBetween(rng, 2, 8), intBetween(rng, 1, 12)),
        gllCase(rng, 3, 1),
      ],
    ),
  ],
};

function elboInputs(
  rng: SeededRandom,
  rows: number,
  latent: number,
  dim: number,
  samples: number,
) {
  const x = normal(rng, [rows, dim], 0, 0.8);
  const mu = normal(rng, [rows, latent], 0, 0.8);
  const logvar = uniform(rng, [rows, latent], -1.5, 0.5);
  const decoder = {
    w1: normal(rng, [latent, dim], 0, 0.6),
    b1: normal(rng, [dim], 0, 0.2),
    w2: normal(rng, [latent, dim], 0, 0.3),
    b2: uniform(rng, [dim], -1, 0.5),
  };
  const eps = normal(rng, [samples, rows, latent]);
  const decoderArg: WireArg = {
    t: "decoder",
    w1: wireTensor(decoder.w1.shape, decoder.w1.data),
    b1: wireTensor(decoder.b1.shape, decoder.b1.data),
    w2: wireTensor(decoder.w2.shape, decoder.w2.data),
    b2: wireTensor(decoder.b2.shape, decoder.b2.data),
  };
  return { x, mu, logvar, decoder, eps, decoderArg };
}

function elboCase(
  rng: SeededRandom,
  rows: number,
  latent: number,
  dim: number,
  samples: number,
) {
  const i = elboInputs(rng, rows, latent, dim, samples);
  const { expected, variants } = elbo64(i.x, i.mu, i.logvar, i.decoder, i.eps);
  return {
    args: [
      arg(i.x),
      arg(i.mu),
      arg(i.logvar),
      i.decoderArg,
      numArg(samples),
      arg(i.eps),
    ],
    expected,
    variants,
    tol: { rtol: 2e-4, atol: 1e-3 },
    label: `elboEstimate con L=${samples}, B=${rows}, J=${latent}, D=${dim}`,
  };
}

const elboNoEps: TestDefinition = {
  name: "sin ε: forma [B] y valores finitos",
  points: 1,
  hidden: true,
  hint:
    "Sin eps hay que muestrear ε de forma [L, B, J] (o una muestra por iteración) y devolver un valor por ejemplo.",
  prepare({ rng }) {
    const i = elboInputs(rng, 5, 2, 4, 2);
    return {
      calls: [{
        fn: "elboEstimate",
        args: [arg(i.x), arg(i.mu), arg(i.logvar), i.decoderArg, numArg(2)],
      }],
      evaluate([value]) {
        if (value.t !== "tensor" || value.shape.join() !== "5") {
          return {
            passed: false,
            message: `elboEstimate sin eps debe devolver forma [5] y devolvió ${
              describeValue(value)
            }.`,
          };
        }
        if (tensorValues(value).some((v) => !Number.isFinite(v))) {
          return {
            passed: false,
            message: "elboEstimate sin eps devolvió valores NaN o infinitos.",
          };
        }
        return { passed: true, message: "" };
      },
    };
  },
};

const elbo: ExerciseDefinition = {
  id: "elbo",
  title: "Estimador Monte Carlo de la ELBO",
  functions: ["elboEstimate"],
  dependencies: [
    REFERENCE.klStandardNormal,
    REFERENCE.reparameterize,
    REFERENCE.gaussianLogLikelihood,
  ],
  tests: [
    valueTest(
      {
        name: "una muestra (L = 1) con ε dado",
        points: 1,
        seed: 401,
        hint:
          "ELBO = log N(x; decode(z)) − KL con z = reparameterize(mu, logvar, eps[0]); usa tus funciones anteriores.",
      },
      "elboEstimate",
      (rng) => [elboCase(rng, 4, 2, 5, 1)],
    ),
    valueTest(
      {
        name: "L = 3 muestras con ε dado",
        points: 1,
        seed: 402,
        hint:
          "Promedia la reconstrucción sobre las L muestras (eps.gather(l) o tf.unstack(eps)) y resta el KL una sola vez.",
      },
      "elboEstimate",
      (rng) => [elboCase(rng, 3, 3, 4, 3)],
    ),
    valueTest(
      {
        name: "entradas aleatorias",
        points: 1,
        hidden: true,
        hint: "Comprueba el estimador con otros tamaños de L, B, J y D.",
      },
      "elboEstimate",
      (rng) => [
        elboCase(
          rng,
          intBetween(rng, 2, 6),
          intBetween(rng, 1, 4),
          intBetween(rng, 2, 7),
          intBetween(rng, 2, 4),
        ),
      ],
    ),
    elboNoEps,
  ],
};

/** The expected dense stack (ReLU hidden layers, linear output). */
export function densePlan(
  inputDim: number,
  hidden: number[],
  outputDim: number,
): ModelPlan {
  const sizes = [inputDim, ...hidden, outputDim];
  let params = 0;
  for (let i = 1; i < sizes.length; i++) {
    params += sizes[i - 1] * sizes[i] + sizes[i];
  }
  return {
    input: [inputDim],
    output: [outputDim],
    params,
    layers: [
      ...hidden.map((units) => ({
        className: "Dense",
        units,
        activation: "relu",
      })),
      { className: "Dense", units: outputDim, activation: "linear" },
    ],
  };
}

function randomHidden(rng: SeededRandom): number[] {
  return Array.from(
    { length: intBetween(rng, 1, 3) },
    () => intBetween(rng, 3, 24),
  );
}

const denseEncoder: ExerciseDefinition = {
  id: "dense_encoder",
  title: "Encoder denso",
  functions: ["buildDenseEncoder"],
  dependencies: [],
  tests: [
    structureTest(
      {
        name: "arquitectura",
        points: 1,
        seed: 501,
        hint:
          "Capas Dense con ReLU para cada tamaño oculto y una Dense final lineal de 2·latentDim unidades (μ y log σ² concatenados).",
      },
      "buildDenseEncoder",
      () => ({ args: [20, [16, 8], 3], plan: densePlan(20, [16, 8], 6) }),
    ),
    trainsTest(
      {
        name: "entrena: unos pasos de Adam bajan la pérdida",
        points: 1,
        seed: 502,
        hint:
          "Todas las capas deben ser entrenables y conectadas de la entrada a la salida.",
      },
      "buildDenseEncoder",
      [12, [10], 2],
      { learningRate: 0.02 },
    ),
    structureTest(
      {
        name: "otros tamaños",
        points: 1,
        hidden: true,
        hint:
          "El encoder debe respetar inputDim, la lista hiddenSizes (cualquier longitud) y latentDim.",
      },
      "buildDenseEncoder",
      (rng) => {
        const input = intBetween(rng, 5, 40),
          hidden = randomHidden(rng),
          latent = intBetween(rng, 1, 5);
        return {
          args: [input, hidden, latent],
          plan: densePlan(input, hidden, 2 * latent),
        };
      },
    ),
  ],
};

const denseDecoder: ExerciseDefinition = {
  id: "dense_decoder",
  title: "Decoder denso gaussiano",
  functions: ["buildDenseDecoder"],
  dependencies: [],
  tests: [
    structureTest(
      {
        name: "arquitectura",
        points: 1,
        seed: 601,
        hint:
          "Capas Dense con ReLU para cada tamaño oculto y una Dense final lineal de 2·outputDim unidades (media y log-varianza concatenadas).",
      },
      "buildDenseDecoder",
      () => ({ args: [3, [8, 16], 20], plan: densePlan(3, [8, 16], 40) }),
    ),
    trainsTest(
      {
        name: "entrena: unos pasos de Adam bajan la pérdida",
        points: 1,
        seed: 602,
        hint:
          "Todas las capas deben ser entrenables y conectadas de la entrada a la salida.",
      },
      "buildDenseDecoder",
      [2, [10], 12],
      { learningRate: 0.02 },
    ),
    structureTest(
      {
        name: "otros tamaños",
        points: 1,
        hidden: true,
        hint:
          "El decoder debe respetar latentDim, la lista hiddenSizes (cualquier longitud) y outputDim.",
      },
      "buildDenseDecoder",
      (rng) => {
        const latent = intBetween(rng, 1, 5),
          hidden = randomHidden(rng),
          output = intBetween(rng, 5, 40);
        return {
          args: [latent, hidden, output],
          plan: densePlan(latent, hidden, 2 * output),
        };
      },
    ),
  ],
};

/** The first lab. */
export const LAB1: LabDefinition = {
  id: "lab1_elbo_dense_vae",
  title: "Laboratorio 1: ELBO y VAE denso",
  exercises: [
    withPoints(1, klStandardNormal),
    withPoints(1, reparameterizeExercise()),
    withPoints(1, gaussianLogLikelihood),
    withPoints(1.5, elbo),
    withPoints(0.75, denseEncoder),
    withPoints(0.75, denseDecoder),
  ],
};

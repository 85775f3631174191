/**
 * Grading definitions of the second lab (`lab2_conv_vae`): KL between two
 * Gaussians, the convolutional encoder/decoder of the TensorFlow CVAE
 * tutorial, reparameterization and the MSE reconstruction loss.
 *
 * @module
 */
import type { SeededRandom } from "../random/mod.ts";
import { arg, structureTest, trainsTest, valueTest } from "./cases.ts";
import {
  type ExerciseDefinition,
  type LabDefinition,
  withPoints,
} from "./definitions.ts";
import { klGaussians64, mseReconstructionLoss64 } from "./expected.ts";
import { intBetween, normal, uniform } from "./inputs.ts";
import { reparameterizeExercise } from "./lab1.ts";
import type { ModelPlan } from "./models.ts";

const TOL = { rtol: 1e-4, atol: 1e-4 };

function klCase(rng: SeededRandom, shape: number[]) {
  const muQ = normal(rng, shape);
  const sigmaQ = uniform(rng, shape, 0.3, 2);
  const muP = normal(rng, shape, 0, 0.5);
  const sigmaP = uniform(rng, shape, 0.4, 1.8);
  const { expected, variants } = klGaussians64(muQ, sigmaQ, muP, sigmaP);
  return {
    args: [arg(muQ), arg(sigmaQ), arg(muP), arg(sigmaP)],
    expected,
    variants,
    tol: TOL,
    label: `klGaussians(muQ, sigmaQ, muP, sigmaP) con forma [${
      shape.join(", ")
    }]`,
  };
}

const klGaussians: ExerciseDefinition = {
  id: "kl_gaussians",
  title: "KL entre dos gaussianas",
  functions: ["klGaussians"],
  dependencies: [],
  tests: [
    valueTest(
      {
        name: "valores fijos",
        points: 1,
        seed: 1101,
        hint:
          "KL = log(σP/σQ) + (σQ² + (μQ − μP)²) / (2σP²) − ½, elemento a elemento (sin reducir).",
      },
      "klGaussians",
      (rng) => [klCase(rng, [3, 4])],
    ),
    valueTest(
      {
        name: "entradas aleatorias",
        points: 1,
        hidden: true,
        hint:
          "La fórmula es elemento a elemento: debe funcionar con tensores de cualquier forma, también 1-D y 3-D.",
      },
      "klGaussians",
      (rng) => [
        klCase(rng, [intBetween(rng, 2, 9)]),
        klCase(rng, [2, intBetween(rng, 1, 4), 3]),
      ],
    ),
  ],
};

/** Parameter count of a 3×3 convolution (or transposed convolution). */
const conv3 = (inC: number, outC: number) => 9 * inC * outC + outC;

/** The expected conv encoder of the TensorFlow CVAE tutorial. */
export function encoderPlan(latent: number): ModelPlan {
  return {
    input: [28, 28, 1],
    output: [2 * latent],
    params: conv3(1, 32) + conv3(32, 64) + 6 * 6 * 64 * 2 * latent + 2 * latent,
    layers: [
      {
        className: "Conv2D",
        filters: 32,
        kernelSize: 3,
        strides: 2,
        padding: "valid",
        activation: "relu",
      },
      {
        className: "Conv2D",
        filters: 64,
        kernelSize: 3,
        strides: 2,
        padding: "valid",
        activation: "relu",
      },
      { className: "Flatten" },
      { className: "Dense", units: 2 * latent, activation: "linear" },
    ],
  };
}

/** The expected conv decoder of the TensorFlow CVAE tutorial. */
export function decoderPlan(latent: number): ModelPlan {
  return {
    input: [latent],
    output: [28, 28, 1],
    params: latent * 1568 + 1568 + conv3(32, 64) + conv3(64, 32) + conv3(32, 1),
    layers: [
      { className: "Dense", units: 7 * 7 * 32, activation: "relu" },
      { className: "Reshape", targetShape: [7, 7, 32] },
      {
        className: "Conv2DTranspose",
        filters: 64,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
      },
      {
        className: "Conv2DTranspose",
        filters: 32,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
      },
      {
        className: "Conv2DTranspose",
        filters: 1,
        kernelSize: 3,
        strides: 1,
        padding: "same",
        activation: "linear",
      },
    ],
  };
}

const convEncoder: ExerciseDefinition = {
  id: "conv_encoder",
  title: "Encoder convolucional",
  functions: ["buildConvEncoder"],
  dependencies: [],
  tests: [
    structureTest(
      {
        name: "arquitectura",
        points: 1,
        seed: 1201,
        hint:
          "Entrada [28, 28, 1]; Conv2D(32, 3, stride 2, relu), Conv2D(64, 3, stride 2, relu) con padding 'valid', Flatten y Dense(2·latentDim) lineal.",
      },
      "buildConvEncoder",
      () => ({ args: [2], plan: encoderPlan(2) }),
    ),
    trainsTest(
      {
        name: "entrena: unos pasos de Adam bajan la pérdida",
        points: 1,
        seed: 1202,
        hint:
          "Todas las capas deben ser entrenables y conectadas de la entrada a la salida.",
      },
      "buildConvEncoder",
      [2],
      { batch: 4 },
    ),
    structureTest(
      {
        name: "otra dimensión latente",
        points: 1,
        hidden: true,
        hint:
          "La capa final debe tener 2·latentDim unidades para cualquier latentDim.",
      },
      "buildConvEncoder",
      (rng) => {
        const latent = intBetween(rng, 3, 16);
        return { args: [latent], plan: encoderPlan(latent) };
      },
    ),
  ],
};

const convDecoder: ExerciseDefinition = {
  id: "conv_decoder",
  title: "Decoder convolucional",
  functions: ["buildConvDecoder"],
  dependencies: [],
  tests: [
    structureTest(
      {
        name: "arquitectura",
        points: 1,
        seed: 1301,
        hint:
          "Dense(7·7·32, relu), Reshape([7, 7, 32]), Conv2DTranspose(64, 3, stride 2, 'same', relu), Conv2DTranspose(32, 3, stride 2, 'same', relu), Conv2DTranspose(1, 3, stride 1, 'same') lineal: salida logits [28, 28, 1].",
      },
      "buildConvDecoder",
      () => ({ args: [2], plan: decoderPlan(2) }),
    ),
    trainsTest(
      {
        name: "entrena: unos pasos de Adam bajan la pérdida",
        points: 1,
        seed: 1302,
        hint:
          "Todas las capas deben ser entrenables y conectadas de la entrada a la salida.",
      },
      "buildConvDecoder",
      [2],
      { batch: 4 },
    ),
    structureTest(
      {
        name: "otra dimensión latente",
        points: 1,
        hidden: true,
        hint:
          "La primera Dense recibe latentDim entradas para cualquier latentDim.",
      },
      "buildConvDecoder",
      (rng) => {
        const latent = intBetween(rng, 3, 16);
        return { args: [latent], plan: decoderPlan(latent) };
      },
    ),
  ],
};

function mseCase(rng: SeededRandom, shape: number[]) {
  const x = uniform(rng, shape, 0, 1);
  const logits = normal(rng, shape, 0, 2);
  const { expected, variants } = mseReconstructionLoss64(x, logits);
  return {
    args: [arg(x), arg(logits)],
    expected,
    variants,
    tol: TOL,
    label: `mseReconstructionLoss(x, logits) con forma [${shape.join(", ")}]`,
  };
}

const mseLoss: ExerciseDefinition = {
  id: "mse_loss",
  title: "Pérdida de reconstrucción MSE",
  functions: ["mseReconstructionLoss"],
  dependencies: [],
  tests: [
    valueTest(
      {
        name: "imágenes [B, 28, 28, 1]",
        points: 1,
        seed: 1401,
        hint:
          "Σ sobre los píxeles de (x − sigmoid(logits))², un valor por ejemplo: forma [B].",
      },
      "mseReconstructionLoss",
      (rng) => [mseCase(rng, [3, 28, 28, 1])],
    ),
    valueTest(
      {
        name: "otras formas",
        points: 1,
        hidden: true,
        hint:
          "Suma sobre todos los ejes salvo el primero, sea cual sea la forma de x (por ejemplo [B, 784]).",
      },
      "mseReconstructionLoss",
      (rng) => [
        mseCase(rng, [intBetween(rng, 2, 6), 784]),
        mseCase(rng, [2, 5, 5, 1]),
      ],
    ),
  ],
};

/** The second lab. */
export const LAB2: LabDefinition = {
  id: "lab2_conv_vae",
  title: "Laboratorio 2: VAE convolucional",
  exercises: [
    withPoints(1, klGaussians),
    withPoints(1, convEncoder),
    withPoints(1, convDecoder),
    withPoints(1, reparameterizeExercise()),
    withPoints(1, mseLoss),
  ],
};

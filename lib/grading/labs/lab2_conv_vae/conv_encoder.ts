/**
 * Lab 2, `conv_encoder`: `buildConvEncoder(latentDim)`, the TensorFlow CVAE
 * tutorial's encoder: [28, 28, 1] → two stride-2 ReLU convolutions →
 * Flatten → a linear layer of 2·latentDim units.
 *
 * @module
 */
import { defineExercise } from "../../checks/define.ts";
import { intBetween } from "../../checks/inputs.ts";
import { structureTest, trainsTest } from "../../checks/model.ts";
import { encoderPlan } from "./conv_plans.ts";

export default defineExercise({
  id: "conv_encoder",
  title: "Encoder convolucional",
  functions: ["buildConvEncoder"],
  reference: { file: "lib/vae/conv.ts", name: "buildConvEncoder" },
  tests: [
    structureTest({
      name: "arquitectura",
      weight: 1,
      seed: 1201,
      fn: "buildConvEncoder",
      hint:
        "Entrada [28, 28, 1]; Conv2D(32, 3, stride 2, relu), Conv2D(64, 3, stride 2, relu) con padding 'valid', Flatten y Dense(2·latentDim) lineal.",
      build: () => ({ args: [2], plan: encoderPlan(2) }),
    }),
    trainsTest({
      name: "entrena: el gradiente llega a todas las capas",
      weight: 1,
      seed: 1202,
      fn: "buildConvEncoder",
      hint:
        "Todas las capas deben ser entrenables y estar conectadas de la entrada a la salida.",
      args: [2],
    }),
    structureTest({
      name: "otra dimensión latente",
      weight: 1,
      hidden: true,
      fn: "buildConvEncoder",
      hint:
        "La capa final debe tener 2·latentDim unidades para cualquier latentDim.",
      build: (rng) => {
        const latent = intBetween(rng, 3, 16);
        return { args: [latent], plan: encoderPlan(latent) };
      },
    }),
  ],
});

/**
 * Lab 2, `conv_decoder`: `buildConvDecoder(latentDim)`, the TensorFlow CVAE
 * tutorial's decoder: latentDim → Dense(7·7·32, relu) → Reshape → three
 * transposed convolutions → logits [28, 28, 1].
 *
 * @module
 */
import { defineExercise } from "../../checks/define.ts";
import { intBetween } from "../../checks/inputs.ts";
import { structureTest, trainsTest } from "../../checks/model.ts";
import { decoderPlan } from "./conv_plans.ts";

export default defineExercise({
  id: "conv_decoder",
  title: "Decoder convolucional",
  functions: ["buildConvDecoder"],
  reference: { file: "lib/vae/conv.ts", name: "buildConvDecoder" },
  tests: [
    structureTest({
      name: "arquitectura",
      weight: 1,
      seed: 1301,
      fn: "buildConvDecoder",
      hint:
        "Dense(7·7·32, relu), Reshape([7, 7, 32]), Conv2DTranspose(64, 3, stride 2, 'same', relu), Conv2DTranspose(32, 3, stride 2, 'same', relu), Conv2DTranspose(1, 3, stride 1, 'same') lineal: salida logits [28, 28, 1].",
      build: () => ({ args: [2], plan: decoderPlan(2) }),
    }),
    trainsTest({
      name: "entrena: el gradiente llega a todas las capas",
      weight: 1,
      seed: 1302,
      fn: "buildConvDecoder",
      hint:
        "Todas las capas deben ser entrenables y estar conectadas de la entrada a la salida.",
      args: [2],
    }),
    structureTest({
      name: "otra dimensión latente",
      weight: 1,
      hidden: true,
      fn: "buildConvDecoder",
      hint:
        "La primera Dense recibe latentDim entradas para cualquier latentDim.",
      build: (rng) => {
        const latent = intBetween(rng, 3, 16);
        return { args: [latent], plan: decoderPlan(latent) };
      },
    }),
  ],
});

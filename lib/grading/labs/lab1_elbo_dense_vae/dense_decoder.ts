/**
 * Lab 1, `dense_decoder`: `buildDenseDecoder(latentDim, hiddenSizes,
 * outputDim)`, the Gaussian decoder: [latentDim] → ReLU hidden layers → a
 * linear layer of 2·outputDim units (mean and log-variance concatenated).
 *
 * @module
 */
import { defineExercise } from "../../checks/define.ts";
import { intBetween } from "../../checks/inputs.ts";
import { structureTest, trainsTest } from "../../checks/model.ts";
import { densePlan, randomHidden } from "./dense_plan.ts";

export default defineExercise({
  id: "dense_decoder",
  title: "Decoder denso gaussiano",
  functions: ["buildDenseDecoder"],
  reference: { file: "lib/vae/dense.ts", name: "buildDenseDecoder" },
  tests: [
    structureTest({
      name: "arquitectura",
      weight: 1,
      seed: 601,
      fn: "buildDenseDecoder",
      hint:
        "Capas Dense con ReLU para cada tamaño oculto y una Dense final lineal de 2·outputDim unidades (media y log-varianza concatenadas).",
      build: () => ({
        args: [3, [8, 16], 20],
        plan: densePlan(3, [8, 16], 40),
      }),
    }),
    trainsTest({
      name: "entrena: el gradiente llega a todas las capas",
      weight: 1,
      seed: 602,
      fn: "buildDenseDecoder",
      hint:
        "Todas las capas deben ser entrenables y estar conectadas de la entrada a la salida.",
      args: [2, [10], 12],
    }),
    structureTest({
      name: "otros tamaños",
      weight: 1,
      hidden: true,
      fn: "buildDenseDecoder",
      hint:
        "El decoder debe respetar latentDim, la lista hiddenSizes (cualquier longitud) y outputDim.",
      build: (rng) => {
        const latent = intBetween(rng, 1, 5),
          hidden = randomHidden(rng),
          output = intBetween(rng, 5, 40);
        return {
          args: [latent, hidden, output],
          plan: densePlan(latent, hidden, 2 * output),
        };
      },
    }),
  ],
});

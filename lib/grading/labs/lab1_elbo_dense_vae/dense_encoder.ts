/**
 * Lab 1, `dense_encoder`: `buildDenseEncoder(inputDim, hiddenSizes,
 * latentDim)`, a tf.LayersModel [inputDim] → ReLU hidden layers → a linear
 * layer of 2·latentDim units (μ and log σ² concatenated).
 *
 * @module
 */
import { defineExercise } from "../../checks/define.ts";
import { intBetween } from "../../checks/inputs.ts";
import { structureTest, trainsTest } from "../../checks/model.ts";
import { densePlan, randomHidden } from "./dense_plan.ts";

export default defineExercise({
  id: "dense_encoder",
  title: "Encoder denso",
  functions: ["buildDenseEncoder"],
  reference: { file: "lib/vae/dense.ts", name: "buildDenseEncoder" },
  tests: [
    structureTest({
      name: "arquitectura",
      weight: 1,
      seed: 501,
      fn: "buildDenseEncoder",
      hint:
        "Capas Dense con ReLU para cada tamaño oculto y una Dense final lineal de 2·latentDim unidades (μ y log σ² concatenados).",
      build: () => ({
        args: [20, [16, 8], 3],
        plan: densePlan(20, [16, 8], 6),
      }),
    }),
    trainsTest({
      name: "entrena: el gradiente llega a todas las capas",
      weight: 1,
      seed: 502,
      fn: "buildDenseEncoder",
      hint:
        "Todas las capas deben ser entrenables y estar conectadas de la entrada a la salida.",
      args: [12, [10], 2],
    }),
    structureTest({
      name: "otros tamaños",
      weight: 1,
      hidden: true,
      fn: "buildDenseEncoder",
      hint:
        "El encoder debe respetar inputDim, la lista hiddenSizes (cualquier longitud) y latentDim.",
      build: (rng) => {
        const input = intBetween(rng, 5, 40),
          hidden = randomHidden(rng),
          latent = intBetween(rng, 1, 5);
        return {
          args: [input, hidden, latent],
          plan: densePlan(input, hidden, 2 * latent),
        };
      },
    }),
  ],
});

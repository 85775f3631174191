/**
 * Lab 2, `mse_loss`: `mseReconstructionLoss(x, logits)`, for images
 * [B, 28, 28, 1]: the sum over each image's pixels of (x − sigmoid(logits))²
 * → [B]. Its tests use only the shape the prompt states.
 *
 * @module
 */
import type { SeededRandom } from "../../../random/mod.ts";
import { defineExercise } from "../../checks/define.ts";
import {
  type Array64,
  intBetween,
  normal,
  tensorArg,
  uniform,
} from "../../checks/inputs.ts";
import { valueTest } from "../../checks/value.ts";
import { gradientTest } from "../../checks/gradient.ts";
import type { Variant } from "../../feedback/compare.ts";
import {
  elementwise,
  reduceRows,
  reductionVariants,
  scale,
  TOL,
} from "../shared/arrays.ts";

/** The float64 oracle and the mistakes it recognizes. */
export function oracle(
  x: Array64,
  logits: Array64,
): { expected: Array64; variants: Variant[] } {
  const rows = x.shape[0];
  const cols = x.data.length / rows;
  const sig = (t: number) => 1 / (1 + Math.exp(-t));
  const t = (i: number) => (x.data[i] - sig(logits.data[i])) ** 2;
  const expected = reduceRows(rows, cols, t);
  return {
    expected,
    variants: [
      {
        cause:
          "olvidaste aplicar sigmoid a los logits: el decoder devuelve logits y la imagen es sigmoid(logits)",
        value: reduceRows(rows, cols, (i) => (x.data[i] - logits.data[i]) ** 2),
      },
      {
        cause:
          "devuelves la raíz de la suma (una norma), no la suma de cuadrados",
        value: { shape: [rows], data: expected.data.map(Math.sqrt) },
      },
      {
        cause: "usaste el valor absoluto en vez del cuadrado",
        value: reduceRows(
          rows,
          cols,
          (i) => Math.abs(x.data[i] - sig(logits.data[i])),
        ),
      },
      { cause: "sobra un factor ½", value: scale(expected, 0.5) },
      ...reductionVariants(rows, cols, t, "los píxeles").filter((v) =>
        !v.cause.startsWith("falta reducir")
      ),
      {
        cause:
          "falta reducir: hay que sumar sobre todos los píxeles de cada imagen",
        value: elementwise(x.shape, t),
      },
    ],
  };
}

function mseCase(rng: SeededRandom, rows: number) {
  const shape = [rows, 28, 28, 1];
  const x = uniform(rng, shape, 0, 1);
  const logits = normal(rng, shape, 0, 2);
  return {
    args: [tensorArg(x), tensorArg(logits)],
    ...oracle(x, logits),
    tol: TOL,
    label: `mseReconstructionLoss(x, logits) con forma [${shape.join(", ")}]`,
  };
}

export default defineExercise({
  id: "mse_loss",
  title: "Pérdida de reconstrucción MSE",
  functions: ["mseReconstructionLoss"],
  reference: {
    file: "lib/vae/distributions.ts",
    name: "mseReconstructionLoss",
  },
  tests: [
    valueTest({
      name: "imágenes [B, 28, 28, 1]",
      weight: 1,
      seed: 1401,
      fn: "mseReconstructionLoss",
      hint:
        "La suma sobre los píxeles de cada imagen de (x − sigmoid(logits))²: un valor por imagen, forma [B].",
      cases: (rng) => [mseCase(rng, 3)],
    }),
    valueTest({
      name: "otros lotes",
      weight: 1,
      hidden: true,
      fn: "mseReconstructionLoss",
      hint:
        "Con cualquier número de imágenes B (también B = 1) el resultado tiene forma [B].",
      cases: (rng) => [mseCase(rng, intBetween(rng, 4, 9)), mseCase(rng, 1)],
    }),
    gradientTest({
      name: "el gradiente llega a los logits",
      weight: 1,
      seed: 1403,
      fn: "mseReconstructionLoss",
      hint:
        "Es la pérdida que entrena el modelo MSE: calcúlala solo con operaciones de tf sobre x y los logits.",
      cases: (rng) => {
        const x = uniform(rng, [2, 28, 28, 1], 0, 1);
        return [{
          inputs: [normal(rng, [2, 28, 28, 1], 0, 2)],
          at: [1],
          names: ["logits"],
          args: ([logits]) => [tensorArg(x), tensorArg(logits)],
          value: ([logits]) => oracle(x, logits).expected,
          label: "mseReconstructionLoss(x, logits)",
        }];
      },
    }),
  ],
});

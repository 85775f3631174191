/**
 * The dense stack both dense builders of lab 1 must produce: one ReLU
 * Dense layer per hidden size, then a linear Dense output layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { densePlan } from "./dense_plan.ts";
 * assert.equal(densePlan(4, [3], 2).params, 4 * 3 + 3 + 3 * 2 + 2);
 * ```
 * @module
 */
import type { SeededRandom } from "../../../random/mod.ts";
import { intBetween } from "../../checks/inputs.ts";
import type { ModelPlan } from "../../checks/model.ts";

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

/** One to three hidden sizes between 3 and 24 (the prompt allows any non-empty list). */
export function randomHidden(rng: SeededRandom): number[] {
  return Array.from(
    { length: intBetween(rng, 1, 3) },
    () => intBetween(rng, 3, 24),
  );
}

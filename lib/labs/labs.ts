/**
 * The two labs as their notebooks' check cells need to know them: the
 * notebook file and, for every exercise, its id and the function it defines.
 * `tests/labs_table_test.ts` checks this table against the masters.
 *
 * @example
 * ```ts
 * import { exerciseDefining, LABS } from "./labs.ts";
 * console.log(LABS.lab2_conv_vae.title);
 * console.log(exerciseDefining("lab1_elbo_dense_vae", "elboEstimate")?.id); // "elbo"
 * ```
 * @module
 */

/** One graded exercise: its id (`// EXERCISE: <id>`) and the function the cell defines. */
export interface LabExercise {
  /** The exercise id, as in `// EXERCISE: <id>` and `metadata.vaelab.exercise`. */
  id: string;
  /** The name of the function the exercise cell defines. */
  fn: string;
}

/** One lab: its notebook's title, file and exercises in notebook order. */
export interface Lab {
  /** The notebook's first `#` heading, as in the lab statement. */
  title: string;
  /** The student notebook, relative to the course folder. */
  notebook: string;
  /** The graded exercises, in notebook order. */
  exercises: readonly LabExercise[];
}

/** The labs of the kit, by notebook name (without `.ipynb`). */
export const LABS = {
  lab1_elbo_dense_vae: {
    title: "Laboratorio 3 — Autoencoders Variacionales",
    notebook: "notebooks/lab1_elbo_dense_vae.ipynb",
    exercises: [
      { id: "kl_standard_normal", fn: "klStandardNormal" },
      { id: "reparameterize", fn: "reparameterize" },
      { id: "gaussian_log_likelihood", fn: "gaussianLogLikelihood" },
      { id: "elbo", fn: "elboEstimate" },
      { id: "dense_encoder", fn: "buildDenseEncoder" },
      { id: "dense_decoder", fn: "buildDenseDecoder" },
    ],
  },
  lab2_conv_vae: {
    title: "Autoencoder Variacional Convolucional",
    notebook: "notebooks/lab2_conv_vae.ipynb",
    exercises: [
      { id: "kl_gaussians", fn: "klGaussians" },
      { id: "conv_encoder", fn: "buildConvEncoder" },
      { id: "conv_decoder", fn: "buildConvDecoder" },
      { id: "reparameterize", fn: "reparameterize" },
      { id: "mse_loss", fn: "mseReconstructionLoss" },
    ],
  },
} as const satisfies Record<string, Lab>;

/** A lab's name: the notebook file name without `.ipynb`. */
export type LabName = keyof typeof LABS;

/** True when `name` is one of {@link LABS}. */
export function isLabName(name: string): name is LabName {
  return Object.hasOwn(LABS, name);
}

/** The exercise of `lab` whose cell defines the function `fn`, if any. */
export function exerciseDefining(
  lab: LabName,
  fn: string,
): LabExercise | undefined {
  return LABS[lab].exercises.find((e) => e.fn === fn);
}

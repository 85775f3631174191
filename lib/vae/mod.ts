/**
 * VAE building blocks: divergences and likelihoods, the reparameterization
 * trick, ELBO estimators, dense and convolutional encoders/decoders, and the
 * {@link VAE} with training and persistence.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { klStandardNormal, VAE } from "./mod.ts";
 * klStandardNormal(tf.zeros([1, 2]), tf.zeros([1, 2])).print(); // [0]
 * const vae = VAE.dense({ latentDim: 2, seed: 0 });
 * ```
 * @module
 */
export * from "./distributions.ts";
export * from "./reparameterize.ts";
export * from "./elbo.ts";
export * from "./dense.ts";
export * from "./conv.ts";
export * from "./pieces.ts";
export * from "./model.ts";
export * from "./train.ts";
export type { StepModel, StepValues } from "./step.ts";
export type * from "../backend/tf_types.ts";
export { readSavedVAE, type SavedVAE, saveVAE } from "./io.ts";

/**
 * One training step: the batch's negative ELBO, its gradient with respect to
 * every weight, and one optimizer update, with the three loss values read
 * back. Errors of a user's piece come out as {@link PieceError} naming the
 * epoch and batch.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { trainStep } from "./step.ts";
 * // const values = await trainStep(vae, tf.train.adam(1e-3), vae.trainableWeights(), xb, 7, { epoch: 0, batch: 0 });
 * ```
 * @module
 */
import * as tf from "tf";
import { type LossTerms, PieceError } from "./pieces.ts";
import type { Scalar, Tensor, Variable } from "../backend/tf_types.ts";

/** What a step needs of the model. */
export interface StepModel {
  /** The batch's negative ELBO terms (batch means), noise seeded by `seed`. */
  lossTerms(x: Tensor, seed?: number): LossTerms;
  /** Names of the user's pieces of the objective, for error messages. */
  readonly customPieces: readonly string[];
}

/** The three losses of one step, read back as numbers. */
export interface StepValues {
  /** The batch's negative ELBO (mean per example). */
  loss: number;
  /** Its reconstruction term, −E[log p(x|z)]. */
  reconstruction: number;
  /** Its KL term, KL(q(z|x) ‖ p(z)). */
  kl: number;
}

/** Where in `fit` a step runs (for messages). */
export interface StepPlace {
  epoch: number;
  batch: number;
}

function wrapError(
  error: unknown,
  model: StepModel,
  { epoch, batch }: StepPlace,
): unknown {
  if (error instanceof PieceError) return error.at(epoch, batch);
  if (model.customPieces.length === 0) return error;
  // A user's piece computed fine but its gradient failed (for instance a
  // non-differentiable operation): say where, and which pieces are theirs.
  const message = error instanceof Error ? error.message : String(error);
  return new Error(
    `el cálculo del gradiente falló en la época ${epoch + 1}, lote ${
      batch + 1
    } (funciones propias: ${
      model.customPieces.join(", ")
    }; ¿usan operaciones no diferenciables o tensores fuera de tf?): ${message}`,
    { cause: error },
  );
}

/**
 * Minimises `model.lossTerms(xb, seed)` over `variables` with one step of
 * `optimizer`, and returns the step's loss, reconstruction and KL.
 */
export async function trainStep(
  model: StepModel,
  optimizer: tf.Optimizer,
  variables: Variable[],
  xb: Tensor,
  seed: number,
  place: StepPlace,
): Promise<StepValues> {
  let values: Tensor;
  try {
    values = tf.tidy(() => {
      // The gradient tape disposes what its closure creates: keep the two
      // terms so they can be reported, and free them right after.
      let terms: Scalar[] = [];
      const loss = optimizer.minimize(
        () => {
          const t = model.lossTerms(xb, seed);
          terms = [tf.keep(t.reconstruction), tf.keep(t.kl)];
          return t.loss;
        },
        true,
        variables,
      ) as Scalar;
      const stacked = tf.stack([loss, ...terms]);
      tf.dispose(terms);
      return stacked;
    });
  } catch (error) {
    throw wrapError(error, model, place);
  }
  const [loss, reconstruction, kl] = await values.data();
  values.dispose();
  return { loss, reconstruction, kl };
}

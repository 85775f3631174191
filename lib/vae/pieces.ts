/**
 * The pieces of the training objective a {@link VAE} can take from its user —
 * a reparameterization, a KL divergence, a reconstruction loss, or a whole
 * per-example ELBO — with the library's functions as defaults, and the one
 * function that turns them into the batch's negative ELBO.
 *
 * A student's piece is called exactly where the library's would be: what it
 * computes is what trains. Each call is checked (it must return a tensor of
 * shape [B]); an error inside a piece becomes a {@link PieceError} naming it.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { negativeElbo, resolvePieces } from "./pieces.ts";
 * const pieces = resolvePieces({}, "bernoulli");
 * const x = tf.ones([2, 3]);
 * const posterior = { mu: tf.zeros([2, 1]) as tf.Tensor2D, logvar: tf.zeros([2, 1]) as tf.Tensor2D };
 * const terms = negativeElbo(pieces, x, posterior, () => tf.zeros([2, 3]), tf.zeros([2, 1]) as tf.Tensor2D);
 * terms.loss.print(); // 3·log 2 ≈ 2.079
 * ```
 * @module
 */
import * as tf from "tf";
import { klStandardNormal } from "./distributions.ts";
import {
  type DecoderOutput,
  type Likelihood,
  reconstructionLogLikelihood,
} from "./elbo.ts";
import { reparameterize as libReparameterize } from "./reparameterize.ts";
import type {
  Scalar,
  Tensor,
  Tensor1D,
  Tensor2D,
} from "../backend/tf_types.ts";

/** q(z|x)'s parameters for a batch: μ and log σ², each [B, J]. */
export interface Posterior {
  /** Means μ, [B, J]. */
  mu: Tensor2D;
  /** Log-variances log σ², [B, J]. */
  logvar: Tensor2D;
}

/**
 * Functions that replace the library's in the training objective. They are
 * code, so {@link VAE.save} does not store them: pass them again after
 * `VAE.load`. Written as methods so that a function typed more narrowly (say
 * `(x: tf.Tensor, logits: tf.Tensor) => tf.Tensor1D`) is accepted.
 */
export interface VAEPieces {
  /** z = μ + σ·ε for the given noise ε [B, J]; default the library's `reparameterize`. */
  reparameterize?(
    mu: Tensor2D,
    logvar: Tensor2D,
    eps: Tensor2D,
  ): Tensor;
  /** KL(q(z|x) ‖ N(0, I)) per example, [B]; default `klStandardNormal`. */
  klDivergence?(mu: Tensor2D, logvar: Tensor2D): Tensor1D;
  /** −log p(x|z) (or the MSE) per example, [B]; default from the likelihood. */
  reconstructionLoss?(x: Tensor, output: DecoderOutput): Tensor1D;
  /**
   * The whole per-example ELBO, [B], to maximise; `decode(z)` runs the
   * decoder (it may be called several times). Replaces the three above.
   */
  objective?(
    x: Tensor,
    posterior: Posterior,
    decode: (z: Tensor2D) => DecoderOutput,
  ): Tensor1D;
}

/** The name of a piece, as the user passed it. */
export type PieceName = keyof VAEPieces;

/** Every piece filled in: the user's where given, the library's elsewhere. */
export interface ResolvedPieces {
  /** The user's reparameterization, or the library's. */
  reparameterize: NonNullable<VAEPieces["reparameterize"]>;
  /** The user's KL, or `klStandardNormal`. */
  klDivergence: NonNullable<VAEPieces["klDivergence"]>;
  /** The user's reconstruction loss, or −log p(x|z) of the likelihood. */
  reconstructionLoss: NonNullable<VAEPieces["reconstructionLoss"]>;
  /** The user's whole-ELBO objective, when given (then the three above are unused). */
  objective?: VAEPieces["objective"];
  /** Names of the pieces the user supplied (for messages and summaries). */
  custom: PieceName[];
}

/** The negative ELBO of one batch, as batch means (scalars). */
export type LossTerms = {
  /** What is minimised: reconstruction + kl. */
  loss: Scalar;
  /** −log p(x|z) (with an `objective`: loss − kl). */
  reconstruction: Scalar;
  /** KL(q(z|x) ‖ N(0, I)) (with an `objective`: the library's closed form, a diagnostic). */
  kl: Scalar;
};

/** A user-supplied piece threw or returned something unusable. */
export class PieceError extends Error {
  /**
   * Says which piece failed, how, and (once known) where in `fit`.
   *
   * @param piece the piece that failed
   * @param detail what went wrong (the piece's own error message, or what it returned)
   * @param epoch the epoch of `fit` (from 0), when known
   * @param batch the batch within the epoch (from 0), when known
   */
  constructor(
    readonly piece: PieceName,
    readonly detail: string,
    readonly epoch?: number,
    readonly batch?: number,
    options?: { cause?: unknown },
  ) {
    const where = epoch === undefined
      ? ""
      : ` en la época ${epoch + 1}, lote ${batch! + 1}`;
    super(
      `la función ${piece} que pasó a VAE falló${where}: ${detail}`,
      options,
    );
    this.name = "PieceError";
  }

  /** The same error, now saying at which epoch and batch of `fit` it happened. */
  at(epoch: number, batch: number): PieceError {
    return new PieceError(this.piece, this.detail, epoch, batch, {
      cause: this.cause,
    });
  }
}

const PIECE_NAMES: readonly PieceName[] = [
  "reparameterize",
  "klDivergence",
  "reconstructionLoss",
  "objective",
];

/** Checks the user's pieces and fills the rest with the library's. */
export function resolvePieces(
  pieces: VAEPieces,
  likelihood: Likelihood,
): ResolvedPieces {
  const custom = PIECE_NAMES.filter((name) => pieces[name] !== undefined);
  for (const name of custom) {
    if (typeof pieces[name] !== "function") {
      throw new TypeError(
        `VAE: ${name} debe ser una función, se recibió ${typeof pieces[name]}`,
      );
    }
  }
  if (pieces.objective) {
    const clash = custom.filter((name) => name !== "objective");
    if (clash.length > 0) {
      throw new TypeError(
        `VAE: objective reemplaza a reparameterize, klDivergence y reconstructionLoss; ` +
          `pase objective sola o las otras sin objective (se recibió también ${
            clash.join(", ")
          })`,
      );
    }
  }
  return {
    reparameterize: pieces.reparameterize ??
      ((mu, logvar, eps) => libReparameterize(mu, logvar, eps)),
    klDivergence: pieces.klDivergence ?? klStandardNormal,
    reconstructionLoss: pieces.reconstructionLoss ??
      ((x, output) =>
        tf.tidy(() =>
          tf.neg(reconstructionLogLikelihood(likelihood, x, output))
        )),
    objective: pieces.objective,
    custom,
  };
}

function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `un tensor de forma [${value.shape}]`;
  if (value === null) return "null";
  if (typeof value === "object") return "un objeto que no es un tf.Tensor";
  return `${typeof value} (${String(value)})`;
}

/** Calls piece `name`; its result must be a tensor, of shape `shape` when given. */
function call<T extends Tensor>(
  pieces: ResolvedPieces,
  name: PieceName,
  shape: number[] | null,
  run: () => unknown,
): T {
  // The library's own functions are trusted: their errors pass unchanged.
  if (!pieces.custom.includes(name)) return run() as T;
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PieceError(name, message, undefined, undefined, { cause: error });
  }
  if (!(result instanceof tf.Tensor)) {
    throw new PieceError(
      name,
      `debe devolver un tf.Tensor, devolvió ${describe(result)}`,
    );
  }
  if (shape && result.shape.join(",") !== shape.join(",")) {
    throw new PieceError(
      name,
      `debe devolver un tensor de forma [${shape}] (${
        shape.length === 1 ? "un valor por ejemplo del lote" : "como μ"
      }), devolvió uno de forma [${result.shape}]`,
    );
  }
  return result as T;
}

/**
 * The batch's negative ELBO from the pieces: with an `objective`,
 * −mean(objective); otherwise mean(reconstructionLoss(x, decode(z))) +
 * mean(klDivergence(μ, log σ²)) with z = reparameterize(μ, log σ², ε).
 * Throws {@link PieceError} when a user's piece fails.
 */
export function negativeElbo(
  pieces: ResolvedPieces,
  x: Tensor,
  posterior: Posterior,
  decode: (z: Tensor2D) => DecoderOutput,
  eps: Tensor2D,
): LossTerms {
  return tf.tidy(() => {
    const { mu, logvar } = posterior;
    const batch = [x.shape[0]];
    if (pieces.objective) {
      const objective = pieces.objective;
      const elbo = call<Tensor1D>(
        pieces,
        "objective",
        batch,
        () => objective(x, { mu, logvar }, decode),
      );
      const loss: Scalar = tf.neg(tf.mean(elbo));
      const kl: Scalar = tf.mean(klStandardNormal(mu, logvar));
      return { loss, kl, reconstruction: loss.sub(kl) as Scalar };
    }
    const z = call<Tensor2D>(
      pieces,
      "reparameterize",
      mu.shape,
      () => pieces.reparameterize(mu, logvar, eps),
    );
    const output = decode(z);
    const reconstruction: Scalar = tf.mean(call<Tensor1D>(
      pieces,
      "reconstructionLoss",
      batch,
      () => pieces.reconstructionLoss(x, output),
    ));
    const kl: Scalar = tf.mean(call<Tensor1D>(
      pieces,
      "klDivergence",
      batch,
      () => pieces.klDivergence(mu, logvar),
    ));
    return { loss: reconstruction.add(kl) as Scalar, reconstruction, kl };
  });
}

/**
 * The VAE: an encoder, a decoder and a likelihood, with encode / decode /
 * sample / reconstruct, the training objective, training and persistence.
 *
 * @example
 * ```ts
 * import { VAE } from "./model.ts";
 * const vae = VAE.conv({ latentDim: 2, seed: 0 });
 * // const history = await vae.fit(xTrain, { epochs: 5, validation: xVal });
 * const digits = vae.sample(16, 0); // [16, 28, 28, 1] in [0, 1]
 * ```
 * @module
 */
import * as tf from "tf";
import { buildConvDecoder, buildConvEncoder } from "./conv.ts";
import { buildDenseDecoder, buildDenseEncoder } from "./dense.ts";
import { type DecoderOutput, type Likelihood, LIKELIHOODS } from "./elbo.ts";
import {
  type LossTerms,
  negativeElbo,
  type PieceName,
  type Posterior,
  type ResolvedPieces,
  resolvePieces,
  type VAEPieces,
} from "./pieces.ts";
import { type EpochRecord, type FitOptions, fitVAE } from "./train.ts";
import { readSavedVAE, saveVAE } from "./io.ts";
import type {
  LayersModel,
  Tensor,
  Tensor2D,
  Variable,
} from "../backend/tf_types.ts";

/**
 * Lowest decoder log-variance of the Gaussian likelihood (σ ≈ 0.08). MNIST's
 * background pixels are exactly 0, so an unbounded variance collapses to 0
 * and the likelihood diverges; a smooth floor keeps training finite.
 */
export const MIN_DECODER_LOGVAR: number = -5;

/**
 * What makes a VAE: two networks, a likelihood, and optionally the user's own
 * pieces of the objective ({@link VAEPieces}), which are then what `fit`,
 * `lossTerms` and `evaluateElbo` use. Pieces are code: `save` does not store
 * them (pass them again to a loaded model with `new VAE({...loaded, ...})`).
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { buildDenseDecoder, buildDenseEncoder } from "./dense.ts";
 * import { VAE } from "./model.ts";
 * const vae = new VAE({
 *   encoder: buildDenseEncoder(784, [400], 2),
 *   decoder: buildDenseDecoder(2, [400], 784, "bernoulli"),
 *   likelihood: "mse",
 *   // the student's own MSE trains the model:
 *   reconstructionLoss: (x, logits) =>
 *     tf.sum(tf.square(tf.sub(x, tf.sigmoid(logits as tf.Tensor))), 1) as tf.Tensor1D,
 * });
 * ```
 */
export interface VAEConfig extends VAEPieces {
  /** x → [B, 2J] = concat(μ, log σ²). */
  encoder: LayersModel;
  /** z → logits (bernoulli, mse) or [B, 2n] = concat(mean, raw log-variance) (gaussian). */
  decoder: LayersModel;
  /** Reconstruction term; default "bernoulli". */
  likelihood?: Likelihood;
}

export type { LossTerms };

/**
 * tfjs's random ops treat seed 0 as "no seed" (`seed ? seed : Math.random()`),
 * which made the first step of `fit({ seed: 0 })` unreproducible: 0 is mapped
 * to this fixed seed instead.
 */
const SEED_FOR_ZERO = 0x2545f491;

/** A variational autoencoder with a N(0, I) prior. */
export class VAE {
  /** x → [B, 2J] = concat(μ, log σ²). */
  readonly encoder: LayersModel;
  /** z → the likelihood's parameters (logits, or Gaussian mean and raw log-variance). */
  readonly decoder: LayersModel;
  /** The reconstruction term when no `reconstructionLoss` is given. */
  readonly likelihood: Likelihood;
  /** J, the size of z. */
  readonly latentDim: number;
  /** Shape of one input example, e.g. [784] or [28, 28, 1]. */
  readonly inputShape: number[];
  /** The objective's pieces in use: the user's where given, the library's elsewhere. */
  readonly pieces: ResolvedPieces;

  /** Checks that the networks fit together and the pieces are functions. */
  constructor(config: VAEConfig) {
    const { encoder, decoder, likelihood = "bernoulli" } = config;
    if (!LIKELIHOODS.includes(likelihood)) {
      throw new RangeError(
        `unknown likelihood "${likelihood}"; valid: ${LIKELIHOODS.join(", ")}`,
      );
    }
    this.encoder = encoder;
    this.decoder = decoder;
    this.likelihood = likelihood;
    this.pieces = resolvePieces(config, likelihood);
    this.inputShape = encoder.inputs[0].shape.slice(1) as number[];
    this.latentDim = decoder.inputs[0].shape[1] as number;
    const encoded = encoder.outputs[0].shape[1];
    if (encoded !== 2 * this.latentDim) {
      throw new Error(
        `the encoder outputs ${encoded} features but the decoder takes ${this.latentDim}; ` +
          `an encoder must output 2·J = ${2 * this.latentDim} (μ and log σ²)`,
      );
    }
    const pixels = this.inputShape.reduce((a, b) => a * b, 1);
    const decoded = (decoder.outputs[0].shape.slice(1) as number[]).reduce(
      (a, b) => a * b,
      1,
    );
    const expected = likelihood === "gaussian" ? 2 * pixels : pixels;
    if (decoded !== expected) {
      throw new Error(
        `a ${likelihood} decoder must output ${expected} values per example ` +
          `for inputs of shape [${this.inputShape}], this one outputs ${decoded}`,
      );
    }
  }

  /** The first lab's dense VAE (defaults: the PyTorch example 784-400-20). */
  static dense(
    {
      inputDim = 784,
      hiddenSizes = [400],
      latentDim = 20,
      likelihood = "bernoulli",
      seed,
    }: {
      inputDim?: number;
      hiddenSizes?: number[];
      latentDim?: number;
      likelihood?: Likelihood;
      seed?: number;
    } = {},
  ): VAE {
    const decoderKind = likelihood === "gaussian" ? "gaussian" : "bernoulli";
    return new VAE({
      encoder: buildDenseEncoder(inputDim, hiddenSizes, latentDim, { seed }),
      decoder: buildDenseDecoder(
        latentDim,
        [...hiddenSizes].reverse(),
        inputDim,
        decoderKind,
        {
          seed: seed === undefined ? undefined : seed + 1,
        },
      ),
      likelihood,
    });
  }

  /** The second lab's convolutional VAE (TensorFlow CVAE tutorial; J = 2 by default). */
  static conv(
    { latentDim = 2, likelihood = "bernoulli", seed }: {
      latentDim?: number;
      likelihood?: Likelihood;
      seed?: number;
    } = {},
  ): VAE {
    if (likelihood === "gaussian") {
      throw new RangeError(
        'the convolutional decoder outputs one channel of logits: use likelihood "bernoulli" or "mse"',
      );
    }
    return new VAE({
      encoder: buildConvEncoder(latentDim, { seed }),
      decoder: buildConvDecoder(latentDim, {
        seed: seed === undefined ? undefined : seed + 1,
      }),
      likelihood,
    });
  }

  /** q(z|x) parameters: μ and log σ², each [B, J]. */
  encode(x: Tensor): { mu: Tensor2D; logvar: Tensor2D } {
    return tf.tidy(() => {
      const h = this.encoder.apply(x) as Tensor2D;
      const [mu, logvar] = tf.split(h, 2, 1) as [Tensor2D, Tensor2D];
      return { mu, logvar };
    });
  }

  /** The decoder's distribution parameters for z: logits, or Gaussian mean and log-variance. */
  decoderOutput(z: Tensor, training = false): DecoderOutput {
    return tf.tidy(() => {
      const out = this.decoder.apply(z, { training }) as Tensor;
      if (this.likelihood !== "gaussian") {
        return out.reshape([-1, ...this.inputShape]);
      }
      const [mean, raw] = tf.split(out.reshape([out.shape[0], -1]), 2, 1);
      // Smooth floor: MIN + softplus(raw − MIN) ≈ raw above the floor.
      const logvar = tf.softplus(raw.sub(MIN_DECODER_LOGVAR)).add(
        MIN_DECODER_LOGVAR,
      );
      return {
        mean: mean.reshape([-1, ...this.inputShape]),
        logvar: logvar.reshape([-1, ...this.inputShape]),
      };
    });
  }

  /** The mean image for z, in [0, 1], shaped like the inputs. */
  decode(z: Tensor): Tensor {
    return tf.tidy(() => {
      const out = this.decoderOutput(z);
      return out instanceof tf.Tensor
        ? tf.sigmoid(out)
        : tf.clipByValue(out.mean, 0, 1);
    });
  }

  /** n new examples: z ~ N(0, I) decoded to mean images; seeded when `seed` is given. */
  sample(n: number, seed?: number): Tensor {
    return tf.tidy(() =>
      this.decode(tf.randomNormal([n, this.latentDim], 0, 1, "float32", seed))
    );
  }

  /** Reconstructions of x through the posterior mean (z = μ), deterministic. */
  reconstruct(x: Tensor): Tensor {
    return tf.tidy(() => this.decode(this.encode(x).mu));
  }

  /** Names of the pieces of the objective the user supplied. */
  get customPieces(): readonly PieceName[] {
    return this.pieces.custom;
  }

  /**
   * Negative ELBO terms for a batch (batch means): reconstruction
   * −log p(x|z) with one reparameterized sample, and KL(q(z|x) ‖ N(0, I)),
   * computed with the VAE's pieces (see {@link VAEConfig}).
   */
  lossTerms(x: Tensor, seed?: number): LossTerms {
    return tf.tidy(() => {
      const h = this.encoder.apply(x, { training: true }) as Tensor2D;
      const [mu, logvar] = tf.split(h, 2, 1) as [Tensor2D, Tensor2D];
      const posterior: Posterior = { mu, logvar };
      const eps: Tensor2D = tf.randomNormal(
        mu.shape,
        0,
        1,
        "float32",
        seed === 0 ? SEED_FOR_ZERO : seed,
      );
      const decode = (z: Tensor2D) => this.decoderOutput(z, true);
      return negativeElbo(this.pieces, x, posterior, decode, eps);
    });
  }

  /** Mean ELBO over a data set (one posterior sample per example, seeded). */
  evaluateElbo(x: Tensor, { batchSize = 500, seed = 0 } = {}): number {
    let total = 0;
    const n = x.shape[0];
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const loss = tf.tidy(() => {
        const terms = this.lossTerms(x.slice(start, size), seed + start);
        return terms.loss.mul(size);
      });
      total += loss.dataSync()[0];
      loss.dispose();
    }
    return -total / n;
  }

  /**
   * Trains with Adam on the negative ELBO made of the VAE's pieces; see
   * {@link FitOptions}. An error in a user's piece stops training with a
   * {@link PieceError} naming the piece, the epoch and the batch.
   */
  fit(x: Tensor, options: FitOptions = {}): Promise<EpochRecord[]> {
    return fitVAE(this, x, options);
  }

  /** Every trainable weight of encoder and decoder. */
  trainableWeights(): Variable[] {
    return [...this.encoder.trainableWeights, ...this.decoder.trainableWeights]
      .map((w) => w.read() as Variable);
  }

  /**
   * Saves to a folder: vae.json plus encoder/ and decoder/ in tfjs layers
   * format. The user's pieces of the objective are code and are not saved.
   */
  save(dir: string): Promise<void> {
    return saveVAE(this, dir);
  }

  /**
   * Loads a VAE saved by {@link VAE.save}; `pieces` (not saved) are passed
   * to the new VAE.
   */
  static async load(dir: string, pieces: VAEPieces = {}): Promise<VAE> {
    return new VAE({ ...await readSavedVAE(dir), ...pieces });
  }

  /** Frees the weights of both networks. */
  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }
}

import assert from "node:assert/strict";
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import { assertAllClose } from "../lib/testing/mod.ts";
import {
  buildDenseDecoder,
  buildDenseEncoder,
  type DecoderOutput,
  elboEstimate,
  type EpochRecord,
  PieceError,
  type Posterior,
  VAE,
  type VAEPieces,
} from "../lib/vae/mod.ts";

await useBackend("wasm");

const x = tf.tidy(() =>
  tf.randomUniform([48, 784], 0, 1, "float32", 11).round()
);

/** A small dense VAE, the same weights for the same seed. */
function make(likelihood: "bernoulli" | "gaussian", pieces: VAEPieces = {}) {
  return new VAE({
    encoder: buildDenseEncoder(784, [16], 2, { seed: 4 }),
    decoder: buildDenseDecoder(
      2,
      [16],
      784,
      likelihood === "gaussian" ? "gaussian" : "bernoulli",
      { seed: 5 },
    ),
    likelihood,
    ...pieces,
  });
}

async function train(
  likelihood: "bernoulli" | "gaussian",
  pieces: VAEPieces = {},
): Promise<EpochRecord[]> {
  const vae = make(likelihood, pieces);
  const history = await vae.fit(x, { epochs: 2, batchSize: 16, seed: 3 });
  vae.dispose();
  return history;
}

// Students' versions, written independently of the library's code.
const myReparameterize = (
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  eps: tf.Tensor2D,
) => tf.tidy(() => tf.add(mu, tf.mul(tf.sqrt(tf.exp(logvar)), eps)));
const myKl = (mu: tf.Tensor2D, logvar: tf.Tensor2D) =>
  tf.tidy(() =>
    tf.sum(tf.add(1, logvar).sub(tf.square(mu)).sub(tf.exp(logvar)), 1)
      .mul(-0.5)
  ) as tf.Tensor1D;
/** −log Bernoulli(x; sigmoid(l)) = softplus(l) − x·l, per example. */
const myBce = (x: tf.Tensor, logits: tf.Tensor) =>
  tf.tidy(() =>
    tf.sum(tf.softplus(logits).sub(tf.mul(x, logits)), 1)
  ) as tf.Tensor1D;

const losses = (h: EpochRecord[]) => h.map((r) => r.loss);

Deno.test("correct custom pieces reproduce the library's training losses for the same seed", async () => {
  const reference = await train("bernoulli");
  const mine = await train("bernoulli", {
    reparameterize: myReparameterize,
    klDivergence: myKl,
    reconstructionLoss: (x: tf.Tensor, out: DecoderOutput) =>
      myBce(x, out as tf.Tensor),
  });
  assertAllClose(losses(mine), losses(reference), { rtol: 1e-4 });
  assertAllClose(mine.map((r) => r.kl), reference.map((r) => r.kl), {
    rtol: 1e-3,
  });
});

Deno.test("a wrong piece is what trains: the losses change and follow it", async () => {
  const reference = await train("bernoulli");
  const noKl = await train("bernoulli", {
    klDivergence: (mu: tf.Tensor2D) => tf.zeros([mu.shape[0]]) as tf.Tensor1D,
  });
  assert.deepEqual(noKl.map((r) => r.kl), [0, 0]);
  assert.ok(
    noKl[1].loss < reference[1].loss,
    `without KL the loss is only the reconstruction: ${losses(noKl)} vs ${
      losses(reference)
    }`,
  );
  const doubled = await train("bernoulli", {
    reconstructionLoss: (x: tf.Tensor, out: DecoderOutput) =>
      myBce(x, out as tf.Tensor).mul(2) as tf.Tensor1D,
  });
  // Epoch 1 of the first step is scored before any update: twice the reconstruction.
  assert.ok(
    doubled[0].reconstruction > 1.8 * reference[0].reconstruction,
    `${doubled[0].reconstruction} vs ${reference[0].reconstruction}`,
  );
  let calls = 0;
  const frozen = await train("bernoulli", {
    reparameterize: (mu: tf.Tensor2D) => {
      calls++;
      return mu.clone();
    },
  });
  assert.equal(calls, 2 * 3, "called once per batch (2 epochs × 3 batches)");
  assert.notDeepEqual(losses(frozen), losses(reference));
});

Deno.test("a whole-ELBO objective trains: lab 1's elboEstimate with L = 1 and z = μ matches the pieces", async () => {
  // Deterministic on both sides: ε = 0 in the objective, z = μ in the pieces.
  const objective = (
    x: tf.Tensor,
    { mu, logvar }: Posterior,
    decode: (z: tf.Tensor2D) => DecoderOutput,
  ) =>
    elboEstimate(
      x,
      mu,
      logvar,
      decode as (z: tf.Tensor2D) => { mean: tf.Tensor; logvar: tf.Tensor },
      1,
      tf.zeros([1, ...mu.shape]),
    );
  const viaObjective = await train("gaussian", { objective });
  const viaPieces = await train("gaussian", {
    reparameterize: (mu: tf.Tensor2D) => mu.clone(),
  });
  assertAllClose(losses(viaObjective), losses(viaPieces), { rtol: 1e-4 });
  for (const r of viaObjective) {
    assertAllClose(r.loss, r.reconstruction + r.kl, { rtol: 1e-5 });
  }
});

Deno.test("lossTerms and evaluateElbo use the pieces", () => {
  const plain = make("bernoulli");
  const shifted = make("bernoulli", {
    klDivergence: (mu: tf.Tensor2D, logvar: tf.Tensor2D) =>
      myKl(mu, logvar).add(100) as tf.Tensor1D,
  });
  assertAllClose(
    shifted.evaluateElbo(x, { seed: 1 }),
    plain.evaluateElbo(x, { seed: 1 }) - 100,
    { rtol: 1e-4 },
  );
  const a = plain.lossTerms(x, 2), b = shifted.lossTerms(x, 2);
  assertAllClose(b.kl, a.kl.add(100), { rtol: 1e-4 });
  tf.dispose([a, b]);
  plain.dispose();
  shifted.dispose();
});

Deno.test("an error in a student's piece names the piece, the epoch and the batch", async () => {
  let calls = 0;
  const failing = make("bernoulli", {
    klDivergence: (mu: tf.Tensor2D, logvar: tf.Tensor2D) => {
      if (++calls === 5) throw new Error("mu.foo is not a function");
      return myKl(mu, logvar);
    },
  });
  await assert.rejects(
    failing.fit(x, { epochs: 2, batchSize: 16 }),
    (error: unknown) =>
      error instanceof PieceError && error.piece === "klDivergence" &&
      error.epoch === 1 && error.batch === 1 &&
      /la función klDivergence que pasó a VAE falló en la época 2, lote 2: mu\.foo is not a function/
        .test(error.message),
  );
  const wrongShape = make("bernoulli", {
    klDivergence: (mu: tf.Tensor2D, logvar: tf.Tensor2D) =>
      tf.exp(logvar).add(tf.square(mu)) as unknown as tf.Tensor1D,
  });
  await assert.rejects(
    wrongShape.fit(x, { epochs: 1, batchSize: 16 }),
    /klDivergence .*época 1, lote 1: debe devolver un tensor de forma \[16\] \(un valor por ejemplo del lote\), devolvió uno de forma \[16,2\]/,
  );
  const notTensor = make("bernoulli", {
    reconstructionLoss: () => 3 as unknown as tf.Tensor1D,
  });
  await assert.rejects(
    notTensor.fit(x, { epochs: 1, batchSize: 16 }),
    /reconstructionLoss .*debe devolver un tf\.Tensor, devolvió number \(3\)/,
  );
  for (const v of [failing, wrongShape, notTensor]) v.dispose();
});

Deno.test("pieces are checked when the VAE is made", () => {
  assert.throws(
    () => make("bernoulli", { klDivergence: 3 as unknown as undefined }),
    /klDivergence debe ser una función, se recibió number/,
  );
  assert.throws(
    () =>
      make("gaussian", {
        objective: () => tf.zeros([1]) as tf.Tensor1D,
        klDivergence: myKl,
      }),
    /objective reemplaza a reparameterize, klDivergence y reconstructionLoss.*también klDivergence/,
  );
});

Deno.test("save and load keep the networks; pieces are passed again to load", async () => {
  const dir = await Deno.makeTempDir();
  const shift = (mu: tf.Tensor2D, logvar: tf.Tensor2D) =>
    myKl(mu, logvar).add(7) as tf.Tensor1D;
  const vae = make("bernoulli", { klDivergence: shift });
  await vae.save(dir);
  const bare = await VAE.load(dir);
  const withPiece = await VAE.load(dir, { klDivergence: shift });
  assert.deepEqual(bare.customPieces, []);
  assert.deepEqual(withPiece.customPieces, ["klDivergence"]);
  const e = (v: VAE) => v.evaluateElbo(x, { seed: 0 });
  assertAllClose(e(withPiece), e(vae), { rtol: 1e-5 });
  assertAllClose(e(bare), e(vae) + 7, { rtol: 1e-4 });
  for (const v of [vae, bare, withPiece]) v.dispose();
  await Deno.remove(dir, { recursive: true });
});

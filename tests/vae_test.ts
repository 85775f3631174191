import assert from "node:assert/strict";
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import { assertAllClose } from "../lib/testing/mod.ts";
import {
  buildConvDecoder,
  buildConvEncoder,
  buildDenseDecoder,
  buildDenseEncoder,
  elboEstimate,
  type EpochRecord,
  NonFiniteLossError,
  reparameterize,
  sampleReparameterized,
  VAE,
} from "../lib/vae/mod.ts";

await useBackend("wasm");

/** A small deterministic batch of "images" in [0, 1]. */
function toyImages(n: number, shape: number[]): tf.Tensor {
  return tf.tidy(() =>
    tf.randomUniform([n, ...shape], 0, 1, "float32", 7).round()
  );
}

Deno.test("reparameterize is μ + exp(logvar/2)·ε for a given ε, and broadcasts [L,B,J]", () => {
  const mu = tf.tensor2d([[1, -2]]);
  const logvar = tf.tensor2d([[Math.log(4), 0]]);
  assertAllClose(reparameterize(mu, logvar, tf.tensor2d([[0.5, -1]])), [[
    2,
    -3,
  ]]);
  const many = reparameterize(mu, logvar, tf.tensor3d([[[1, 1]], [[-1, 0]]]));
  assertAllClose(many, [[[3, -1]], [[-1, -2]]]);
});

Deno.test("reparameterized samples have mean μ and variance e^logvar", () => {
  const mu = tf.tensor2d([[0.5, -1.5]]);
  const logvar = tf.tensor2d([[Math.log(0.25), Math.log(2)]]);
  const samples = sampleReparameterized(mu, logvar, 20000, 3);
  assert.deepEqual(samples.shape, [20000, 1, 2]);
  const { mean, variance } = tf.moments(samples, 0);
  // 5 standard errors: sd/sqrt(n) for the mean, sd²·sqrt(2/n) for the variance.
  assertAllClose(mean, [[0.5, -1.5]], {
    atol: 5 * Math.sqrt(2 / 20000),
    rtol: 0,
  });
  assertAllClose(variance, [[0.25, 2]], {
    rtol: 5 * Math.sqrt(2 / 20000),
    atol: 0,
  });
});

Deno.test("elboEstimate with L = 1 and ε = 0 is log N(x; decode(μ)) − KL", () => {
  const x = tf.tensor2d([[0.2, 0.8]]);
  const mu = tf.tensor2d([[0.3]]);
  const logvar = tf.tensor2d([[-1]]);
  const decode = (z: tf.Tensor2D) => ({
    mean: tf.concat([z, z], 1) as tf.Tensor2D,
    logvar: tf.zerosLike(tf.concat([z, z], 1)) as tf.Tensor2D,
  });
  const elbo = elboEstimate(x, mu, logvar, decode, 1, tf.zeros([1, 1, 1]));
  // By hand: log N(0.2; 0.3, 1) + log N(0.8; 0.3, 1) − ½(e^{−1} + 0.09 − 1 + 1).
  const logN = (v: number, m: number) =>
    -0.5 * (Math.log(2 * Math.PI) + (v - m) ** 2);
  const expected = logN(0.2, 0.3) + logN(0.8, 0.3) -
    0.5 * (Math.exp(-1) + 0.09);
  assertAllClose(elbo, [expected]);
});

Deno.test("the convolutional builders follow the TensorFlow CVAE tutorial", () => {
  const encoder = buildConvEncoder(2, { seed: 0 });
  const decoder = buildConvDecoder(2, { seed: 0 });
  assert.deepEqual(encoder.outputs[0].shape, [null, 4]);
  assert.deepEqual(decoder.outputs[0].shape, [null, 28, 28, 1]);
  assert.deepEqual(
    encoder.layers.map((l) => l.getClassName()),
    ["Conv2D", "Conv2D", "Flatten", "Dense"],
  );
  assert.deepEqual(
    decoder.layers.map((l) => l.getClassName()),
    [
      "Dense",
      "Reshape",
      "Conv2DTranspose",
      "Conv2DTranspose",
      "Conv2DTranspose",
    ],
  );
  // (3·3·1·32 + 32) + (3·3·32·64 + 64) + (6·6·64·4 + 4)
  assert.equal(encoder.countParams(), 320 + 18496 + 9220);
  // (2·1568 + 1568) + (3·3·64·32 + 64) + (3·3·32·64 + 32) + (3·3·1·32 + 1)
  assert.equal(decoder.countParams(), 4704 + 18496 + 18464 + 289);
});

Deno.test("the dense builders take hidden sizes and a Gaussian or Bernoulli head", () => {
  const encoder = buildDenseEncoder(784, [512, 256], 8);
  assert.equal(
    encoder.countParams(),
    (784 * 512 + 512) + (512 * 256 + 256) + (256 * 16 + 16),
  );
  assert.deepEqual(buildDenseDecoder(8, [256], 784).outputs[0].shape, [
    null,
    1568,
  ]);
  assert.deepEqual(
    buildDenseDecoder(8, [], 784, "bernoulli").outputs[0].shape,
    [null, 784],
  );
  assert.throws(
    () => buildDenseEncoder(784, [400], 0),
    /latent size must be a positive integer/,
  );
});

Deno.test("a VAE rejects an encoder and decoder that do not fit together", () => {
  assert.throws(
    () =>
      new VAE({
        encoder: buildDenseEncoder(784, [], 3),
        decoder: buildDenseDecoder(2, [], 784),
      }),
    /encoder outputs 6 features but the decoder takes 2/,
  );
  assert.throws(() => VAE.conv({ likelihood: "gaussian" }), /bernoulli.*mse/);
});

for (
  const [name, make, shape] of [
    [
      "dense bernoulli",
      () => VAE.dense({ hiddenSizes: [32], latentDim: 2, seed: 1 }),
      [784],
    ],
    [
      "dense gaussian",
      () =>
        VAE.dense({
          hiddenSizes: [32],
          latentDim: 2,
          likelihood: "gaussian",
          seed: 1,
        }),
      [784],
    ],
    ["conv mse", () => VAE.conv({ likelihood: "mse", seed: 1 }), [28, 28, 1]],
  ] as const
) {
  Deno.test(`${name}: fit lowers the loss, records history and leaks no tensor`, async () => {
    const x = toyImages(96, [...shape]);
    const validation = toyImages(32, [...shape]);
    const vae = make();
    const counts: number[] = [];
    const batches: number[] = [];
    const history = await vae.fit(x, {
      epochs: 3,
      batchSize: 32,
      learningRate: 3e-3,
      validation,
      onBatchEnd: (info) => void batches.push(info.batch),
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    assert.equal(history.length, 3);
    assert.deepEqual(batches, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
    assert.equal(new Set(counts).size, 1, `tensor counts per epoch: ${counts}`);
    for (const record of history) {
      assertAllClose(record.loss, record.reconstruction + record.kl, {
        rtol: 1e-5,
      });
      assert.ok(Number.isFinite(record.valElbo), "validation ELBO recorded");
    }
    assert.ok(
      history[2].loss < history[0].loss,
      `loss ${history.map((r) => r.loss)}`,
    );
    const sample = vae.sample(3, 0);
    assert.deepEqual(sample.shape, [3, ...shape]);
    assert.ok(
      sample.min().dataSync()[0] >= 0 && sample.max().dataSync()[0] <= 1,
    );
    tf.dispose([x, validation, sample]);
    vae.dispose();
  });
}

Deno.test("training is reproducible for a seed", async () => {
  const x = toyImages(64, [784]);
  const run = async () => {
    const vae = VAE.dense({ hiddenSizes: [16], latentDim: 2, seed: 3 });
    const history = await vae.fit(x, { epochs: 2, batchSize: 16, seed: 5 });
    vae.dispose();
    return history.map((r: EpochRecord) => r.loss);
  };
  assert.deepEqual(await run(), await run());
  // Seed 0 too: tfjs takes 0 for "no seed", the VAE maps it to a fixed one.
  const vae = VAE.dense({ hiddenSizes: [16], latentDim: 2, seed: 3 });
  assert.equal(
    vae.evaluateElbo(x, { seed: 0 }),
    vae.evaluateElbo(x, { seed: 0 }),
  );
  vae.dispose();
  x.dispose();
});

Deno.test("a non-finite loss stops training with the epoch and batch named", async () => {
  const vae = VAE.dense({ hiddenSizes: [8], latentDim: 2, seed: 0 });
  const x = tf.fill([8, 784], NaN);
  await assert.rejects(
    vae.fit(x, { epochs: 2, batchSize: 4 }),
    (error: unknown) =>
      error instanceof NonFiniteLossError && error.epoch === 0 &&
      error.batch === 0 &&
      /loss became NaN at epoch 1, batch 1: try a lower learning rate/.test(
        error.message,
      ),
  );
  await assert.rejects(
    vae.fit(tf.zeros([4, 10])),
    /examples of shape \[10\] but the model takes \[784\]/,
  );
  await assert.rejects(
    vae.fit(tf.zeros([4, 784]), { epochs: 0 }),
    /epochs must be a positive integer/,
  );
  x.dispose();
  vae.dispose();
});

Deno.test("save and load reproduce the same outputs", async () => {
  const dir = await Deno.makeTempDir();
  const vae = VAE.conv({ latentDim: 3, seed: 2 });
  const x = toyImages(4, [28, 28, 1]);
  await vae.save(dir);
  const loaded = await VAE.load(dir);
  assert.equal(loaded.latentDim, 3);
  assert.equal(loaded.likelihood, "bernoulli");
  assertAllClose(loaded.reconstruct(x), vae.reconstruct(x), {
    rtol: 0,
    atol: 0,
  });
  await assert.rejects(VAE.load(`${dir}/missing`), /vae\.json: not found/);
  await Deno.remove(dir, { recursive: true });
});

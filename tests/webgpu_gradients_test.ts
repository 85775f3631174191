/**
 * Every gradient the course's models use, computed on the `webgpu` backend
 * (in CI: Mesa's software adapter) and on the reference `cpu` backend from
 * the same weights, data and noise, compared with the tolerance the `wasm`
 * kernels are held to (tests/gradients_test.ts). Whole models first — each
 * model and likelihood the labs train, lab 1's own-ELBO objective included —
 * then the convolution shapes of the conv VAE one by one, so that a failure
 * names its layer. Batches are small: the software adapter is slow.
 */
import * as tf from "tf";
import { type BackendName, useBackend } from "../lib/backend/mod.ts";
import { assertAllClose } from "../lib/testing/allclose.ts";
import {
  buildDenseDecoder,
  buildDenseEncoder,
  elboEstimate,
  type Likelihood,
  VAE,
} from "../lib/vae/mod.ts";
import { gpuTest, values } from "./webgpu_support.ts";

type Grads = { shape: number[]; data: Float32Array }[];

/** Compares two lists of gradients like tests/gradients_test.ts does. */
function compare(name: string, got: Grads, want: Grads) {
  want.forEach((w, i) => {
    const scale = w.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assertAllClose(
      tf.tensor(got[i].data, got[i].shape),
      tf.tensor(w.data, w.shape),
      { rtol: 1e-4, atol: 1e-5 * scale, context: `${name}, gradient ${i}` },
    );
  });
}

async function read(ts: tf.Tensor[]): Promise<Grads> {
  return await Promise.all(
    ts.map(async (t) => ({
      shape: t.shape,
      data: (await t.data()) as Float32Array,
    })),
  );
}

type ModelCase = {
  name: string;
  make: () => VAE;
  input: number[];
};

/** lab 1's model: dense, Gaussian decoder, the ELBO estimator as objective (L = 2). */
function lab1Model(): VAE {
  return new VAE({
    encoder: buildDenseEncoder(784, [32, 16], 4, { seed: 3 }),
    decoder: buildDenseDecoder(4, [16, 32], 784, "gaussian", { seed: 4 }),
    likelihood: "gaussian",
    objective: (x, { mu, logvar }, decode) =>
      elboEstimate(
        x,
        mu,
        logvar,
        decode as (z: tf.Tensor2D) => { mean: tf.Tensor; logvar: tf.Tensor },
        2,
        tf.tensor(values(2 * mu.size, 77), [2, ...mu.shape]),
      ),
  });
}

const models: ModelCase[] = [
  ...(["bernoulli", "mse"] as Likelihood[]).map((likelihood) => ({
    name: `conv VAE (lab 2), ${likelihood}`,
    make: () => VAE.conv({ latentDim: 2, likelihood, seed: 1 }),
    input: [2, 28, 28, 1],
  })),
  ...(["bernoulli", "gaussian", "mse"] as Likelihood[]).map((likelihood) => ({
    name: `dense VAE 784-64-8, ${likelihood}`,
    make: () =>
      VAE.dense({ hiddenSizes: [64], latentDim: 8, likelihood, seed: 2 }),
    input: [4, 784],
  })),
  {
    name: "lab 1: own ELBO objective, L = 2",
    make: lab1Model,
    input: [4, 784],
  },
];

/** Gradients of the model's negative ELBO w.r.t. every weight, on `backend`. */
async function modelGrads(
  backend: BackendName,
  c: ModelCase,
  weights: Float32Array[],
): Promise<{ grads: Grads; loss: number }> {
  await useBackend(backend);
  const before = tf.memory().numTensors;
  const vae = c.make();
  const vars = vae.trainableWeights();
  tf.tidy(() =>
    vars.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape)))
  );
  const size = c.input.reduce((a, b) => a * b, 1);
  const x = tf.tensor(values(size, 5).map((v) => (v + 1) / 2), c.input);
  const { value, grads } = tf.variableGrads(
    () => vae.lossTerms(x, 11).loss,
    vars,
  );
  const out = await read(vars.map((v) => grads[v.name]));
  const loss = (await value.data())[0];
  tf.dispose([x, value, ...Object.values(grads)]);
  vae.dispose();
  tf.engine().disposeVariables();
  if (tf.memory().numTensors !== before) {
    throw new Error(`tensor leak on ${backend}`);
  }
  return { grads: out, loss };
}

for (const c of models) {
  Deno.test({
    name: `webgpu vs cpu: every weight gradient of the ${c.name}`,
    ...gpuTest,
    fn: async () => {
      await useBackend("cpu");
      const probe = c.make();
      const weights = probe.trainableWeights().map((v, i) =>
        values(v.size, 100 + i).map((u) => u * 0.2)
      );
      probe.dispose();
      tf.engine().disposeVariables();
      const gpu = await modelGrads("webgpu", c, weights);
      const cpu = await modelGrads("cpu", c, weights);
      assertAllClose([gpu.loss], [cpu.loss], {
        rtol: 1e-5,
        context: `${c.name}, loss`,
      });
      compare(c.name, gpu.grads, cpu.grads);
    },
  });
}

type Conv = [string, number[], number[], number, "same" | "valid", number[]?];
const convs: Conv[] = [
  ["encoder conv 1", [2, 28, 28, 1], [3, 3, 1, 32], 2, "valid"],
  ["encoder conv 2", [2, 13, 13, 32], [3, 3, 32, 64], 2, "valid"],
  ["decoder convT 1", [2, 7, 7, 32], [3, 3, 64, 32], 2, "same", [
    2,
    14,
    14,
    64,
  ]],
  ["decoder convT 2", [2, 14, 14, 64], [3, 3, 32, 64], 2, "same", [
    2,
    28,
    28,
    32,
  ]],
  ["decoder convT 3", [2, 28, 28, 32], [3, 3, 1, 32], 1, "same", [
    2,
    28,
    28,
    1,
  ]],
];

/** Gradients of sum(layer(x, w) · r) w.r.t. x and w on `backend`. */
async function layerGrads(backend: BackendName, c: Conv): Promise<Grads> {
  await useBackend(backend);
  const [, xs, ws, stride, pad, outShape] = c;
  const n = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const x = tf.tensor4d(
    values(n(xs), 1),
    xs as [number, number, number, number],
  );
  const w = tf.tensor4d(
    values(n(ws), 2),
    ws as [number, number, number, number],
  );
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
    const y = outShape
      ? tf.conv2dTranspose(
        a as tf.Tensor4D,
        b as tf.Tensor4D,
        outShape as [number, number, number, number],
        stride,
        pad,
      )
      : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
    return tf.sum(tf.mul(y, tf.tensor(values(y.size, 99), y.shape)));
  })([x, w]);
  const out = await read(grads);
  tf.dispose([x, w, ...grads]);
  return out;
}

for (const c of convs) {
  Deno.test({
    name: `webgpu vs cpu: ${c[0]} x${c[1]} w${c[2]} gradients`,
    ...gpuTest,
    fn: async () =>
      compare(c[0], await layerGrads("webgpu", c), await layerGrads("cpu", c)),
  });
}

Deno.test({
  name: "webgpu: relu gradient is 0 below and at ±0, dy above (as on cpu)",
  ...gpuTest,
  fn: async () => {
    const x = [-2, -0, 0, 1e-30, 3, -1e-30, Infinity, -Infinity];
    const dy = [1, 2, 3, 4, 5, 6, 7, 8];
    const result: number[][] = [];
    for (const backend of ["webgpu", "cpu"] as BackendName[]) {
      await useBackend(backend);
      // 1,024 copies: large enough to run on the GPU, not on tfjs's CPU path.
      const reps = 1024;
      const big = tf.tile(tf.tensor1d(x), [reps]);
      const [g] = tf.grads((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.relu(t), tf.tile(tf.tensor1d(dy), [reps])))
      )([big]);
      result.push([...(await g.data()).slice(0, 8)]);
      tf.dispose([big, g]);
    }
    assertAllClose(result[0], result[1], { context: "webgpu vs cpu" });
  },
});

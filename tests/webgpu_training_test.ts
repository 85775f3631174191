/**
 * Training on the `webgpu` backend (in CI: Mesa's software adapter) as
 * students run it, `VAE.fit` with validation: the same steps from the same
 * weights give the same losses as on `wasm` (within 1 %, the parity the
 * benchmark asks of wasm's thread counts), tensors and GPU buffers stop
 * growing after the first epoch, and synchronous reads return what the
 * asynchronous ones do — or, switched off, fail with the Spanish message.
 */
import assert from "node:assert/strict";
import * as tf from "tf";
import { type BackendName, useBackend } from "../lib/backend/mod.ts";
import { type EpochRecord, VAE } from "../lib/vae/mod.ts";
import { gpuTest, runScript, values } from "./webgpu_support.ts";

type Model = "dense" | "conv";

function build(model: Model): VAE {
  return model === "conv"
    ? VAE.conv({ latentDim: 2, seed: 3 })
    : VAE.dense({ hiddenSizes: [128], latentDim: 8, seed: 3 });
}

/** Binarized-looking images in [0, 1], the same on every backend. */
function images(model: Model, n: number, seed: number): tf.Tensor {
  const shape = model === "conv" ? [n, 28, 28, 1] : [n, 784];
  return tf.tensor(values(n * 784, seed).map((v) => v > 0.3 ? 1 : 0), shape);
}

/** Trains a fresh model from fixed weights on `backend`; returns the history. */
async function train(
  backend: BackendName,
  model: Model,
  weights: Float32Array[],
  { n, batch, epochs, memory = false }: {
    n: number;
    batch: number;
    epochs: number;
    memory?: boolean;
  },
): Promise<{ history: EpochRecord[]; mem: Record<string, number>[] }> {
  await useBackend(backend, backend === "wasm" ? { threads: 1 } : {});
  const vae = build(model);
  const vars = vae.trainableWeights();
  tf.tidy(() =>
    vars.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape)))
  );
  const x = images(model, n, 1);
  const xVal = images(model, Math.max(8, n >> 2), 2);
  const mem: Record<string, number>[] = [];
  const history = await vae.fit(x, {
    epochs,
    batchSize: batch,
    seed: 4,
    validation: xVal,
    onEpochEnd: () => {
      if (memory) {
        mem.push({ ...tf.memory() } as unknown as Record<string, number>);
      }
    },
  });
  tf.dispose([x, xVal]);
  vae.dispose();
  return { history, mem };
}

function initialWeights(model: Model): Float32Array[] {
  const vae = build(model);
  const w = vae.trainableWeights().map((v, i) =>
    values(v.size, 200 + i).map((u) => u * 0.1)
  );
  vae.dispose();
  return w;
}

for (
  const [model, work] of [
    ["dense", { n: 256, batch: 64, epochs: 2 }],
    ["conv", { n: 32, batch: 16, epochs: 1 }],
  ] as const
) {
  Deno.test({
    name:
      `webgpu trains the ${model} VAE like wasm: same steps, losses within 1 %`,
    ...gpuTest,
    fn: async () => {
      await useBackend("cpu");
      const weights = initialWeights(model);
      const gpu = (await train("webgpu", model, weights, work)).history;
      const wasm = (await train("wasm", model, weights, work)).history;
      assert.equal(gpu.length, work.epochs);
      let worst = 0;
      for (const [i, r] of gpu.entries()) {
        const w = wasm[i];
        for (
          const key of ["loss", "reconstruction", "kl", "valElbo"] as const
        ) {
          const a = r[key]!, b = w[key]!;
          assert.ok(Number.isFinite(a), `${key} ${a}`);
          worst = Math.max(worst, Math.abs(a / b - 1));
          assert.ok(
            Math.abs(a / b - 1) < 0.01,
            `epoch ${i} ${key}: webgpu ${a} vs wasm ${b}`,
          );
        }
      }
      console.log(
        `  largest relative difference webgpu/wasm: ${worst.toExponential(2)}`,
      );
      // The steps did something: the loss moved from the first epoch's.
      if (work.epochs > 1) {
        assert.ok(gpu[1].loss < gpu[0].loss, `${gpu[1].loss}`);
      }
    },
  });
}

for (const model of ["dense", "conv"] as const) {
  Deno.test({
    name:
      `webgpu: ${model} training holds tensors and GPU buffers flat across epochs`,
    ...gpuTest,
    fn: async () => {
      await useBackend("cpu");
      const weights = initialWeights(model);
      await useBackend("webgpu");
      const before = tf.memory().numTensors;
      // A last, shorter batch each epoch (100 = 3·32 + 4; 20 = 2·8 + 4).
      const work = model === "dense"
        ? { n: 100, batch: 32, epochs: 4, memory: true }
        : { n: 20, batch: 8, epochs: 3, memory: true };
      const { mem } = await train("webgpu", model, weights, work);
      const keys = ["numTensors", "numBytesInGPU", "numBytesAllocatedInGPU"];
      console.log(
        `  per epoch: ${JSON.stringify(mem.map((m) => keys.map((k) => m[k])))}`,
      );
      for (const key of keys) {
        const series = mem.map((m) => m[key]);
        assert.ok(series.every((v) => v > 0), `${key}: ${series}`);
        // The first epoch fills tfjs's buffer pool; after it, nothing grows.
        assert.deepEqual(
          series.slice(1),
          series.slice(1).map(() => series[1]),
          `${key} per epoch: ${series.join(", ")}`,
        );
      }
      assert.equal(tf.memory().numTensors, before, "tensors left after fit");
    },
  });
}

Deno.test({
  name: "webgpu: dataSync and arraySync of GPU tensors equal await data()",
  ...gpuTest,
  fn: async () => {
    await useBackend("webgpu");
    // 2,100 × 5,000 floats = 40 MB: the read spans several staging chunks.
    const a = tf.tensor(values(2100 * 64, 7), [2100, 64]);
    const b = tf.tensor(values(64 * 5000, 8), [64, 5000]);
    const sync = tf.matMul(a, b);
    const later = tf.matMul(a, b);
    const s = sync.dataSync();
    const d = await later.data();
    assert.equal(s.length, 2100 * 5000);
    assert.ok(s.every((v, i) => v === d[i]), "dataSync differs from data()");
    assert.equal(s[123456], d[123456]);
    const small = tf.sum(later, 1);
    assert.equal((small.arraySync() as number[]).length, 2100);
    tf.dispose([a, b, sync, later, small]);
  },
});

Deno.test({
  name:
    "webgpu: with synchronous reads off, dataSync says in Spanish what to do",
  ...gpuTest,
  fn: async () => {
    const r = await runScript(`
      import * as tf from "tf";
      import { useBackend } from "./lib/backend/mod.ts";
      await useBackend("webgpu", { webgpu: { syncReads: false } });
      const y = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));
      try { y.dataSync(); console.log("read"); } catch (e) { console.log(String(e)); }
      console.log((await y.data())[0], y.dataSync()[0]);
    `);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /WebGpuSyncReadError: en el backend webgpu no se puede leer un tensor de la GPU de forma síncrona .*se desactivaron .*await tensor\.data\(\)/,
    );
    // After an awaited read, the values are on the CPU and dataSync works.
    assert.match(r.stdout, /\n64 64\n/);
  },
});

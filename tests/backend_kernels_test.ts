/**
 * The project's WASM kernels, forward values against the `cpu` backend:
 * BatchMatMul with every transpose combination and batch broadcasting,
 * conv2dTranspose (Conv2DBackpropInput) and Conv2DBackpropFilter called
 * directly; and no leaked WASM buffers.
 */
import assert from "node:assert/strict";
import * as tf from "tf";
import { type BackendName, useBackend } from "../lib/backend/mod.ts";
import { assertAllClose } from "../lib/testing/allclose.ts";

function values(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

const rand = (shape: number[], seed: number) =>
  tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);

/** Runs `f` on a backend with fresh inputs; returns its output's shape and data. */
async function on(
  backend: BackendName,
  f: () => tf.Tensor,
): Promise<tf.Tensor> {
  await useBackend(backend);
  const wasmIds = tf.engine().backend.numDataIds();
  const data = tf.tidy(() => {
    const y = f();
    return { shape: y.shape, data: y.dataSync().slice() };
  });
  assert.equal(
    tf.engine().backend.numDataIds(),
    wasmIds,
    `${backend}: the kernels leaked buffers`,
  );
  await useBackend("cpu");
  return tf.tensor(data.data, data.shape);
}

async function compare(name: string, f: () => tf.Tensor, rtol = 1e-5) {
  const w = await on("wasm", f);
  const c = await on("cpu", f);
  const scale = tf.max(tf.abs(c)).dataSync()[0];
  assertAllClose(w, c, { rtol, atol: 1e-6 * scale, context: name });
  tf.dispose([w, c]);
}

const matmulCases: [number[], number[], boolean, boolean][] = [
  [[5, 7], [7, 3], false, false],
  [[7, 5], [7, 3], true, false],
  [[5, 7], [3, 7], false, true],
  [[7, 5], [3, 7], true, true],
  [[2, 5, 7], [7, 3], false, false],
  [[2, 7, 5], [2, 3, 7], true, true],
  [[7, 5], [4, 7, 3], true, false],
  [[128, 784], [784, 400], false, false],
  [[128, 784], [128, 400], true, false], // dense dW
  [[128, 400], [784, 400], false, true], // dense dx (computed as (b·aᵀ)ᵀ)
  [[3, 7], [9, 7], false, true], // swapped too
  [[1, 3, 7], [9, 7], false, true], // swapped, rank 3
];
for (const [as, bs, ta, tb] of matmulCases) {
  Deno.test(`BatchMatMul a${as} b${bs} transposeA=${ta} transposeB=${tb}`, () =>
    compare(
      "matMul",
      () => tf.matMul(rand(as, 1), rand(bs, 2), ta, tb),
      1e-4,
    ));
}

const convTCases: [number[], number[], number[], number, "same" | "valid"][] = [
  [[3, 7, 7, 32], [3, 3, 64, 32], [3, 14, 14, 64], 2, "same"],
  [[2, 14, 14, 64], [3, 3, 32, 64], [2, 28, 28, 32], 2, "same"],
  [[2, 28, 28, 32], [3, 3, 1, 32], [2, 28, 28, 1], 1, "same"],
  [[2, 4, 5, 3], [3, 3, 5, 3], [2, 9, 11, 5], 2, "valid"],
  [[2, 4, 5, 3], [3, 3, 5, 3], [2, 10, 12, 5], 2, "valid"], // extra row/col
  [[1, 3, 3, 2], [4, 4, 3, 2], [1, 9, 9, 3], 3, "same"],
  [[1, 3, 3, 2], [1, 1, 3, 2], [1, 6, 6, 3], 2, "same"], // 1x1: gaps
  // dx with ≤ 4 channels: the col2im path
  [[2, 5, 6, 8], [3, 3, 1, 8], [2, 5, 6, 1], 1, "same"],
  [[2, 4, 5, 6], [3, 3, 2, 6], [2, 9, 11, 2], 2, "valid"],
  [[2, 4, 4, 3], [4, 3, 4, 3], [2, 8, 8, 4], 2, "same"],
];
for (const [xs, ws, out, s, pad] of convTCases) {
  Deno.test(`conv2dTranspose x${xs} w${ws} -> ${out} stride ${s} ${pad}`, () =>
    compare("conv2dTranspose", () =>
      tf.conv2dTranspose(
        rand(xs, 3) as tf.Tensor4D,
        rand(ws, 4) as tf.Tensor4D,
        out as [number, number, number, number],
        s,
        pad,
      ), 1e-4));
}

const filterCases: [number[], number[], number, unknown][] = [
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, "same"],
  [[2, 9, 8, 2], [3, 2, 2, 3], 2, [[0, 0], [2, 1], [0, 2], [0, 0]]],
  [[3, 28, 28, 1], [3, 3, 1, 32], 2, "valid"],
  [[2, 28, 28, 32], [3, 3, 32, 64], 2, "same"],
];
for (const [xs, ws, s, pad] of filterCases) {
  Deno.test(`Conv2DBackpropFilter x${xs} filter ${ws} stride ${s} pad ${pad}`, () =>
    compare("Conv2DBackpropFilter", () => {
      const x = rand(xs, 5);
      const dyShape = tf.backend_util.computeConv2DInfo(
        xs as [number, number, number, number],
        ws as [number, number, number, number],
        s,
        1,
        pad as "same",
      ).outShape;
      return tf.engine().runKernel("Conv2DBackpropFilter", {
        x,
        dy: rand(dyShape, 6),
      }, {
        strides: s,
        pad,
        dataFormat: "NHWC",
        filterShape: ws,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    }, 1e-4));
}

const sumCases: [number[], number | number[], boolean][] = [
  [[3, 5, 4, 6], [0, 1, 2], false], // conv bias gradient
  [[64, 28, 28, 32], [0, 1, 2], false],
  [[7, 9], 0, false], // dense bias gradient
  [[3, 5, 4, 6], [0, 1], true],
  [[3, 5, 4, 6], [-4, -3, -2], false],
  [[3, 5, 4, 6], [1, 2], false], // not leading: stock kernel
  [[3, 5, 4, 6], [0, 1, 2, 3], false], // everything: stock kernel
  [[3, 5, 4, 6], [3], true],
];
for (const [xs, axis, keepDims] of sumCases) {
  Deno.test(`Sum x${xs} axis ${axis} keepDims=${keepDims}`, () =>
    compare("sum", () => tf.sum(rand(xs, 9), axis, keepDims), 1e-5));
}

Deno.test("registering the kernels twice keeps them working (no double wrap)", async () => {
  await useBackend("wasm");
  await useBackend("cpu");
  await useBackend("wasm");
  await compare(
    "matMul after re-registration",
    () => tf.matMul(rand([6, 4], 7), rand([5, 4], 8), false, true),
    1e-5,
  );
});

Deno.test("conv VAE training steps on wasm: WASM heap and buffer count stay flat", async () => {
  await useBackend("wasm");
  const { buildBenchVae } = await import("../bench/models.ts");
  const { vaeLoss } = await import("../bench/train_loop.ts");
  const vae = buildBenchVae("conv");
  const x = tf.randomUniform([8, 28, 28, 1]);
  const opt = tf.train.adam(1e-3);
  const backend = tf.backend() as unknown as {
    wasm: { HEAPU8: Uint8Array };
    numDataIds(): number;
  };
  const step = (i: number) => opt.minimize(() => vaeLoss(vae, x, i), false);
  for (let i = 0; i < 25; i++) step(i); // the heap settles by step ~10
  const heap = backend.wasm.HEAPU8.length;
  const ids = backend.numDataIds();
  for (let i = 25; i < 75; i++) step(i);
  assert.equal(backend.wasm.HEAPU8.length, heap, "the WASM heap grew");
  assert.equal(backend.numDataIds(), ids, "WASM buffers leaked");
  opt.dispose();
  x.dispose();
  vae.encoder.dispose();
  vae.decoder.dispose();
});

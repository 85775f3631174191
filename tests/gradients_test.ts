/**
 * Every gradient the vaelab models use, computed on the `wasm` backend (with
 * the project's kernels) and on the reference `cpu` backend from the same
 * inputs, compared with a tolerance.
 */
import * as tf from "tf";
import { type BackendName, useBackend } from "../lib/backend/mod.ts";
import { assertAllClose } from "../lib/testing/allclose.ts";

/** Deterministic inputs in [-1, 1) (mulberry32), independent of any backend. */
function values(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

type Spec = { shape: number[]; seed: number; scale?: number };
type GradFn = (...xs: tf.Tensor[]) => tf.Scalar;

/** Gradients of `f` w.r.t. every input, computed on `backend`, as arrays. */
async function gradsOn(
  backend: BackendName,
  f: GradFn,
  specs: Spec[],
): Promise<{ shape: number[]; data: Float32Array }[]> {
  await useBackend(backend);
  const before = tf.memory().numTensors;
  const inputs = specs.map((s) =>
    tf.tensor(
      values(s.shape.reduce((a, b) => a * b, 1), s.seed).map((v) =>
        v * (s.scale ?? 1)
      ),
      s.shape,
    )
  );
  const grads = tf.grads(f)(inputs);
  const out = await Promise.all(
    grads.map(async (g) => ({
      shape: g.shape,
      data: (await g.data()) as Float32Array,
    })),
  );
  tf.dispose([...inputs, ...grads]);
  if (tf.memory().numTensors !== before) {
    throw new Error(`tensor leak on ${backend}`);
  }
  return out;
}

/** Compares wasm gradients with cpu gradients for the same function and inputs. */
async function checkGrads(name: string, f: GradFn, specs: Spec[]) {
  const wasm = await gradsOn("wasm", f, specs);
  const cpu = await gradsOn("cpu", f, specs);
  wasm.forEach((g, i) => {
    const scale = cpu[i].data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assertAllClose(
      tf.tensor(g.data, g.shape),
      tf.tensor(cpu[i].data, cpu[i].shape),
      { rtol: 1e-4, atol: 1e-5 * scale, context: `${name}, input ${i}` },
    );
  });
}

/** sum(op(...) * r) with a fixed random r, so dy is generic (not all ones). */
function weighted(op: (...xs: tf.Tensor[]) => tf.Tensor): GradFn {
  return (...xs) => {
    const y = op(...xs);
    const r = tf.tensor(values(y.size, 99), y.shape);
    return tf.sum(tf.mul(y, r)) as tf.Scalar;
  };
}

type Pad = "same" | "valid" | number | [
  [0, 0],
  [number, number],
  [number, number],
  [0, 0],
];
const convCases: [number[], number[], number | [number, number], Pad][] = [
  [[2, 9, 9, 3], [3, 3, 3, 4], 1, "same"],
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, "same"],
  [[2, 9, 9, 3], [3, 3, 3, 4], 1, "valid"],
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, "valid"],
  [[2, 8, 7, 3], [3, 2, 3, 5], 2, "same"],
  [[2, 10, 11, 2], [5, 4, 2, 3], 3, "valid"],
  [[2, 8, 8, 2], [3, 3, 2, 3], 2, 1],
  [[2, 9, 8, 2], [3, 3, 2, 3], 2, 2], // padding ≥ K−1: dy rows cropped
  [[2, 7, 7, 3], [1, 1, 3, 4], 2, "valid"], // 1x1 s2: pixels no tap reaches
  [[1, 6, 5, 2], [2, 2, 2, 3], 2, "same"], // even filter, odd width
  [[2, 9, 8, 2], [3, 3, 2, 3], 2, [[0, 0], [2, 0], [0, 1], [0, 0]]],
  [[2, 7, 8, 3], [3, 3, 3, 2], [1, 2], "same"], // stride 1 on one axis only
  [[2, 9, 8, 2], [3, 2, 2, 3], [2, 3], [[0, 0], [1, 3], [
    2,
    0,
  ], [0, 0]]],
  [[3, 28, 28, 1], [3, 3, 1, 32], 2, "valid"], // encoder layer 1
  [[3, 13, 13, 32], [3, 3, 32, 64], 2, "valid"], // encoder layer 2
];
for (const [xs, ws, s, pad] of convCases) {
  Deno.test(`conv2d gradients x${xs} w${ws} stride ${s} pad ${pad}`, () =>
    checkGrads(
      "conv2d",
      weighted((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)),
      [{ shape: xs, seed: 1 }, { shape: ws, seed: 2 }],
    ));
}

const convTCases: [number[], number[], number[], number, "same" | "valid"][] = [
  [[2, 7, 7, 32], [3, 3, 64, 32], [2, 14, 14, 64], 2, "same"], // decoder 1
  [[2, 14, 14, 64], [3, 3, 32, 64], [2, 28, 28, 32], 2, "same"], // decoder 2
  [[2, 28, 28, 32], [3, 3, 1, 32], [2, 28, 28, 1], 1, "same"], // decoder 3
  [[2, 4, 4, 3], [3, 3, 5, 3], [2, 9, 9, 5], 2, "valid"],
  [[2, 5, 3, 2], [3, 2, 4, 2], [2, 7, 4, 4], 1, "valid"],
];
for (const [xs, ws, outShape, s, pad] of convTCases) {
  Deno.test(`conv2dTranspose gradients x${xs} w${ws} stride ${s} pad ${pad}`, () =>
    checkGrads(
      "conv2dTranspose",
      weighted((x, w) =>
        tf.conv2dTranspose(
          x as tf.Tensor4D,
          w as tf.Tensor4D,
          outShape as [number, number, number, number],
          s,
          pad,
        )
      ),
      [{ shape: xs, seed: 3 }, { shape: ws, seed: 4 }],
    ));
}

Deno.test("dense + relu gradients", () =>
  checkGrads(
    "dense relu",
    weighted((x, w, b) => tf.relu(tf.add(tf.matMul(x, w), b))),
    [{ shape: [5, 13], seed: 5 }, { shape: [13, 7], seed: 6 }, {
      shape: [7],
      seed: 7,
    }],
  ));

Deno.test("sigmoid cross-entropy (tf.losses and the stable closed form) gradients", async () => {
  const labels = tf.tidy(() =>
    tf.round(tf.add(tf.tensor(values(4 * 10, 8), [4, 10]), 1).div(2))
  );
  const labelData = await labels.data();
  labels.dispose();
  const x = () => tf.tensor(labelData, [4, 10]);
  await checkGrads(
    "tf.losses.sigmoidCrossEntropy",
    (logits) =>
      tf.tidy(() =>
        tf.losses.sigmoidCrossEntropy(
          x(),
          logits,
          undefined,
          0,
          tf.Reduction.SUM,
        )
      ) as tf.Scalar,
    [{ shape: [4, 10], seed: 9, scale: 6 }],
  );
  await checkGrads(
    "stable bce",
    (logits) =>
      tf.sum(
        tf.add(
          tf.sub(tf.relu(logits), tf.mul(logits, x())),
          tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
        ),
      ) as tf.Scalar,
    [{ shape: [4, 10], seed: 9, scale: 6 }],
  );
});

Deno.test("whole conv VAE step (TF CVAE architecture, batch 2): every parameter gradient", () => {
  const J = 2;
  const specs: Spec[] = [
    { shape: [2, 28, 28, 1], seed: 10, scale: 0.5 }, // x (shifted to [0,1] below)
    { shape: [3, 3, 1, 32], seed: 11, scale: 0.3 },
    { shape: [32], seed: 12, scale: 0.1 },
    { shape: [3, 3, 32, 64], seed: 13, scale: 0.06 },
    { shape: [64], seed: 14, scale: 0.1 },
    { shape: [6 * 6 * 64, 2 * J], seed: 15, scale: 0.03 },
    { shape: [2 * J], seed: 16, scale: 0.1 },
    { shape: [J, 7 * 7 * 32], seed: 17, scale: 0.3 },
    { shape: [7 * 7 * 32], seed: 18, scale: 0.1 },
    { shape: [3, 3, 64, 32], seed: 19, scale: 0.06 },
    { shape: [64], seed: 20, scale: 0.1 },
    { shape: [3, 3, 32, 64], seed: 21, scale: 0.06 },
    { shape: [32], seed: 22, scale: 0.1 },
    { shape: [3, 3, 1, 32], seed: 23, scale: 0.06 },
    { shape: [1], seed: 24, scale: 0.1 },
    { shape: [2, J], seed: 25 }, // eps
  ];
  const f: GradFn = (...p) => {
    const [x0, c1, b1, c2, b2, d1, e1, d2, e2, t1, u1, t2, u2, t3, u3, eps] =
      p as tf.Tensor4D[];
    const x = tf.add(x0, 0.5) as tf.Tensor4D;
    let h = tf.relu(tf.add(tf.conv2d(x, c1, 2, "valid"), b1)) as tf.Tensor4D;
    h = tf.relu(tf.add(tf.conv2d(h, c2, 2, "valid"), b2)) as tf.Tensor4D;
    const stats = tf.add(tf.matMul(tf.reshape(h, [2, -1]), d1), e1);
    const [mu, logvar] = tf.split(stats, 2, 1);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
    let g = tf.relu(tf.add(tf.matMul(z, d2), e2));
    let y = tf.reshape(g, [2, 7, 7, 32]) as tf.Tensor4D;
    y = tf.relu(
      tf.add(tf.conv2dTranspose(y, t1, [2, 14, 14, 64], 2, "same"), u1),
    ) as tf.Tensor4D;
    y = tf.relu(
      tf.add(tf.conv2dTranspose(y, t2, [2, 28, 28, 32], 2, "same"), u2),
    ) as tf.Tensor4D;
    const logits = tf.add(
      tf.conv2dTranspose(y, t3, [2, 28, 28, 1], 1, "same"),
      u3,
    );
    g = tf.sum(
      tf.add(
        tf.sub(tf.relu(logits), tf.mul(logits, x)),
        tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
      ),
    );
    const kl = tf.mul(
      -0.5,
      tf.sum(tf.sub(tf.add(1, logvar), tf.add(tf.square(mu), tf.exp(logvar)))),
    );
    return tf.add(g, kl) as tf.Scalar;
  };
  return checkGrads("conv VAE", f, specs);
});

Deno.test("relu gradient (the fused wasm kernel): 0 below and at ±0, dy above", async () => {
  const x = [-2, -0, 0, 1e-30, 3, -1e-30, Infinity, -Infinity];
  const dy = [1, 2, 3, 4, 5, 6, 7, 8];
  for (const backend of ["wasm", "cpu"] as BackendName[]) {
    await useBackend(backend);
    const g = tf.tidy(() => {
      const [gx] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), dy)))([
        tf.tensor1d(x),
      ]);
      return [...gx.dataSync()];
    });
    assertAllClose(g, [0, 0, 0, 4, 5, 0, 7, 0], { context: backend });
  }
});

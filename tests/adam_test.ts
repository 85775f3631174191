import assert from "node:assert/strict";
import * as tf from "tf";
import { type BackendName, useBackend } from "../lib/backend/mod.ts";
import { assertAllClose } from "../lib/testing/mod.ts";
import { FusedAdam } from "../lib/vae/adam.ts";

/** 30 steps of `optimizer` on a least-squares problem; the final weights. */
function run(optimizer: tf.Optimizer): { w: number[]; b: number[] } {
  const x = tf.randomNormal([64, 5], 0, 1, "float32", 1);
  const y = tf.randomNormal([64, 3], 0, 1, "float32", 2);
  const [w, b] = tf.tidy(() => [
    tf.variable(tf.randomNormal([5, 3], 0, 1, "float32", 3)),
    tf.variable(tf.zeros([3])),
  ]);
  for (let i = 0; i < 30; i++) {
    tf.tidy(() => {
      optimizer.minimize(
        () => tf.mean(tf.square(tf.matMul(x, w).add(b).sub(y))),
        false,
        [w, b],
      );
    });
  }
  const out = { w: [...w.dataSync()], b: [...b.dataSync()] };
  tf.dispose([x, y, w, b]);
  optimizer.dispose();
  return out;
}

for (const backend of ["wasm", "cpu"] as BackendName[]) {
  Deno.test(`FusedAdam takes the same steps as tf.train.adam (${backend})`, async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const reference = run(tf.train.adam(0.05));
    const fused = run(new FusedAdam(0.05));
    assert.equal(tf.memory().numTensors, before, "no tensor leaked");
    assertAllClose(fused.w, reference.w, { rtol: 1e-4, atol: 1e-5 });
    assertAllClose(fused.b, reference.b, { rtol: 1e-4, atol: 1e-5 });
    // It moved: the weights are not the initial ones.
    assert.ok(fused.b.some((v) => Math.abs(v) > 0.1), `${fused.b}`);
  });
}

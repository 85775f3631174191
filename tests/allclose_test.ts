import assert from "node:assert/strict";
import * as tf from "tf";
import { allClose, AllCloseError, assertAllClose } from "../lib/testing/mod.ts";

Deno.test("allClose accepts values within atol + rtol·|expected|", () => {
  assert.equal(allClose([1, 2, 3], [1, 2, 3 + 2e-5]).ok, true);
  assert.equal(allClose([1000.01], [1000], { rtol: 1e-5, atol: 0 }).ok, true);
  assert.equal(allClose([1000.02], [1000], { rtol: 1e-5, atol: 0 }).ok, false);
});

Deno.test("allClose checks shape before values", () => {
  const result = allClose([[1, 2, 3]], [1, 2, 3]);
  assert.equal(result.shapeMatches, false);
  assert.match(
    result.message,
    /shape mismatch: actual \[1,3\] vs expected \[3\]/,
  );
});

Deno.test("allClose lists the count, the worst elements and max differences", () => {
  const expected = [[0, 1], [2, 3]];
  const actual = [[0, 1.5], [2, 30]];
  const result = allClose(actual, expected);
  assert.equal(result.mismatchCount, 2);
  assert.deepEqual(result.worst[0].index, [1, 1]);
  assert.equal(result.worst[0].actual, 30);
  assert.equal(result.maxAbsDiff, 27);
  assert.equal(result.maxRelDiff, 9);
  assert.match(result.message, /2 of 4 elements differ/);
  assert.match(result.message, /\[1, 1\]: 30\.00000 vs 3\.000000/);
});

Deno.test("allClose requires NaN and Inf in the same places", () => {
  assert.equal(allClose([NaN, Infinity, 1], [NaN, Infinity, 1]).ok, true);
  assert.equal(allClose([NaN], [0]).ok, false);
  assert.equal(allClose([Infinity], [-Infinity]).ok, false);
  assert.equal(allClose([1], [NaN]).ok, false);
});

Deno.test("allClose reads tensors with their shapes", () => {
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  assert.equal(allClose(a, [[1, 2], [3, 4]]).ok, true);
  assert.equal(allClose(a, [1, 2, 3, 4]).shapeMatches, false);
  a.dispose();
});

Deno.test("assertAllClose throws with the explanation and context", () => {
  assert.throws(
    () => assertAllClose([1, 2], [1, 3], { context: "kl" }),
    (error: unknown) =>
      error instanceof AllCloseError &&
      /^kl: 1 of 2 elements differ/.test(error.message),
  );
  assert.throws(() => allClose([[1], [1, 2]], [1, 2]), /ragged array/);
});

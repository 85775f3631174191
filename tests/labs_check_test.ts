/**
 * The check cells' explanations of a missing definition (lib/labs), and the
 * labs table they rely on, checked against the master notebooks.
 */
import assert from "node:assert/strict";
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import {
  check,
  checkCall,
  explainError,
  type LabName,
  LABS,
  missingHint,
  missingName,
  resetLab,
  startedLab,
  startLab,
} from "../lib/labs/mod.ts";
import { cellSource, exerciseIdOf, readNotebook } from "../lib/notebook/mod.ts";

const ROOT = new URL("../", import.meta.url).pathname;

Deno.test("missingName reads V8's ReferenceErrors and nothing else", () => {
  assert.equal(missingName(new ReferenceError("tf is not defined")), "tf");
  assert.equal(
    missingName(
      new ReferenceError("Cannot access 'trained' before initialization"),
    ),
    "trained",
  );
  assert.equal(missingName(new Error("tf is not defined")), undefined);
  assert.equal(missingName(new ReferenceError("something else")), undefined);
  assert.equal(missingName("tf is not defined"), undefined);
});

Deno.test("missingHint: setup not run, an exercise's function, any other name", () => {
  const setup = missingHint("tf", undefined);
  assert.match(setup, /celdas de preparación/);
  assert.match(setup, /Run All/);
  // Before the setup ran even an exercise function gets the setup hint:
  // that is the first thing to run.
  assert.match(
    missingHint("klStandardNormal", undefined),
    /^`klStandardNormal` no está definido: las celdas de preparación/,
  );
  const exercise = missingHint("klGaussians", "lab2_conv_vae");
  assert.match(exercise, /`\/\/ EXERCISE: kl_gaussians`/);
  assert.match(exercise, /no se haya ejecutado/);
  assert.match(exercise, /error de sintaxis/);
  assert.match(exercise, /deno task check notebooks\/lab2_conv_vae\.ipynb/);
  const other = missingHint("denseLayers", "lab1_elbo_dense_vae");
  assert.match(other, /Si es un nombre tuyo/);
  assert.match(other, /celdas anteriores/);
  assert.doesNotMatch(other, /EXERCISE/);
});

Deno.test("check rethrows a missing name as its hint, keeps other errors and returns results", async () => {
  resetLab();
  try {
    await assert.rejects(
      () => check(() => (undefined as unknown as () => number)()),
      TypeError,
    );
    const stub = new Error("TODO: elbo: devuelve la ELBO");
    await assert.rejects(() =>
      check(() => {
        throw stub;
      }), (e) => e === stub);
    assert.equal(await check(() => 42), 42);
    assert.equal(await check(async () => await Promise.resolve(7)), 7);
    const missing = new ReferenceError("elboEstimate is not defined");
    const before = explainError(missing) as ReferenceError;
    assert.match(before.message, /celdas de preparación/);
    assert.equal(before.cause, missing);
    startLab("lab1_elbo_dense_vae");
    assert.equal(startedLab(), "lab1_elbo_dense_vae");
    await assert.rejects(
      () =>
        check(() => {
          throw missing;
        }),
      (e: unknown) =>
        e instanceof ReferenceError &&
        e.message.includes("`// EXERCISE: elbo`") && e.cause === missing,
    );
    assert.throws(() => startLab("lab9"), /laboratorio desconocido "lab9"/);
  } finally {
    resetLab();
  }
});

for (const lab of Object.keys(LABS) as LabName[]) {
  Deno.test(`LABS.${lab} matches the master: title, exercise ids in order, the function each defines`, async () => {
    const master = await readNotebook(`${ROOT}solutions/${lab}.ipynb`);
    const heading = master.cells.map(cellSource).join("\n").match(
      /^# (.+)$/m,
    )?.[1];
    assert.equal(heading, LABS[lab].title);
    const found = master.cells.flatMap((cell) => {
      const id = exerciseIdOf(cell);
      if (!id) return [];
      const fn = cellSource(cell).match(/^function (\w+)\(/m)?.[1];
      return [{ id, fn }];
    });
    assert.deepEqual(found, LABS[lab].exercises);
    assert.equal(LABS[lab].notebook, `notebooks/${lab}.ipynb`);
  });
}

Deno.test("checkCall: a Promise or a disposed input is named, a plain result passes through", async () => {
  await useBackend("cpu");
  const x = tf.ones([2]);
  const y = x.mul(2);
  assert.equal(checkCall("f", y, [x]), y);
  assert.throws(
    () => checkCall("f", Promise.resolve(y), [x]),
    /f devolvió una Promise: .*quita el async/,
  );
  x.dispose();
  assert.throws(
    () => checkCall("g", y, [tf.zeros([1]), x]),
    /g liberó \(dispose\) su argumento 2/,
  );
  y.dispose();
});

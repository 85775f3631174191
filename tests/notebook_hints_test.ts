/**
 * A student's mistakes in real Jupyter with the Deno kernel get a hint, not
 * a bare ReferenceError: an exercise cell with a syntax error (the kernel
 * answers "Execution failed" and shows nothing under the cell), a check cell
 * run before its exercise cell, and an exercise checked before the setup
 * cells ran. The notebooks under test are made of the master's own cells
 * (its setup, exercise and check cells). Skipped, with a notice, without
 * `jupyter`.
 */
import assert from "node:assert/strict";
import {
  type Cell,
  cellSource,
  executeNotebook,
  exerciseIdOf,
  jupyterAvailable,
  type Notebook,
  readNotebook,
} from "../lib/notebook/mod.ts";
import { runnableCopy } from "./notebook_copies.ts";

const ROOT = new URL("../", import.meta.url).pathname;

const available = await jupyterAvailable();
if (!available) {
  console.warn(
    "notebook_hints_test: skipping: `jupyter nbconvert` or the Deno kernel is missing " +
      "(apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client && deno jupyter --install)",
  );
}

/** The master's exercise cell `id` and the check cell that follows it. */
function exerciseAndCheck(master: Notebook, id: string): [Cell, Cell] {
  const at = master.cells.findIndex((c) => exerciseIdOf(c) === id);
  assert.ok(at >= 0, `no exercise ${id}`);
  return [
    structuredClone(master.cells[at]),
    structuredClone(master.cells[at + 1]),
  ];
}

/** The first code cells: parameters and imports. */
function setupCells(master: Notebook): Cell[] {
  return master.cells.filter((c) => c.cell_type === "code").slice(0, 2);
}

/** Runs `cells` as a notebook; returns the error (ename, evalue) of each cell. */
async function errorsOf(
  master: Notebook,
  cells: Cell[],
): Promise<({ ename: string; evalue: string } | undefined)[]> {
  const copy = await runnableCopy({ ...master, cells }, "hints.ipynb");
  try {
    const run = await executeNotebook(copy.path);
    return run.notebook.cells.map((cell) => {
      const error = (cell.outputs ?? []).find((o) => o.output_type === "error");
      return error
        ? { ename: String(error.ename), evalue: String(error.evalue) }
        : undefined;
    });
  } finally {
    await copy.cleanup();
  }
}

Deno.test({
  name:
    "lab 1 in the kernel: a syntax error in an exercise cell and an exercise not run are explained by the check cells",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const master = await readNotebook(
      `${ROOT}solutions/lab1_elbo_dense_vae.ipynb`,
    );
    const [kl, klCheck] = exerciseAndCheck(master, "kl_standard_normal");
    kl.source = cellSource(kl).replace("tf.sum(", "tf.sum(,");
    const [, elboCheck] = exerciseAndCheck(master, "elbo");
    const errors = await errorsOf(master, [
      ...setupCells(master),
      kl,
      klCheck,
      elboCheck,
    ]);
    // The kernel shows nothing for the syntax error itself...
    assert.equal(errors[2], undefined);
    // ...so the check cell says why the function is missing and what to run.
    assert.equal(errors[3]?.ename, "ReferenceError");
    assert.match(errors[3]!.evalue, /^`klStandardNormal` no está definida/);
    assert.match(errors[3]!.evalue, /`\/\/ EXERCISE: kl_standard_normal`/);
    assert.match(errors[3]!.evalue, /error de sintaxis/);
    assert.match(
      errors[3]!.evalue,
      /deno task check notebooks\/lab1_elbo_dense_vae\.ipynb/,
    );
    // A check cell run before its exercise cell names that exercise.
    assert.match(errors[4]?.evalue ?? "", /`\/\/ EXERCISE: elbo`/);
  },
});

Deno.test({
  name:
    "lab 2 in the kernel: an exercise and its check run before the setup cells say to run the notebook from the top",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const master = await readNotebook(`${ROOT}solutions/lab2_conv_vae.ipynb`);
    const [kl, klCheck] = exerciseAndCheck(master, "kl_gaussians");
    const errors = await errorsOf(master, [kl, klCheck]);
    assert.equal(errors[0], undefined);
    assert.equal(errors[1]?.ename, "ReferenceError");
    assert.match(errors[1]!.evalue, /^`tf` no está definido/);
    assert.match(errors[1]!.evalue, /celdas de preparación/);
    assert.match(errors[1]!.evalue, /Run All/);
  },
});

/**
 * Both lab notebooks run top to bottom, headless, in real Jupyter with the
 * Deno kernel (quick mode): the masters with no error output in under 3
 * minutes each, the student copies failing only at their TODO stubs, each
 * with the stub's own message. Skipped, with a notice, without `jupyter`.
 */
import assert from "node:assert/strict";
import {
  type CellError,
  cellSource,
  executeNotebook,
  exerciseIdOf,
  jupyterAvailable,
  type Notebook,
  readNotebook,
} from "../lib/notebook/mod.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LABS = ["lab1_elbo_dense_vae.ipynb", "lab2_conv_vae.ipynb"];
const MAX_SECONDS = 180;

const available = await jupyterAvailable();
if (!available) {
  console.warn(
    "notebook_execution_test: skipping notebook execution: `jupyter nbconvert` or the Deno kernel is missing " +
      "(apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client && deno jupyter --install)",
  );
}

/** The stub message of every exercise cell of a student notebook, by id. */
function stubMessages(nb: Notebook): Map<string, string> {
  const stubs = new Map<string, string>();
  for (const cell of nb.cells) {
    const id = exerciseIdOf(cell);
    if (!id) continue;
    const match = cellSource(cell).match(
      /throw new Error\(("TODO: [^\n]*")\);/,
    );
    assert.ok(match, `exercise ${id} has no TODO stub`);
    stubs.set(id, JSON.parse(match[1]));
  }
  return stubs;
}

function describe(errors: CellError[]): string {
  return errors.map((e) =>
    `cell ${e.cellIndex + 1}: ${e.ename}: ${e.evalue}\n  ${
      e.traceback.slice(1, 4).join("\n  ")
    }`
  ).join("\n");
}

for (const lab of LABS) {
  Deno.test({
    name: `solutions/${lab} runs headless in quick mode with no error output`,
    ignore: !available,
    sanitizeResources: false,
    async fn() {
      const run = await executeNotebook(`${ROOT}solutions/${lab}`);
      assert.deepEqual(
        run.errors,
        [],
        `solutions/${lab} failed:\n${describe(run.errors)}`,
      );
      assert.ok(
        run.seconds < MAX_SECONDS,
        `solutions/${lab} took ${
          run.seconds.toFixed(0)
        } s (limit ${MAX_SECONDS} s)`,
      );
      const code = run.notebook.cells.filter((c) => c.cell_type === "code");
      for (const [i, cell] of code.entries()) {
        assert.ok(
          typeof cell.execution_count === "number",
          `code cell ${i + 1} did not run`,
        );
      }
      // Every cell that shows a figure produced an image output.
      const figureCells = code.filter((c) =>
        /showAndSave\(/.test(cellSource(c)) &&
        !/^async function showAndSave/m.test(cellSource(c))
      );
      assert.ok(figureCells.length >= 4);
      for (const cell of figureCells) {
        const images = (cell.outputs ?? []).filter((o) =>
          o.output_type === "display_data" &&
          (o.data?.["image/png"] || o.data?.["image/gif"])
        );
        assert.ok(
          images.length > 0,
          `no figure shown by:\n${cellSource(cell).slice(0, 200)}`,
        );
      }
      console.log(`  solutions/${lab}: ${run.seconds.toFixed(1)} s`);
    },
  });

  Deno.test({
    name: `notebooks/${lab} fails only at its TODO stubs, with their messages`,
    ignore: !available,
    sanitizeResources: false,
    async fn() {
      const student = await readNotebook(`${ROOT}notebooks/${lab}`);
      const stubs = stubMessages(student);
      const run = await executeNotebook(`${ROOT}notebooks/${lab}`);
      assert.ok(run.errors.length > 0, `notebooks/${lab} raised no error`);
      const messages = new Set(stubs.values());
      const foreign = run.errors.filter((e) =>
        e.ename !== "Error" || !messages.has(e.evalue)
      );
      assert.deepEqual(
        foreign,
        [],
        `notebooks/${lab} failed other than at a stub:\n${describe(foreign)}`,
      );
      // Every stub is reached (each exercise has a check that calls it).
      const reached = new Set(run.errors.map((e) => e.evalue));
      const missing = [...stubs].filter(([, m]) => !reached.has(m)).map((
        [id],
      ) => id);
      assert.deepEqual(missing, [], `stubs never reached in notebooks/${lab}`);
      assert.ok(run.seconds < MAX_SECONDS);
    },
  });
}

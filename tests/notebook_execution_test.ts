/**
 * Both lab notebooks run top to bottom, headless, in real Jupyter with the
 * Deno kernel (quick mode): the masters with no error output, every figure
 * shown and every table rendering, and with the student's own functions
 * doing the training (a copy of each master counts the calls of every
 * exercise function during each training cell, against the number of
 * training steps the kernel reports); the student copies fail only at their
 * TODO stubs, each with the stub's own message. Run times are logged, not
 * asserted. Skipped, with a notice, without `jupyter`.
 */
import assert from "node:assert/strict";
import {
  type Cell,
  type CellError,
  cellSource,
  executeNotebook,
  exerciseIdOf,
  jupyterAvailable,
  type Notebook,
  readNotebook,
  streamText,
} from "../lib/notebook/mod.ts";
import { type LabName, LABS as LAB_TABLE } from "../lib/labs/mod.ts";
import { codeCell, runnableCopy } from "./notebook_copies.ts";
import { tableCount, tableProblems } from "./notebook_markdown.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LABS: LabName[] = ["lab1_elbo_dense_vae", "lab2_conv_vae"];

/**
 * The training cells of each lab (found by what they assign) and, for each,
 * how many calls of each exercise function it must make: "steps" means at
 * least one per training step, a number means at least that many.
 */
const TRAINING: Record<
  LabName,
  { cell: RegExp; calls: Record<string, "steps" | number> }[]
> = {
  lab1_elbo_dense_vae: [{
    cell: /^const trained = /m,
    calls: {
      elboEstimate: "steps",
      klStandardNormal: "steps",
      reparameterize: "steps",
      gaussianLogLikelihood: "steps",
      buildDenseEncoder: 1,
      buildDenseDecoder: 1,
    },
  }],
  lab2_conv_vae: [{
    cell: /^const trainedBce = /m,
    calls: {
      reparameterize: "steps",
      klGaussians: "steps",
      buildConvEncoder: 1,
      buildConvDecoder: 1,
      // The cross-entropy model uses the library's Bernoulli term.
      mseReconstructionLoss: 0,
    },
  }, {
    cell: /^const trainedMse = /m,
    calls: {
      reparameterize: "steps",
      klGaussians: "steps",
      mseReconstructionLoss: "steps",
    },
  }],
};

const CALLS_MARK = "VAELAB_CALLS ";

const available = await jupyterAvailable();
if (!available) {
  console.warn(
    "notebook_execution_test: skipping notebook execution: `jupyter nbconvert` or the Deno kernel is missing " +
      "(apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client && deno jupyter --install)",
  );
}

/** A cell that rebinds the exercise function `fn` to count its calls. */
function countingCell(fn: string): Cell {
  return codeCell(`// test instrumentation: count the calls of ${fn}
{
  const calls = ((globalThis as Record<string, unknown>).__vaelabCalls ??= {}) as Record<string, number>;
  const original = ${fn} as (...args: unknown[]) => unknown;
  // @ts-ignore: a function declaration of an earlier cell is rebound
  ${fn} = (...args: unknown[]) => {
    calls[${JSON.stringify(fn)}] = (calls[${JSON.stringify(fn)}] ?? 0) + 1;
    return original(...args);
  };
}`);
}

/** A cell that prints the call counts so far and the training steps of one fit. */
function snapshotCell(): Cell {
  return codeCell(`// test instrumentation: calls so far
console.log(${JSON.stringify(CALLS_MARK)} + JSON.stringify({
  calls: (globalThis as Record<string, unknown>).__vaelabCalls ?? {},
  steps: EPOCHS * Math.ceil(xTrain.shape[0] / BATCH_SIZE),
}));`);
}

/**
 * The master with a counting cell after every exercise cell and a snapshot
 * before and after every training cell; returns the copy and, for each
 * training cell, the indexes of its two snapshot cells.
 */
function instrumented(
  master: Notebook,
  lab: LabName,
): { nb: Notebook; snapshots: [number, number][] } {
  const cells: Cell[] = [];
  const snapshots: [number, number][] = [];
  for (const cell of master.cells) {
    const training = TRAINING[lab].findIndex((t) =>
      cell.cell_type === "code" && t.cell.test(cellSource(cell))
    );
    if (training >= 0) cells.push(snapshotCell());
    cells.push(cell);
    if (training >= 0) {
      cells.push(snapshotCell());
      snapshots[training] = [cells.length - 3, cells.length - 1];
    }
    const id = exerciseIdOf(cell);
    if (id) {
      const fn = LAB_TABLE[lab].exercises.find((e) => e.id === id)!.fn;
      cells.push(countingCell(fn));
    }
  }
  assert.equal(
    snapshots.filter(Boolean).length,
    TRAINING[lab].length,
    `${lab}: training cells not found`,
  );
  return { nb: { ...master, cells }, snapshots };
}

/** The counts a snapshot cell printed. */
function snapshotOf(
  nb: Notebook,
  cellIndex: number,
): { calls: Record<string, number>; steps: number } {
  const line = streamText(nb, cellIndex).split("\n").find((l) =>
    l.startsWith(CALLS_MARK)
  );
  assert.ok(line, `snapshot cell ${cellIndex + 1} printed nothing`);
  return JSON.parse(line.slice(CALLS_MARK.length));
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
    name:
      `solutions/${lab} runs headless in quick mode with no error output, every figure and table shown, the student's functions training`,
    ignore: !available,
    sanitizeResources: false,
    async fn() {
      const master = await readNotebook(`${ROOT}solutions/${lab}.ipynb`);
      const { nb, snapshots } = instrumented(master, lab);
      const copy = await runnableCopy(nb, `${lab}.ipynb`);
      try {
        const run = await executeNotebook(copy.path);
        assert.deepEqual(
          run.errors,
          [],
          `solutions/${lab} failed:\n${describe(run.errors)}`,
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
        // Every table a cell shows renders as a table in Jupyter.
        const tables = code.flatMap((c) => c.outputs ?? []).flatMap((o) => {
          const md = o.data?.["text/markdown"];
          return md === undefined
            ? []
            : [Array.isArray(md) ? md.join("") : String(md)];
        });
        assert.ok(tables.reduce((n, md) => n + tableCount(md), 0) >= 2);
        assert.deepEqual(tables.flatMap(tableProblems), []);
        // The student's functions did the training.
        TRAINING[lab].forEach((training, t) => {
          const before = snapshotOf(run.notebook, snapshots[t][0]);
          const after = snapshotOf(run.notebook, snapshots[t][1]);
          assert.ok(after.steps > 0);
          for (const [fn, expected] of Object.entries(training.calls)) {
            const calls = (after.calls[fn] ?? 0) - (before.calls[fn] ?? 0);
            const least = expected === "steps" ? after.steps : expected;
            const ok = expected === 0 ? calls === 0 : calls >= least;
            assert.ok(
              ok,
              `${lab}, training cell ${
                t + 1
              }: ${fn} was called ${calls} times, expected ${
                expected === 0 ? "none" : `at least ${least}`
              } (${after.steps} training steps)`,
            );
          }
          console.log(
            `  ${lab} training cell ${t + 1}: ${after.steps} steps, calls ${
              JSON.stringify(
                Object.fromEntries(
                  Object.keys(training.calls).map((fn) => [
                    fn,
                    (after.calls[fn] ?? 0) - (before.calls[fn] ?? 0),
                  ]),
                ),
              )
            }`,
          );
        });
        console.log(`  solutions/${lab}: ${run.seconds.toFixed(1)} s`);
      } finally {
        await copy.cleanup();
      }
    },
  });

  Deno.test({
    name: `notebooks/${lab} fails only at its TODO stubs, with their messages`,
    ignore: !available,
    sanitizeResources: false,
    async fn() {
      const student = await readNotebook(`${ROOT}notebooks/${lab}.ipynb`);
      const stubs = stubMessages(student);
      const run = await executeNotebook(`${ROOT}notebooks/${lab}.ipynb`);
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
      console.log(`  notebooks/${lab}: ${run.seconds.toFixed(1)} s`);
    },
  });
}

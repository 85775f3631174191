/**
 * The notebooks' setup cell picks the backend as the README says, in real
 * Jupyter with the Deno kernel: `VAELAB_BACKEND` when it is set, else `auto`
 * in full mode (one line saying what it chose and why) and `wasm` in quick
 * mode (CI); a bad value stops the setup cell with the Spanish message that
 * names the valid values. Each case runs the master's first two code cells
 * (parameters, setup) in a fresh kernel; only the setup cell's output is
 * read (headless, the Deno kernel sometimes delivers the first cell's
 * stdout after nbclient has stopped listening to it: ~3 runs in 10 lost the
 * parameters cell's "modo …" line here). Skipped, with a notice, without
 * `jupyter`.
 */
import assert from "node:assert/strict";
import {
  executeNotebook,
  jupyterAvailable,
  type Notebook,
  readNotebook,
  streamText,
} from "../lib/notebook/mod.ts";
import type { LabName } from "../lib/labs/mod.ts";
import { runnableCopy } from "./notebook_copies.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LABS: LabName[] = ["lab1_elbo_dense_vae", "lab2_conv_vae"];

const available = await jupyterAvailable();
if (!available) {
  console.warn(
    "notebook_backend_test: skipping: `jupyter nbconvert` or the Deno kernel is missing " +
      "(apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client && deno jupyter --install)",
  );
}

/** What the setup cell printed and the error it raised, if any. */
interface SetupRun {
  text: string;
  error?: string;
}

/** Runs the master's parameters and setup cells with `backend` as VAELAB_BACKEND ("" = unset). */
async function runSetup(
  master: Notebook,
  backend: string,
  quick: boolean,
): Promise<SetupRun> {
  const code = master.cells.filter((c) => c.cell_type === "code");
  const copy = await runnableCopy(
    { ...master, cells: code.slice(0, 2) },
    "setup.ipynb",
  );
  try {
    // "" reads as unset (backendFromEnv), whatever the test process has.
    const run = await executeNotebook(copy.path, {
      quick,
      env: { VAELAB_BACKEND: backend, ...(quick ? {} : { VAELAB_QUICK: "" }) },
    });
    const setup = run.notebook.cells[1];
    const error = (setup.outputs ?? []).find((o) => o.output_type === "error");
    return {
      text: streamText(run.notebook, 1),
      error: error ? String(error.evalue) : undefined,
    };
  } finally {
    await copy.cleanup();
  }
}

/** The backend the setup cell reports on its last line. */
function runningBackend(text: string): string | undefined {
  return /TensorFlow\.js [\d.]+, backend (\w+)/.exec(text)?.[1];
}

const AUTO_LINE = /^backend (wasm|webgpu): \S.*$/m;

for (const lab of LABS) {
  Deno.test({
    name:
      `${lab}: the setup cell runs auto in full mode, wasm in quick mode, and VAELAB_BACKEND when set`,
    ignore: !available,
    sanitizeResources: false,
    async fn() {
      const master = await readNotebook(`${ROOT}solutions/${lab}.ipynb`);

      const full = await runSetup(master, "", false);
      assert.equal(full.error, undefined, full.text);
      const choice = AUTO_LINE.exec(full.text);
      assert.ok(choice, `full mode printed no auto choice:\n${full.text}`);
      assert.equal(runningBackend(full.text), choice[1], full.text);

      const quick = await runSetup(master, "", true);
      assert.equal(quick.error, undefined, quick.text);
      assert.equal(runningBackend(quick.text), "wasm", quick.text);
      assert.doesNotMatch(quick.text, AUTO_LINE, "quick mode ran auto");

      const cpu = await runSetup(master, "cpu", true);
      assert.equal(cpu.error, undefined, cpu.text);
      assert.equal(runningBackend(cpu.text), "cpu", cpu.text);
    },
  });
}

Deno.test({
  name:
    "lab1_elbo_dense_vae: a bad VAELAB_BACKEND stops the setup cell with the valid values, in Spanish",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const master = await readNotebook(
      `${ROOT}solutions/lab1_elbo_dense_vae.ipynb`,
    );
    const run = await runSetup(master, "gpu", true);
    assert.ok(run.error, `no error for VAELAB_BACKEND=gpu:\n${run.text}`);
    assert.match(run.error, /VAELAB_BACKEND debe ser uno de/);
    for (const name of ["wasm", "cpu", "webgpu", "auto"]) {
      assert.ok(run.error.includes(name), `${name} not named: ${run.error}`);
    }
    assert.match(run.error, /"gpu"/);
  },
});

/**
 * The student's path through a real front end: the classic Jupyter Notebook
 * 6 server (MathJax 2, marked) driven by Chromium. Both masters run with
 * "Run All" (quick mode) and show every figure and the GIF, render every
 * table (no paragraph of raw pipes), and update the training progress in
 * place (one display per training cell whose text changes while it trains);
 * in a student copy, an exercise cell with a syntax error shows nothing but
 * its check cell explains why, and an exercise checked before the setup
 * cells says to run the notebook from the top.
 *
 * Slow (a few minutes) and dependent on a browser, so opt-in and out of CI:
 * `VAELAB_FRONTEND=1 deno test -A tests/notebook_frontend_test.ts`. Needs
 * `jupyter-notebook` (Debian) and Chromium (`VAELAB_CHROMIUM`, default
 * /usr/bin/chromium).
 */
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import {
  cellSource,
  exerciseIdOf,
  type Notebook,
  readNotebook,
  releaseNotebook,
} from "../lib/notebook/mod.ts";
import { runnableCopy } from "./notebook_copies.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("VAELAB_CHROMIUM") ?? "/usr/bin/chromium";
const enabled = Deno.env.get("VAELAB_FRONTEND") === "1";

/** The server, one browser page per notebook, and cleanup of both. */
async function startServer(): Promise<
  { base: string; token: string; stop: () => Promise<void> }
> {
  const token = crypto.randomUUID();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = new Deno.Command("jupyter-notebook", {
    args: [
      "--no-browser",
      `--port=${port}`,
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${ROOT}`,
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    env: { VAELAB_QUICK: "1" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      await r.body?.cancel();
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    // Shut the kernels down through the server, then the server itself.
    const sessions = await (await fetch(`${base}/api/sessions?token=${token}`))
      .json() as { id: string }[];
    for (const s of sessions) {
      const r = await fetch(`${base}/api/sessions/${s.id}?token=${token}`, {
        method: "DELETE",
      });
      await r.body?.cancel();
    }
    server.kill("SIGTERM");
    await server.status;
  };
  return { base, token, stop };
}

/** Opens `path` (relative to the repository) and waits for its kernel. */
async function open(
  page: Page,
  server: { base: string; token: string },
  path: string,
): Promise<void> {
  await page.goto(
    `${server.base}/notebooks/${path.slice(ROOT.length)}?token=${server.token}`,
  );
  await page.waitForFunction(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any).Jupyter?.notebook?.kernel?.is_connected?.()
  );
}

/** Runs the cells at `indexes` (all cells when omitted) and waits until they ran. */
async function run(page: Page, indexes?: number[]): Promise<string[][]> {
  await page.evaluate((indexes) => {
    // deno-lint-ignore no-explicit-any
    const nb = (globalThis as any).Jupyter.notebook;
    if (!indexes) nb.execute_all_cells();
    else for (const i of indexes) nb.get_cell(i).execute();
  }, indexes);
  // While it runs, sample the text of every live HTML display (the progress).
  const samples: string[][] = [];
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const state = await page.evaluate(() => {
      // deno-lint-ignore no-explicit-any
      const nb = (globalThis as any).Jupyter.notebook;
      // deno-lint-ignore no-explicit-any
      const cells = nb.get_cells() as any[];
      return {
        running: cells.some((c) => c.input_prompt_number === "*"),
        progress: [...document.querySelectorAll(".output_html")].map((e) =>
          (e as HTMLElement).innerText.slice(0, 120)
        ),
      };
    });
    samples.push(state.progress);
    if (!state.running) return samples;
  }
}

/** What the rendered notebook shows, cell by cell. */
function shown(page: Page) {
  return page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const cells = (globalThis as any).Jupyter.notebook.get_cells() as any[];
    return cells.map((c) => {
      const el = c.element[0] as HTMLElement;
      const q = (s: string) => el.querySelectorAll(s).length;
      return {
        type: c.cell_type as string,
        source: c.get_text() as string,
        prompt: c.input_prompt_number as number | null | string,
        errors: [...el.querySelectorAll(".output_error pre")].map((e) =>
          (e as HTMLElement).innerText
        ),
        tables: q(".output_subarea table"),
        rawPipes:
          [...el.querySelectorAll(".output_markdown, .output_subarea p")]
            .filter((e) =>
              /^\s*\|.*\|\s*$/m.test((e as HTMLElement).innerText) &&
              !e.querySelector("table")
            ).length,
        images: q(".output_subarea img[src^='data:image/png']"),
        gifs: q(".output_subarea img[src^='data:image/gif']"),
        progress: q(".output_html"),
      };
    });
  });
}

Deno.test({
  name:
    "Notebook 6 in Chromium: both masters run clean with figures, GIF, tables and live progress; a student's syntax error and a skipped setup get their hints",
  ignore: !enabled,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startServer();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox"],
    });
    const copies: (() => Promise<void>)[] = [];
    const copy = async (nb: Notebook, name: string) => {
      const c = await runnableCopy(nb, name);
      copies.push(c.cleanup);
      return c.path;
    };
    try {
      for (const lab of ["lab1_elbo_dense_vae", "lab2_conv_vae"]) {
        const master = await readNotebook(`${ROOT}solutions/${lab}.ipynb`);
        const page = await browser.newPage();
        await open(page, server, await copy(master, `${lab}.ipynb`));
        const samples = await run(page);
        const cells = await shown(page);
        const code = cells.filter((c) => c.type === "code");
        assert.ok(
          code.every((c) => typeof c.prompt === "number"),
          `${lab}: a cell did not run`,
        );
        assert.deepEqual(code.flatMap((c) => c.errors), [], `${lab}: errors`);
        for (
          const c of code.filter((c) => /await showAndSave\(/.test(c.source))
        ) {
          assert.ok(
            c.images + c.gifs > 0,
            `${lab}: no figure under\n${c.source.slice(0, 120)}`,
          );
        }
        if (lab === "lab2_conv_vae") {
          assert.equal(code.reduce((n, c) => n + c.gifs, 0), 1, "the GIF");
        }
        assert.ok(
          code.reduce((n, c) => n + c.tables, 0) >= 2,
          `${lab}: tables`,
        );
        assert.equal(
          cells.reduce((n, c) => n + c.rawPipes, 0),
          0,
          `${lab}: raw pipes`,
        );
        // Progress: one display per training cell, updated in place.
        const training = code.filter((c) =>
          /new NotebookProgress\(/.test(c.source)
        );
        for (const c of training) {
          assert.equal(c.progress, 1, `${lab}: progress displays`);
        }
        const states = new Set(samples.flat().filter((s) => /Época/.test(s)));
        assert.ok(
          states.size >= 2,
          `${lab}: the progress never changed in place`,
        );
        await page.close();
      }

      // A student copy: a syntax error in an exercise, then its check.
      const masterPath = `${ROOT}solutions/lab1_elbo_dense_vae.ipynb`;
      const master = await readNotebook(masterPath);
      const student = releaseNotebook(master, masterPath);
      const ex = student.cells.findIndex((c) =>
        exerciseIdOf(c) === "kl_standard_normal"
      );
      const setup = student.cells.map((c, i) => c.cell_type === "code" ? i : -1)
        .filter((i) => i >= 0).slice(0, 2);
      student.cells[ex].source = cellSource(student.cells[ex]).replace(
        /throw new Error\([^\n]*\);/,
        "return tf.tidy(() => tf.sum(tf.square(mu), 1);",
      );
      let page = await browser.newPage();
      await open(page, server, await copy(student, "syntax.ipynb"));
      await run(page, [...setup, ex, ex + 1]);
      let cells = await shown(page);
      assert.deepEqual(
        cells[ex].errors,
        [],
        "the kernel shows nothing for a syntax error",
      );
      assert.match(
        cells[ex + 1].errors.join("\n"),
        /`klStandardNormal` no está definida/,
      );
      assert.match(
        cells[ex + 1].errors.join("\n"),
        /deno task check notebooks\/lab1_elbo_dense_vae\.ipynb/,
      );
      await page.close();

      // A fresh kernel: an exercise and its check before the setup cells.
      page = await browser.newPage();
      await open(
        page,
        server,
        await copy(releaseNotebook(master, masterPath), "nosetup.ipynb"),
      );
      await run(page, [ex, ex + 1]);
      cells = await shown(page);
      assert.match(cells[ex + 1].errors.join("\n"), /celdas de preparación/);
      await page.close();
    } finally {
      await browser.close();
      await server.stop();
      for (const cleanup of copies) await cleanup();
    }
  },
});

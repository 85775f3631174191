/**
 * What `run_autograder` does on Gradescope: finds the notebooks in
 * `<root>/submission` (with the batch's rules: symlinks, FIFOs, devices and
 * oversized files are refused; `.ipynb.json` accepted; dotfiles listed),
 * picks the one to grade (`choose.ts`), grades it as the package's lab
 * under the batch's guard (a throwing or hanging grader still yields a
 * report), and writes `<root>/results/results.json` atomically, its output
 * saying which notebook was graded and why.
 *
 * @example
 * ```ts
 * import { runAutograder } from "./run.ts";
 * import { defaultEngine } from "../batch/engine.ts";
 * const results = await runAutograder({
 *   root: "/autograder",
 *   lab: "lab1_elbo_dense_vae",
 *   engine: await defaultEngine(),
 * });
 * console.log(results.score);
 * ```
 * @module
 */
import type { Engine } from "../batch/engine.ts";
import { identifySubmissions } from "../batch/identify.ts";
import { writeAtomic } from "../batch/output.ts";
import { runBatch } from "../batch/run.ts";
import { collectSubmissions } from "../batch/walk.ts";
import {
  type GradescopeResults,
  gradescopeResults,
} from "../reports/gradescope.ts";
import { mdInline } from "../reports/escape.ts";
import { chooseNotebook } from "./choose.ts";

/** Options of {@link runAutograder}. */
export interface AutograderOptions {
  /** The autograder root (`/autograder` on Gradescope). */
  root: string;
  /** The package's lab. */
  lab: string;
  /** The engine. */
  engine: Engine;
  /** Per-exercise limit (ms). */
  timeoutMs?: number;
  /** Limit of the whole grading call (ms). */
  watchdogMs?: number;
  /** Largest notebook read (bytes). */
  maxBytes?: number;
  /** Seed of the randomized inputs (default: fresh). */
  seed?: number;
}

function emptyResults(lab: string, output: string): GradescopeResults {
  return {
    score: 0,
    execution_time: 0,
    output,
    output_format: "md",
    test_output_format: "md",
    test_name_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    extra_data: {
      seed: 0,
      lab,
      kitVersion: "",
      releaseVersion: null,
      submission: "",
    },
    tests: [],
  };
}

/** Grades the submission and writes results.json (see the module doc). */
export async function runAutograder(
  options: AutograderOptions,
): Promise<GradescopeResults> {
  const { root, lab, engine } = options;
  const submissionDir = `${root}/submission`;
  const seed = options.seed ??
    crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000_000;
  let results: GradescopeResults;
  const collection = await collectSubmissions([submissionDir], {
    maxBytes: options.maxBytes,
  }).catch(() => null);
  const identified = collection
    ? await identifySubmissions(collection.submissions, engine, {
      maxBytes: options.maxBytes,
    })
    : [];
  const { chosen, notes } = chooseNotebook(identified, lab);
  if (!collection || !chosen) {
    const received = collection?.skipped.map((s) => s.relative) ?? [];
    results = emptyResults(
      lab,
      [
        `**No se encontró ningún notebook (.ipynb) en la entrega.** Sube el archivo ${
          mdInline(`${lab}.ipynb`)
        } que descargaste y completaste (también vale .ipynb.json).`,
        "",
        received.length
          ? `Archivos recibidos: ${
            received.slice(0, 20).map((r) => mdInline(r)).join(", ")
          }${received.length > 20 ? "…" : ""}.`
          : "La entrega está vacía.",
      ].join("\n") + "\n",
    );
  } else {
    const run = await runBatch([chosen.submission], {
      grade: engine.grade,
      catalog: engine.catalog,
      options: { mode: "grade", lab, seed, timeoutMs: options.timeoutMs },
      jobs: 1,
      watchdogMs: options.watchdogMs,
    });
    const entry = run.entries[0]!;
    results = gradescopeResults(entry.report, {
      notes: [...notes, ...chosen.submission.notes],
    });
  }
  await Deno.mkdir(`${root}/results`, { recursive: true });
  await writeAtomic(
    `${root}/results/results.json`,
    JSON.stringify(results, null, 1) + "\n",
  );
  return results;
}

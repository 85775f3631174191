/**
 * `deno task grade <notebooks or folders…>`: the instructor's batch grader.
 * Grades every notebook (two at a time by default, one per core), goes on
 * past broken submissions and writes, under `--out`:
 * `grades.csv`, `results.json` (every report), and per student
 * `feedback.md`, `feedback.html` and Gradescope's `results.json`.
 *
 * Usage:
 *   deno task grade submissions/ [--out out/grades] [--jobs 2] [--seed N]
 *     [--timeout 10] [--gradescope-results /autograder/results/results.json]
 *
 * `--gradescope-results FILE` writes the Gradescope results.json of the
 * (single) graded submission to FILE, as the Gradescope autograder needs.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { useBackend } from "../lib/backend/mod.ts";
import { collectNotebooks, gradeMany } from "../lib/grading/batch.ts";
import { gradescopeResults } from "../lib/grading/report_gradescope.ts";
import { pts } from "../lib/grading/report_markdown.ts";

const USAGE =
  "uso: deno task grade <notebooks o carpetas…> [--out out/grades] [--jobs 2] [--seed N] [--timeout S] [--gradescope-results FILE]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  Deno.exit(2);
}

function positiveInt(
  flag: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    fail(`--${flag} debe ser un entero positivo, se recibió "${value}"`);
  }
  return n;
}

if (import.meta.main) {
  let parsed;
  try {
    parsed = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        out: { type: "string", default: "out/grades" },
        jobs: { type: "string" },
        seed: { type: "string" },
        timeout: { type: "string" },
        "gradescope-results": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (positionals.length === 0) fail("falta al menos un notebook o carpeta");
  const jobs = positiveInt("jobs", values.jobs, 2);
  const timeoutMs = positiveInt("timeout", values.timeout, 10) * 1000;
  const seed = values.seed === undefined
    ? undefined
    : positiveInt("seed", values.seed, 0);
  let notebooks: string[];
  try {
    notebooks = await collectNotebooks(positionals);
  } catch (error) {
    fail((error as Error).message);
  }
  await useBackend("wasm");
  const started = performance.now();
  const reports = await gradeMany(notebooks, {
    jobs,
    seed,
    timeoutMs,
    outDir: values.out,
    onReport(r, done, total) {
      console.log(
        `[${done}/${total}] ${r.student}: ${pts(r.score)} / ${pts(r.maxScore)}${
          r.problems.length ? ` (${r.problems[0].slice(0, 80)})` : ""
        } — ${(r.durationMs / 1000).toFixed(2)} s`,
      );
    },
  });
  const file = values["gradescope-results"];
  if (file) {
    const results = reports.length > 0 ? gradescopeResults(reports[0]) : {
      score: 0,
      output:
        "No se encontró ningún notebook (.ipynb) en la entrega. Sube el archivo lab1_elbo_dense_vae.ipynb o lab2_conv_vae.ipynb.",
      visibility: "visible",
      stdout_visibility: "hidden",
      tests: [],
    };
    if (reports.length > 1) {
      results.output +=
        `\nLa entrega tiene ${reports.length} notebooks; se evaluó ${
          reports[0].notebook
        }.`;
    }
    await Deno.writeTextFile(file, JSON.stringify(results, null, 1) + "\n");
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${reports.length} entregas evaluadas en ${
      seconds.toFixed(1)
    } s (${jobs} en paralelo); resultados en ${values.out}/`,
  );
}

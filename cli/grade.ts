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
import { useBackend } from "../lib/backend/mod.ts";
import {
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import { collectNotebooks, gradeMany } from "../lib/grading/batch.ts";
import { gradescopeResults } from "../lib/grading/report_gradescope.ts";
import { pts } from "../lib/grading/report_markdown.ts";

const USAGE =
  "uso: deno task grade <notebooks o carpetas…> [--out out/grades] [--jobs 2] [--seed N] [--timeout S] [--gradescope-results FILE]";

/** The command: grades every notebook found and writes the reports. */
async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, {
    out: { type: "string", default: "out/grades" },
    jobs: { type: "string", default: "2" },
    seed: { type: "string" },
    timeout: { type: "string", default: "10" },
    "gradescope-results": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length === 0) {
    throw new UsageError(`falta al menos un notebook o carpeta; ${USAGE}`);
  }
  const jobs = integerFlag("jobs", values.jobs);
  const timeoutMs = integerFlag("timeout", values.timeout) * 1000;
  const seed = values.seed === undefined
    ? undefined
    : integerFlag("seed", values.seed, 0);
  let notebooks: string[];
  try {
    notebooks = await collectNotebooks(positionals);
  } catch (error) {
    throw new UsageError((error as Error).message);
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

if (import.meta.main) await runMain("grade", main);

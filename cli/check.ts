/**
 * `deno task check <notebook>`: what a student runs before submitting. Runs
 * the public tests only (the same code path as grading), prints readable
 * Spanish feedback, says how many hidden tests exist, and exits with 1 if a
 * public test fails.
 *
 * Usage: deno task check notebooks/lab1_elbo_dense_vae.ipynb [--json]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { useBackend } from "../lib/backend/mod.ts";
import { gradeNotebook } from "../lib/grading/grade.ts";
import { reportMarkdown } from "../lib/grading/report_markdown.ts";

const USAGE = "uso: deno task check <notebook.ipynb> [--json] [--seed N]";

if (import.meta.main) {
  let parsed;
  try {
    parsed = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        seed: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (positionals.length !== 1) {
    console.error(
      `se esperaba exactamente un notebook, se recibieron ${positionals.length}\n${USAGE}`,
    );
    Deno.exit(2);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    console.error(
      `--seed debe ser un entero, se recibió "${values.seed}"\n${USAGE}`,
    );
    Deno.exit(2);
  }
  await useBackend("wasm");
  const report = await gradeNotebook(positionals[0], { mode: "check", seed });
  console.log(
    values.json ? JSON.stringify(report, null, 1) : reportMarkdown(report),
  );
  const allPassed = report.problems.length === 0 &&
    report.exercises.every((e) => e.tests.every((t) => t.passed));
  Deno.exit(allPassed ? 0 : 1);
}

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
import {
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import { gradeNotebook } from "../lib/grading/engine/grade.ts";
import { reportMarkdown } from "../lib/grading/reports/markdown.ts";

const USAGE = "uso: deno task check <notebook.ipynb> [--json] [--seed N]";

/** The command; returns 0 when every public test passes, else 1. */
async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    json: { type: "boolean", default: false },
    seed: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `se esperaba exactamente un notebook, se recibieron ${positionals.length}; ${USAGE}`,
    );
  }
  const seed = values.seed === undefined
    ? undefined
    : integerFlag("seed", values.seed, -Infinity);
  const report = await gradeNotebook(positionals[0], { mode: "check", seed });
  console.log(
    values.json ? JSON.stringify(report, null, 1) : reportMarkdown(report),
  );
  const allPassed = report.problems.length === 0 &&
    report.exercises.every((e) => e.tests.every((t) => t.passed));
  return allPassed ? 0 : 1;
}

if (import.meta.main) await runMain("check", main);

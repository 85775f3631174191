/**
 * `deno task gradescope [--out out/gradescope_autograder.zip]`: packages the
 * Gradescope autograder (setup.sh + run_autograder + the grader) as a zip to
 * upload in the assignment's "Configure Autograder" page.
 *
 * @module
 */
import { parseFlags, runMain, UsageError } from "../lib/cli/mod.ts";
import { REPO_ROOT } from "../lib/grading/grade.ts";
import { buildAutograderZip } from "../lib/grading/gradescope_package.ts";

const USAGE = "uso: deno task gradescope [--out out/gradescope_autograder.zip]";

/** The command: builds the autograder zip and writes it to `--out`. */
async function main(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    out: { type: "string", default: "out/gradescope_autograder.zip" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const out = values.out;
  if (!out.endsWith(".zip")) {
    throw new UsageError(
      `--out debe terminar en .zip, se recibió "${out}"; ${USAGE}`,
    );
  }
  const { zip, files } = await buildAutograderZip(REPO_ROOT);
  const dir = out.includes("/") ? out.slice(0, out.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(out, zip);
  console.log(
    `${out}: ${files.length} archivos, ${(zip.length / 1024).toFixed(0)} KiB`,
  );
}

if (import.meta.main) await runMain("gradescope", main);

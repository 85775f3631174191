/**
 * `deno task gradescope [--out out/gradescope_autograder.zip]`: packages the
 * Gradescope autograder (setup.sh + run_autograder + the grader) as a zip to
 * upload in the assignment's "Configure Autograder" page.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../lib/grading/grade.ts";
import { buildAutograderZip } from "../lib/grading/gradescope_package.ts";

const USAGE = "uso: deno task gradescope [--out out/gradescope_autograder.zip]";

if (import.meta.main) {
  let parsed;
  try {
    parsed = parseArgs({
      args: Deno.args,
      options: {
        out: { type: "string", default: "out/gradescope_autograder.zip" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  const out = parsed.values.out;
  if (!out.endsWith(".zip")) {
    console.error(`--out debe terminar en .zip, se recibió "${out}"\n${USAGE}`);
    Deno.exit(2);
  }
  const { zip, files } = await buildAutograderZip(REPO_ROOT);
  const dir = out.includes("/") ? out.slice(0, out.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(out, zip);
  console.log(
    `${out}: ${files.length} archivos, ${(zip.length / 1024).toFixed(0)} KiB`,
  );
}

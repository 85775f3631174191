/**
 * `deno task release`: writes the student notebooks in `notebooks/` from the
 * master notebooks in `solutions/` (solutions replaced by TODO stubs, outputs
 * cleared). `deno task release --check` writes nothing and exits 1 when
 * `notebooks/` is out of date.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { NotebookError, releaseFolder } from "../lib/notebook/mod.ts";

const USAGE =
  `usage: deno task release [--check] [--solutions DIR] [--notebooks DIR]
  --check        write nothing; exit 1 if notebooks/ is not what release would write
  --solutions    folder with the master notebooks (default: solutions)
  --notebooks    folder for the student notebooks (default: notebooks)`;

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        check: { type: "boolean", default: false },
        solutions: { type: "string", default: "solutions" },
        notebooks: { type: "string", default: "notebooks" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`release: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const report = await releaseFolder(values.solutions, values.notebooks, {
      check: values.check,
    });
    for (const name of report.orphans) {
      console.warn(
        `release: ${values.notebooks}/${name} has no master in ${values.solutions}/ (left untouched)`,
      );
    }
    if (values.check) {
      if (report.stale.length > 0) {
        console.error(
          `release: out of date with ${values.solutions}/: ${
            report.stale.map((n) => `${values.notebooks}/${n}`).join(", ")
          }; run \`deno task release\` and commit the result`,
        );
        return 1;
      }
      console.log(
        `release: ${values.notebooks}/ is up to date (${report.masters.length} notebooks)`,
      );
      return 0;
    }
    console.log(
      report.stale.length === 0
        ? `release: ${values.notebooks}/ already up to date (${report.masters.length} notebooks)`
        : `release: wrote ${
          report.stale.map((n) => `${values.notebooks}/${n}`).join(", ")
        }`,
    );
    return 0;
  } catch (error) {
    if (error instanceof NotebookError) {
      console.error(`release: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));

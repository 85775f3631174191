/**
 * `deno task gradescope --lab <id> [--out out/gradescope_<id>.zip]`:
 * packages the Gradescope autograder of one lab as a zip to upload in the
 * assignment's "Configure Autograder" page (`lib/grading/gradescope/`).
 *
 * Inside the package, `run_autograder` calls this same file as
 * `cli/gradescope.ts --autograde <root> --lab <id>`: it grades
 * `<root>/submission` and writes `<root>/results/results.json`.
 *
 * @module
 */
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import {
  defaultCatalog,
  defaultEngine,
  type Engine,
} from "../lib/grading/batch/engine.ts";
import { writeAtomic } from "../lib/grading/batch/output.ts";
import { buildAutograderZip } from "../lib/grading/gradescope/package.ts";
import { runAutograder } from "../lib/grading/gradescope/run.ts";
import { cleanLine } from "../lib/grading/reports/text.ts";

const USAGE =
  "uso: deno task gradescope --lab <id> [--out out/gradescope_<id>.zip]";

const REPO_ROOT = decodeURIComponent(new URL("../", import.meta.url).pathname)
  .replace(/\/$/, "");

/** What the command is run with (tests pass a fake engine). */
export interface GradescopeCommandDeps {
  /** The grading engine for `--autograde` (default: the kit's). */
  engine?: () => Promise<Engine>;
}

/** The command; returns its exit code. */
export async function gradescopeCommand(
  args: string[],
  deps: GradescopeCommandDeps = {},
): Promise<number> {
  const { values } = parseFlags(args, {
    lab: { type: "string" },
    out: { type: "string" },
    autograde: { type: "string" },
    timeout: { type: "string", default: "10" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const labs = defaultCatalog().labIds();
  if (values.lab === undefined) {
    throw new UsageError(
      `falta --lab: el paquete evalúa un solo laboratorio (${
        labs.join(", ")
      }); ${USAGE}`,
    );
  }
  const lab = choiceFlag("lab", values.lab, labs);
  if (values.autograde !== undefined) {
    const root = values.autograde;
    try {
      const results = await runAutograder({
        root,
        lab,
        engine: await (deps.engine ?? defaultEngine)(),
        timeoutMs: integerFlag("timeout", values.timeout) * 1000,
      });
      console.log(`results.json: ${results.score} puntos`);
    } catch (error) {
      // Never leave the student without a results.json.
      console.error(error);
      await Deno.mkdir(`${root}/results`, { recursive: true });
      await writeAtomic(
        `${root}/results/results.json`,
        JSON.stringify({
          score: 0,
          output: `La evaluación automática falló por un error interno (${
            cleanLine((error as Error)?.message ?? error, 300)
          }). Tu entrega se guardó: avisa al equipo docente.`,
          output_format: "text",
          visibility: "visible",
          tests: [],
        }) + "\n",
      );
    }
    return 0;
  }
  const out = values.out ?? `out/gradescope_${lab}.zip`;
  if (!out.endsWith(".zip")) {
    throw new UsageError(
      `--out debe terminar en .zip, se recibió "${out}"; ${USAGE}`,
    );
  }
  const { zip, files } = await buildAutograderZip(REPO_ROOT, lab);
  const dir = out.includes("/") ? out.slice(0, out.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(out, zip);
  console.log(
    `${out}: autograder de ${lab}, ${files.length} archivos, ${
      (zip.length / 1024).toFixed(0)
    } KiB. Súbelo en Gradescope → Configure Autograder (imagen Ubuntu 22.04).`,
  );
  return 0;
}

if (import.meta.main) await runMain("gradescope", (a) => gradescopeCommand(a));

/**
 * `deno task release`: writes the student notebooks in `notebooks/` from the
 * master notebooks in `solutions/` (solutions replaced by TODO stubs, outputs
 * cleared). `deno task release --check` writes nothing and exits 1 when
 * `notebooks/` is out of date.
 *
 * @module
 */
import { parseFlags, runMain } from "../lib/cli/mod.ts";
import { NotebookError, releaseFolder } from "../lib/notebook/mod.ts";

const USAGE =
  `uso: deno task release [--check] [--solutions DIR] [--notebooks DIR]
  --check        no escribe nada; sale con 1 si notebooks/ no es lo que release escribiría
  --solutions    carpeta de los notebooks maestros (por defecto: solutions)
  --notebooks    carpeta de los notebooks de estudiantes (por defecto: notebooks)`;

/** The command; returns 1 when `--check` finds stale notebooks or a notebook is broken. */
async function main(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    check: { type: "boolean", default: false },
    solutions: { type: "string", default: "solutions" },
    notebooks: { type: "string", default: "notebooks" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const report = await releaseFolder(values.solutions, values.notebooks, {
      check: values.check,
    });
    for (const name of report.idsAssigned) {
      console.warn(
        values.check
          ? `release: ${values.solutions}/${name} tiene celdas sin id único (nbformat 4.5); ejecute \`deno task release\` para asignarlas`
          : `release: ${values.solutions}/${name}: se asignó un id estable a las celdas que no lo tenían (guardado en el maestro)`,
      );
    }
    for (const name of report.orphans) {
      console.warn(
        `release: ${values.notebooks}/${name} no tiene maestro en ${values.solutions}/ (se deja sin tocar)`,
      );
    }
    if (values.check) {
      if (report.stale.length > 0 || report.idsAssigned.length > 0) {
        console.error(
          `release: desactualizado respecto a ${values.solutions}/: ${
            report.stale.map((n) => `${values.notebooks}/${n}`).join(", ")
          }; ejecute \`deno task release\` y haga commit del resultado`,
        );
        return 1;
      }
      console.log(
        `release: ${values.notebooks}/ está al día (${report.masters.length} notebooks)`,
      );
      return 0;
    }
    console.log(
      report.stale.length === 0
        ? `release: ${values.notebooks}/ ya estaba al día (${report.masters.length} notebooks)`
        : `release: escrito ${
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

if (import.meta.main) await runMain("release", main);

/**
 * `deno task marks <submissions…> [--lab id] [--out marks.csv] [--force]`:
 * writes the blank theory marks file: one row per submission and theory
 * question of its lab (`student,question,points,max,bonus`, points empty),
 * with the same submission keys `deno task grade` uses. Fill in `points`
 * and pass the file to `deno task grade … --marks marks.csv`. An existing
 * file is never overwritten without `--force` (it may hold marks).
 *
 * @module
 */
import { choiceFlag, parseFlags, runMain, UsageError } from "../lib/cli/mod.ts";
import { defaultCatalog, defaultEngine } from "../lib/grading/batch/engine.ts";
import { identifySubmissions } from "../lib/grading/batch/identify.ts";
import { writeAtomic } from "../lib/grading/batch/output.ts";
import { collectSubmissions, MissingInput } from "../lib/grading/batch/walk.ts";
import { blankMarksCsv } from "../lib/grading/gradebook/blank.ts";
import { marksContext } from "../lib/grading/gradebook/context.ts";
import { brief } from "../lib/grading/reports/text.ts";

const USAGE =
  "uso: deno task marks <notebooks o carpetas…> [--lab ID] [--out marks.csv] [--force]";

/** The command; returns its exit code. */
export async function marksCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    lab: { type: "string" },
    out: { type: "string", default: "marks.csv" },
    force: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(`falta al menos un notebook o carpeta; ${USAGE}`);
  }
  const catalog = defaultCatalog();
  const lab = values.lab === undefined
    ? undefined
    : choiceFlag("lab", values.lab, catalog.labIds());
  if (!values.force) {
    try {
      await Deno.lstat(values.out);
      throw new UsageError(
        `${values.out} ya existe (puede tener notas); usa --force para reemplazarlo o elige otro --out`,
      );
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  let collection;
  try {
    collection = await collectSubmissions(positionals);
  } catch (error) {
    if (error instanceof MissingInput) throw new UsageError(error.message);
    throw error;
  }
  const engine = await defaultEngine();
  const identified = await identifySubmissions(collection.submissions, engine, {
    lab,
  });
  const context = await marksContext(identified, catalog);
  const rows = [];
  const unknown: string[] = [];
  for (const s of identified) {
    const info = context.infos.get(context.labs.get(s.submission.key) ?? "");
    if (info) rows.push({ key: s.submission.key, info });
    else unknown.push(s.submission.key);
  }
  await writeAtomic(values.out, blankMarksCsv(rows));
  const questions = rows.reduce((n, r) => n + r.info.answers.length, 0);
  console.log(
    `${values.out}: ${rows.length} entrega(s), ${questions} fila(s) (una por entrega y pregunta), puntos en blanco. Rellena la columna points y evalúa con: deno task grade ${
      positionals.join(" ")
    } --marks ${values.out}`,
  );
  if (unknown.length > 0) {
    console.error(
      `${unknown.length} entrega(s) sin laboratorio reconocido (no tienen filas; indícalo con --lab): ${
        unknown.slice(0, 10).map((k) => brief(k, 80)).join(", ")
      }${unknown.length > 10 ? ", …" : ""}`,
    );
  }
  return 0;
}

if (import.meta.main) await runMain("marks", (args) => marksCommand(args));

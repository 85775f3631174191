/**
 * Stage 4, build: parse the notebook's code cells behind the parse guard
 * ({@link parseNotebook}: off the event loop, under a time limit), then for
 * each exercise of the lab find its cell in the submission, write the
 * exercise's module (and its variant without top-level statements) into a
 * folder of its own, and prepare the tests' calls from their seeds. An
 * exercise that cannot run (no cell, a cell the guard could not parse, a
 * syntax error, the function not defined) is decided here, without the
 * sandbox.
 *
 * @module
 */
import { exerciseIdOf } from "../../notebook/exercise.ts";
import { cellLabel } from "../../notebook/cell_label.ts";
import { cellSource, type Notebook } from "../../notebook/nbformat.ts";
import { guardParse, type UnparsedCell } from "../parse/guard.ts";
import type { ReferenceSpec } from "../parse/extract.ts";
import type { PreparedTest, TestDefinition } from "../checks/define.ts";
import { testRandom } from "../checks/inputs.ts";
import type { Call } from "../sandbox/protocol.ts";
import type { CellRef } from "../report.ts";
import { buildModule, type CodeCell, type LineOrigin } from "./build_module.ts";
import type { Lab, LabExercise } from "./labs.ts";
import type { SandboxExercise } from "./run_sandbox.ts";

/** One test ready to run: its definition, points and place among the calls. */
export interface PlannedTest {
  test: TestDefinition;
  points: number;
  prepared: PreparedTest;
  /** Index of its first call in the exercise's calls. */
  offset: number;
}

/** One exercise, planned. */
export interface PlannedExercise {
  exercise: LabExercise;
  cell?: CellRef;
  /** Exercise-level messages found while planning (duplicates…). */
  messages: string[];
  /** Set when the exercise cannot run at all: why (every test fails with it). */
  blocked?: string;
  /** The tests run, once per seed (`tests[k]` for `seeds[k]`). */
  tests: PlannedTest[][];
  /** Tests not run in check mode. */
  skipped: { count: number; points: number };
  /** Present when the exercise goes to the sandbox. */
  sandbox?: SandboxExercise;
  /** Module line → cell line. */
  lines: LineOrigin[];
}

/** Options of planning. */
export interface PlanOptions {
  mode: "grade" | "check";
  /** Seeds of the randomized inputs: the tests run once per seed, in one sandbox. */
  seeds: number[];
  budgetMs: number;
  /** Folder (readable by the sandbox) that receives one subfolder per exercise. */
  dir: string;
  /** Every graded name and its reference. */
  references: Map<string, ReferenceSpec>;
}

/** The notebook's code cells, as the parse guard left them. */
export interface ParsedNotebook {
  /** The cells parsed, in order: the only ones an exercise module sees. */
  cells: CodeCell[];
  /** Cells left out, by index, with the guard's reason (Spanish). */
  unparsed: Map<number, string>;
  /** Notebook-level problems for the report, each naming its cells. */
  problems: string[];
}

/** Cells named one by one in the report's problems; the rest are grouped. */
const NAMED = 8;

function locate(nb: Notebook, cell: number, line: number): string {
  return ` (${cellLabel(nb.cells[cell])}, línea ${line + 1})`;
}

function cellName(nb: Notebook, index: number): string {
  return `${cellLabel(nb.cells[index])} (la n.º ${index + 1} del notebook)`;
}

/** The report's problems for the cells left out: the first few by name, the rest as one. */
function unparsedProblems(nb: Notebook, unparsed: UnparsedCell[]): string[] {
  const failed = unparsed.filter((u) =>
    u.failure !== "skipped" && u.failure !== "aborted"
  );
  const named = failed.slice(0, NAMED);
  const rest = unparsed.filter((u) => !named.includes(u));
  const problems = named.map((u) =>
    `La celda ${
      cellName(nb, u.index)
    } no se pudo analizar: ${u.reason} Se evalúa como si no estuviera en el notebook.`
  );
  if (rest.length > 0) {
    const shown = rest.slice(0, NAMED).map((u) => cellLabel(nb.cells[u.index]));
    const alike = rest.every((u) => u.failure === rest[0].failure);
    const one = rest.length === 1;
    const who = one
      ? `${named.length > 0 ? "Otra celda" : "Una celda"} no se analizó`
      : `${
        named.length > 0 ? "Otras" : ""
      } ${rest.length} celdas no se analizaron`
        .trim();
    problems.push(
      `${who} (${shown.join("; ")}${rest.length > NAMED ? "; …" : ""}): ${
        alike
          ? rest[0].reason
          : "fallaron como las anteriores o no llegaron a analizarse."
      } Se ${one ? "evalúa" : "evalúan"} como si no ${
        one ? "estuviera" : "estuvieran"
      } en el notebook.`,
    );
  }
  return problems;
}

/**
 * Parses every code cell of the notebook with the parse guard. The cells
 * it could not parse are left out of every exercise module and reported;
 * nothing of a student's text is parsed on the grader's event loop.
 */
export async function parseNotebook(
  nb: Notebook,
  signal?: AbortSignal,
): Promise<ParsedNotebook> {
  const sources = nb.cells.flatMap((cell, index) =>
    cell.cell_type === "code" ? [{ index, source: cellSource(cell) }] : []
  );
  const guarded = await guardParse(sources, { signal });
  return {
    cells: guarded.parsed,
    unparsed: new Map(guarded.unparsed.map((u) => [u.index, u.reason])),
    problems: unparsedProblems(nb, guarded.unparsed),
  };
}

/** Plans every exercise of the lab for this submission, from its parsed cells. */
export async function planExercises(
  nb: Notebook,
  lab: Lab,
  parsed: ParsedNotebook,
  options: PlanOptions,
): Promise<PlannedExercise[]> {
  const codeCells = parsed.cells;
  const graded = new Set(options.references.keys());
  const planned: PlannedExercise[] = [];
  for (const [salt, exercise] of lab.exercises.entries()) {
    const def = exercise.definition;
    const all = def.tests.map((test, i) => ({
      test,
      points: exercise.testPoints[i],
      i,
    }));
    const run = all.filter(({ test }) =>
      options.mode === "grade" || !test.hidden
    );
    const skippedTests = all.filter((t) => !run.includes(t));
    const plan: PlannedExercise = {
      exercise,
      messages: [],
      tests: [],
      skipped: {
        count: skippedTests.length,
        points: skippedTests.reduce((s, t) => s + t.points, 0),
      },
      lines: [],
    };
    planned.push(plan);
    const calls: Call[] = [];
    for (const seed of options.seeds) {
      const tests: PlannedTest[] = [];
      for (const { test, points, i } of run) {
        const prepared = test.prepare(
          testRandom(test.seed, seed, salt * 100 + i),
        );
        tests.push({ test, points, prepared, offset: calls.length });
        calls.push(...prepared.calls);
      }
      plan.tests.push(tests);
    }
    const indexes = nb.cells.map((c, i) => exerciseIdOf(c) === def.id ? i : -1)
      .filter((i) => i >= 0);
    if (indexes.length === 0) {
      plan.blocked =
        `No se encontró la celda del ejercicio \`${def.id}\`: debe empezar por la línea \`// EXERCISE: ${def.id}\`.`;
      continue;
    }
    let index = indexes.at(-1)!;
    plan.cell = { index, label: cellLabel(nb.cells[index]) };
    if (indexes.length > 1) {
      plan.messages.push(
        `Hay ${indexes.length} celdas marcadas como \`${def.id}\`; se evalúa la última (${plan.cell.label}). Borra las copias que sobran.`,
      );
    }
    const moved = implementedBelow(nb, codeCells, index, def.functions);
    if (moved !== undefined) {
      const where = cellLabel(nb.cells[moved]);
      plan.messages.push(
        `La celda del ejercicio (${plan.cell.label}) sigue con el TODO del enunciado, pero ${where}, justo debajo, declara \`${
          def.functions[0]
        }\`: se evaluó esa, que es la que usa el notebook al ejecutarse en orden. Lo correcto es escribirla en la celda del ejercicio.`,
      );
      index = moved;
      plan.cell = { index, label: where };
    }
    const unparsed = parsed.unparsed.get(index);
    if (unparsed) {
      plan.blocked = `La celda del ejercicio no se pudo analizar: ${unparsed}`;
      continue;
    }
    const cell = codeCells.find((c) => c.index === index)!;
    const syntax = cell.analysis.syntaxErrors[0];
    if (syntax) {
      plan.blocked = `Error de sintaxis${locate(nb, index, syntax.line)}: ${
        syntax.message.replace(/\.+$/, "")
      }. Jupyter (el kernel de Deno) puede no mostrar este error: la celda "no hace nada" y las siguientes no encuentran la función.`;
      continue;
    }
    const own = new Set(cell.analysis.declarations.flatMap((d) => d.names));
    const fn = def.functions.find((f) => !own.has(f));
    if (fn) {
      plan.blocked =
        `La celda no define la función \`${fn}\` (¿cambiaste su nombre o la declaraste dentro de otra función?).`;
      continue;
    }
    const references = new Map(
      def.dependencies.map((d) => [d, options.references.get(d)!]),
    );
    const built = buildModule({
      cells: codeCells,
      exerciseCell: index,
      functions: def.functions,
      graded,
      references,
    });
    for (const u of built.unparsed) {
      plan.messages.push(
        `La celda usa \`${u.name}\`, que se declara en ${
          cellLabel(nb.cells[u.cell])
        }, pero esa celda tiene un error de sintaxis: su declaración no está disponible.`,
      );
    }
    plan.lines = built.lines;
    const dir = `${options.dir}/${String(salt).padStart(2, "0")}_${def.id}`;
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${dir}/module.ts`, built.source);
    await Deno.writeTextFile(`${dir}/plain.ts`, built.plain);
    plan.sandbox = {
      id: def.id,
      dir,
      module: new URL(`file://${dir}/module.ts`).href,
      plainModule: new URL(`file://${dir}/plain.ts`).href,
      budgetMs: options.budgetMs,
      calls,
    };
  }
  return planned;
}

/**
 * When the exercise cell still throws the release's TODO but a code cell
 * after it, before the next exercise, declares every function under test
 * (a student who wrote the answer in a new cell below): that cell's index.
 */
function implementedBelow(
  nb: Notebook,
  cells: CodeCell[],
  index: number,
  functions: string[],
): number | undefined {
  if (!/throw\s+new\s+Error\(\s*["'`]TODO:/.test(cellSource(nb.cells[index]))) {
    return undefined;
  }
  for (const c of cells) {
    if (c.index <= index) continue;
    if (exerciseIdOf(nb.cells[c.index])) return undefined;
    if (c.analysis.syntaxErrors.length > 0) continue;
    const names = new Set(c.analysis.declarations.flatMap((d) => d.names));
    if (functions.every((f) => names.has(f))) return c.index;
  }
  return undefined;
}

/**
 * Grading one notebook: read it, find the graded cells, build one module per
 * exercise with reference dependencies substituted, run them in the sandbox,
 * judge the raw outputs here, and return a report. It never throws for a bad
 * submission: every problem becomes a Spanish message in the report.
 *
 * @module
 */
import { cellMark } from "../notebook/exercise.ts";
import {
  type Notebook,
  NotebookError,
  parseNotebook,
} from "../notebook/nbformat.ts";
import type {
  ExerciseDefinition,
  LabDefinition,
  TestDefinition,
} from "./definitions.ts";
import { exercisePoints } from "./definitions.ts";
import { extractNotebook } from "./extract.ts";
import { explainError, isTodo, NOT_IMPLEMENTED } from "./feedback.ts";
import { freshSeed, testRandom } from "./inputs.ts";
import { LAB1 } from "./lab1.ts";
import { LAB2 } from "./lab2.ts";
import {
  buildExerciseModule,
  REFERENCE_MODULES,
  uses,
} from "./module_builder.ts";
import {
  type ExerciseRun,
  type Interruption,
  runInSandbox,
} from "./sandbox.ts";
import type { WireCall, WireExercise, WireValue } from "./wire.ts";

/** Every lab the grader knows. */
export const LABS: LabDefinition[] = [LAB1, LAB2];

/** Result of one test. */
export interface TestResult {
  name: string;
  hidden: boolean;
  points: number;
  maxPoints: number;
  passed: boolean;
  /** Spanish feedback; for a failed hidden test only its authored hint. */
  message: string;
}

/** Result of one exercise. */
export interface ExerciseResult {
  id: string;
  title: string;
  points: number;
  /** Points of the tests that were run. */
  maxPoints: number;
  /** Exercise-level messages (missing cell, syntax error, timeout…). */
  messages: string[];
  tests: TestResult[];
  /** Hidden tests not run (student check mode). */
  hiddenNotRun: number;
  hiddenPointsNotRun: number;
}

/** A theory answer: not auto-scored. */
export interface AnswerResult {
  id: string;
  answered: boolean;
  /** Points the answer is worth, graded by hand. */
  manualPoints: number | null;
  /** A bonus question (its points are extra). */
  bonus: boolean;
}

/** Everything known about one graded notebook. */
export interface GradeReport {
  /** Path of the notebook. */
  notebook: string;
  /** Student name: the submission's folder or file stem. */
  student: string;
  lab: string | null;
  labTitle: string;
  mode: "grade" | "check";
  score: number;
  maxScore: number;
  /** Notebook-level problems (unreadable file, unknown lab…), Spanish. */
  problems: string[];
  exercises: ExerciseResult[];
  answers: AnswerResult[];
  /** Seed of the randomized inputs of this run (for reproduction). */
  seed: number;
  durationMs: number;
}

/** Options of {@link gradeNotebook}. */
export interface GradeOptions {
  /** Absolute path of this repository (default: derived from this module). */
  repoRoot?: string;
  /** "check": public tests only (students). Default "grade". */
  mode?: "grade" | "check";
  /** Seed of the randomized inputs (default: fresh per run). */
  seed?: number;
  /** Force the lab instead of detecting it. */
  lab?: string;
  /** Per-exercise wall-clock limit (ms). */
  timeoutMs?: number;
  /** Student name for reports (default: derived from the path). */
  student?: string;
  /** V8 heap cap of the sandbox (MiB). */
  heapMb?: number;
  /** Resident-memory cap of the sandbox (MiB). */
  rssMb?: number;
}

/** This repository's root, derived from this module's location. */
export const REPO_ROOT: string = decodeURIComponent(
  new URL("../../", import.meta.url).pathname,
).replace(/\/$/, "");

/** The student name of a notebook path: its file stem, or folder for lab files. */
export function studentName(path: string): string {
  const parts = path.replace(/\\/g, "/").split("/").filter(Boolean);
  const file = parts.at(-1) ?? path;
  const stem = file.replace(/\.ipynb$/i, "");
  if (LABS.some((l) => l.id === stem) && parts.length > 1) return parts.at(-2)!;
  return stem;
}

function spanishNotebookProblem(error: NotebookError): string {
  const p = error.problem;
  if (p.startsWith("not valid JSON")) {
    return `El archivo no es JSON válido, así que no es un notebook legible (${
      p.match(/\((.*)\)/)?.[1] ?? ""
    }). Un notebook es el archivo .ipynb que guarda JupyterLab o VS Code; ¿se cortó o se editó a mano?`;
  }
  const version = p.match(/^nbformat (\S+) is not supported/);
  if (version) {
    return `El notebook usa nbformat ${
      version[1]
    }; la evaluación necesita nbformat 4. Ábrelo en JupyterLab y guárdalo de nuevo (o \`jupyter nbconvert --to notebook --nbformat 4\`).`;
  }
  if (p === "file not found") return "No se encontró el archivo.";
  return `El archivo no es un notebook válido: ${p}.`;
}

/** Picks the lab: forced, by metadata, by exercise ids, then by file name. */
export function detectLab(
  nb: Notebook | undefined,
  path: string,
  forced?: string,
): LabDefinition | undefined {
  if (forced) return LABS.find((l) => l.id === forced);
  if (nb) {
    const ids = new Set(extractNotebook(nb).exercises.keys());
    const scored = LABS.map((lab) => ({
      lab,
      score: lab.exercises.filter((e) => ids.has(e.id)).length,
    })).sort((a, b) => b.score - a.score);
    if (scored[0].score > 0 && scored[0].score > scored[1].score) {
      return scored[0].lab;
    }
  }
  const name = path.toLowerCase();
  return LABS.find((l) => name.includes(l.id)) ??
    LABS.find((l) => name.includes(l.id.split("_")[0]));
}

function interruptionMessage(why: Interruption): string {
  switch (why.kind) {
    case "timeout":
      return `La ejecución superó el límite de tiempo (${
        (why.ms / 1000).toFixed(0)
      } s) y se detuvo. ¿Hay un bucle infinito o un cálculo enorme?`;
    case "memory":
      return `El código superó el límite de memoria y se detuvo (${why.detail}). ¿Reservas un tensor o un array enorme?`;
    case "exit":
      return `El proceso de evaluación terminó durante este ejercicio (código ${
        why.code ?? "?"
      }${
        why.signal ? `, señal ${why.signal}` : ""
      }). ¿La celda llama a Deno.exit() o process.exit()?`;
  }
}

function definitionMessage(
  run: ExerciseRun,
  moduleUrl: string,
  headerLines: number,
  cellIndex: number,
): string {
  const error = run.definitionError!;
  let text = error.message;
  const where = text.match(
    new RegExp(
      moduleUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":(\\d+):(\\d+)",
    ),
  );
  const cellLine = where ? Number(where[1]) - headerLines : undefined;
  text = text.split(moduleUrl).join(`celda ${cellIndex + 1}`)
    .replace(/file:\/\/\/\S+/g, "<archivo>")
    // Code frames number the generated module's lines: renumber to the cell.
    .replace(
      /^(\s*)(\d+)( \|)/gm,
      (_, pad, n, bar) => `${pad}${Number(n) - headerLines}${bar}`,
    )
    .replace(/^\s*at celda \d+:\d+:\d+\s*$/gm, "")
    .trimEnd();
  const at = cellLine !== undefined && cellLine >= 1
    ? ` (celda ${cellIndex + 1}, línea ${cellLine})`
    : ` (celda ${cellIndex + 1})`;
  const syntax = text.match(/^(?:SyntaxError: )?([\s\S]*)$/)!;
  if (
    error.name === "SyntaxError" || text.startsWith("SyntaxError:") ||
    /^(Expected|Unexpected|Unterminated)/.test(text)
  ) {
    return `Error de sintaxis${at}: ${syntax[1].slice(0, 600)}`;
  }
  if (error.name === "SandboxError") {
    return `No se pudo ejecutar la celda${at}: ${
      text.split("\n").slice(0, 3).join(" ").slice(0, 400)
    }`;
  }
  return `La celda lanza un error al ejecutarse${at}: ${
    explainError(error, "la celda")
  }`;
}

interface Planned {
  exercise: ExerciseDefinition;
  tests: {
    test: TestDefinition;
    offset: number;
    count: number;
    evaluate: (v: WireValue[]) => unknown;
  }[];
  calls: WireCall[];
  cellIndex: number;
  moduleUrl: string;
  headerLines: number;
  messages: string[];
}

/** Grades one notebook file. */
export async function gradeNotebook(
  path: string,
  options: GradeOptions = {},
): Promise<GradeReport> {
  const started = performance.now();
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const mode = options.mode ?? "grade";
  const seed = options.seed ?? freshSeed();
  const report: GradeReport = {
    notebook: path,
    student: options.student ?? studentName(path),
    lab: null,
    labTitle: "",
    mode,
    score: 0,
    maxScore: 0,
    problems: [],
    exercises: [],
    answers: [],
    seed,
    durationMs: 0,
  };
  let nb: Notebook | undefined;
  try {
    nb = parseNotebook(await Deno.readTextFile(path), path);
  } catch (error) {
    report.problems.push(
      error instanceof NotebookError
        ? spanishNotebookProblem(error)
        : error instanceof Deno.errors.NotFound
        ? "No se encontró el archivo."
        : `No se pudo leer el archivo: ${(error as Error).message}`,
    );
  }
  const lab = detectLab(nb, path, options.lab);
  if (!lab) {
    report.problems.push(
      `No se reconoce el laboratorio: el notebook no tiene celdas de ejercicio conocidas ni su nombre contiene ${
        LABS.map((l) => l.id).join(" o ")
      }.`,
    );
    report.durationMs = performance.now() - started;
    return report;
  }
  report.lab = lab.id;
  report.labTitle = lab.title;
  const results = new Map<string, ExerciseResult>();
  for (const exercise of lab.exercises) {
    const tests = exercise.tests.filter((t) => mode === "grade" || !t.hidden);
    const skipped = exercise.tests.filter((t) => !tests.includes(t));
    results.set(exercise.id, {
      id: exercise.id,
      title: exercise.title,
      points: 0,
      maxPoints: tests.reduce((s, t) => s + t.points, 0),
      messages: [],
      tests: tests.map((t) => ({
        name: t.name,
        hidden: t.hidden,
        points: 0,
        maxPoints: t.points,
        passed: false,
        message: "",
      })),
      hiddenNotRun: skipped.length,
      hiddenPointsNotRun: skipped.reduce((s, t) => s + t.points, 0),
    });
  }
  report.exercises = [...results.values()];
  report.maxScore = report.exercises.reduce((s, e) => s + e.maxPoints, 0);

  const failAll = (result: ExerciseResult, message: string) => {
    result.messages.push(message);
    for (const t of result.tests) {
      t.message ||= "No evaluado: ver el mensaje del ejercicio.";
    }
  };

  if (!nb) {
    for (const r of report.exercises) {
      failAll(r, "No se pudo leer el notebook.");
    }
    report.durationMs = performance.now() - started;
    return report;
  }

  const extracted = extractNotebook(nb);
  report.answers = [...extracted.answers.entries()].map(([id, cells]) => {
    const last = cells.at(-1)!;
    const mark = cellMark(nb!.cells[last.cellIndex]) as {
      points?: unknown;
      bonus?: unknown;
    };
    return {
      id,
      answered: cells.some((c) => c.answered),
      manualPoints: typeof mark.points === "number" ? mark.points : null,
      bonus: mark.bonus === true,
    };
  });

  const gradedNames = LABS.flatMap((l) =>
    l.exercises.flatMap((e) => e.functions)
  );
  const dir = await Deno.makeTempDir({ prefix: "vaelab-grade-" });
  try {
    const planned: Planned[] = [];
    for (const [salt, exercise] of lab.exercises.entries()) {
      const result = results.get(exercise.id)!;
      const cells = extracted.exercises.get(exercise.id) ?? [];
      if (cells.length === 0) {
        failAll(
          result,
          `No se encontró la celda del ejercicio \`${exercise.id}\`: debe empezar por la línea \`// EXERCISE: ${exercise.id}\`.`,
        );
        continue;
      }
      if (cells.length > 1) {
        result.messages.push(
          `Hay ${cells.length} celdas marcadas como \`${exercise.id}\` (celdas ${
            cells.map((c) => c.cellIndex + 1).join(", ")
          }); se evalúa la última. Borra las copias que sobran.`,
        );
      }
      const cell = cells.at(-1)!;
      const built = buildExerciseModule({
        cell,
        exports: exercise.functions,
        // Declared dependencies, plus any other exercise's function the
        // cell calls (always the reference one, never the student's).
        dependencies: [
          ...exercise.dependencies,
          ...lab.exercises.flatMap((other) => other.functions)
            .filter((name) =>
              !exercise.functions.includes(name) &&
              !exercise.dependencies.some((d) => d.name === name) &&
              name in REFERENCE_MODULES && uses(cell.body, name)
            )
            .map((name) => ({ name, module: REFERENCE_MODULES[name] })),
        ],
        gradedNames,
        imports: extracted.imports,
        repoRoot,
      });
      const file = `${dir}/${exercise.id}.ts`;
      await Deno.writeTextFile(file, built.source);
      const plan: Planned = {
        exercise,
        tests: [],
        calls: [],
        cellIndex: cell.cellIndex,
        moduleUrl: new URL("file://" + file).href,
        headerLines: built.headerLines,
        messages: [],
      };
      const tests = exercise.tests.filter((t) => mode === "grade" || !t.hidden);
      tests.forEach((test, i) => {
        const prepared = test.prepare({
          rng: testRandom(test.seed, seed, salt * 100 + i),
        });
        plan.tests.push({
          test,
          offset: plan.calls.length,
          count: prepared.calls.length,
          evaluate: prepared.evaluate,
        });
        plan.calls.push(...prepared.calls);
      });
      planned.push(plan);
    }

    const wire: WireExercise[] = planned.map((p) => ({
      id: p.exercise.id,
      module: p.moduleUrl,
      calls: p.calls,
    }));
    const runs = await runInSandbox(wire, dir, {
      repoRoot,
      timeoutMs: options.timeoutMs,
      heapMb: options.heapMb,
      rssMb: options.rssMb,
    });

    for (const plan of planned) {
      const result = results.get(plan.exercise.id)!;
      const run = runs.get(plan.exercise.id)!;
      const fn = plan.exercise.functions[0];
      if (run.definitionError) {
        failAll(
          result,
          definitionMessage(
            run,
            plan.moduleUrl,
            plan.headerLines,
            plan.cellIndex,
          ),
        );
        continue;
      }
      const outcomes = run.results;
      const missing = outcomes.find((r) =>
        r && !r.ok && r.error.name === "MissingFunction"
      );
      if (missing) {
        failAll(
          result,
          `La celda no define la función \`${fn}\` (¿cambiaste su nombre o su forma de declararla?).`,
        );
        continue;
      }
      const completed = outcomes.filter((r) => r !== undefined);
      if (
        completed.length > 0 &&
        completed.every((r) => !r!.ok && isTodo(r!.error))
      ) {
        failAll(result, NOT_IMPLEMENTED);
        continue;
      }
      if (run.interrupted && completed.length === 0) {
        failAll(result, interruptionMessage(run.interrupted));
        continue;
      }
      if (run.interrupted) {
        result.messages.push(interruptionMessage(run.interrupted));
      }
      for (const [i, planned] of plan.tests.entries()) {
        const tr = result.tests[i];
        const slice = outcomes.slice(
          planned.offset,
          planned.offset + planned.count,
        );
        let passed = false;
        let message: string;
        if (slice.some((r) => r === undefined)) {
          message = run.interrupted
            ? interruptionMessage(run.interrupted)
            : "No se completó la ejecución.";
        } else {
          const error = slice.find((r) => !r!.ok);
          if (error && !error.ok) {
            message = explainError(error.error, fn);
          } else {
            try {
              const verdict = await (planned.evaluate(
                slice.map((r) => (r as { ok: true; value: WireValue }).value),
              ) as Promise<{ passed: boolean; message: string }>);
              passed = verdict.passed;
              message = verdict.message;
            } catch (error) {
              message = `No se pudo evaluar el resultado: ${
                (error as Error).message
              }`;
            }
          }
        }
        tr.passed = passed;
        tr.points = passed ? tr.maxPoints : 0;
        if (passed) tr.message = "";
        else if (tr.hidden) {
          tr.message = `Prueba oculta fallida. Pista: ${planned.test.hint}`;
        } else tr.message = `${message}\nPista: ${planned.test.hint}`;
      }
      result.points = result.tests.reduce((s, t) => s + t.points, 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  report.score = report.exercises.reduce((s, e) => s + e.points, 0);
  report.durationMs = performance.now() - started;
  return report;
}

/** Total points of a lab (all tests, hidden included). */
export function labPoints(lab: LabDefinition): number {
  return lab.exercises.reduce((s, e) => s + exercisePoints(e), 0);
}

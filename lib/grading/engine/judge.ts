/**
 * Stage 6, judge: turns what the sandbox reported for an exercise into
 * test results, here in the grader's process. Every test first checks what
 * the notebook relies on — the calls returned (no error, no interruption),
 * synchronously (no Promise), leaving their input tensors intact — and only
 * then its own property. A failed hidden test shows the property that
 * failed and its hint, never values.
 *
 * @module
 */
import type { Notebook } from "../../notebook/nbformat.ts";
import { cellLabel } from "../../notebook/cell_label.ts";
import { fail, type Verdict } from "../checks/define.ts";
import {
  explainError,
  interruptionMessage,
  isTodo,
  loadErrorMessage,
  NOT_IMPLEMENTED,
} from "../feedback/errors.ts";
import type { PlainError, Result, Value } from "../sandbox/protocol.ts";
import type { ExerciseResult, TestResult } from "../report.ts";
import type { PlannedExercise, PlannedTest } from "./plan.ts";
import type { ExerciseRun } from "./run_sandbox.ts";

/** " (ejercicio «elbo» (…), línea 4)" for an error located in the module. */
function locator(plan: PlannedExercise, nb: Notebook) {
  return (error: PlainError): string => {
    const line = Number(error.at?.split(":")[0]);
    const origin = Number.isInteger(line) ? plan.lines[line - 1] : undefined;
    return origin
      ? ` (${cellLabel(nb.cells[origin.cell])}, línea ${origin.line + 1})`
      : "";
  };
}

const CONTRACT = {
  promise:
    "devuelve una Promise: ¿la declaraste `async`? El notebook la llama sin `await`, así que las celdas siguientes recibirían una Promise en vez del resultado",
  disposed:
    "libera (dispose) sus tensores de entrada: en el notebook, las celdas siguientes fallarían con «Tensor is disposed»",
  mutated:
    "modifica los valores de sus tensores de entrada: las celdas siguientes verían datos cambiados",
};

function judgeTest(
  t: PlannedTest,
  results: (Result | undefined)[],
  run: ExerciseRun,
  fn: string,
  where: (e: PlainError) => string,
  dependencies: string[],
): Verdict {
  const slice = results.slice(t.offset, t.offset + t.prepared.calls.length);
  if (slice.some((r) => r === undefined)) {
    return fail(
      run.interrupted
        ? interruptionMessage(run.interrupted)
        : "La ejecución no llegó a esta prueba.",
      "la ejecución no terminó",
    );
  }
  const values: Value[] = [];
  for (const r of slice as Result[]) {
    if (!r.ok) {
      return fail(
        explainError(r.error, fn, where(r.error), { dependencies }),
        isTodo(r.error) ? "sin implementar" : "la función lanza un error",
      );
    }
    if (r.value.t === "promise") {
      return fail(
        `${fn} ${CONTRACT.promise}.`,
        "la función devuelve una Promise",
      );
    }
    if (r.disposed.length > 0) {
      return fail(
        `Los valores pueden ser correctos, pero ${fn} ${CONTRACT.disposed}.`,
        "la función libera sus entradas",
      );
    }
    if (r.mutated.length > 0) {
      return fail(
        `${fn} ${CONTRACT.mutated}.`,
        "la función modifica sus entradas",
      );
    }
    values.push(r.value);
  }
  try {
    return t.prepared.judge(values);
  } catch (error) {
    // A bug of the kit, not the student's: say so, and tell the instructor.
    console.error(
      `vaelab: internal error judging ${fn} / ${t.test.name}:`,
      error,
    );
    return fail(
      "Error interno del corrector al evaluar esta prueba (no es un error de tu código): avisa al equipo docente.",
      "error interno del corrector",
    );
  }
}

/**
 * Results of an exercise from its plan and (when it ran) its sandbox run,
 * for the plan's `seedIndex`-th seed.
 */
export function judgeExercise(
  plan: PlannedExercise,
  run: ExerciseRun | undefined,
  nb: Notebook,
  seedIndex = 0,
): ExerciseResult {
  const def = plan.exercise.definition;
  const fn = def.functions[0];
  const tests = plan.tests[seedIndex];
  const result: ExerciseResult = {
    id: def.id,
    title: def.title,
    cell: plan.cell,
    points: 0,
    maxPoints: tests.reduce((s, t) => s + t.points, 0),
    messages: [...plan.messages],
    tests: tests.map((t) => ({
      name: t.test.name,
      hidden: t.test.hidden,
      points: 0,
      maxPoints: t.points,
      passed: false,
      message: "",
    })),
    hiddenNotRun: plan.skipped.count,
    hiddenPointsNotRun: plan.skipped.points,
  };
  const failAll = (message: string) => {
    result.messages.push(message);
    for (const t of result.tests) {
      t.message = "No evaluado: ver el mensaje del ejercicio.";
    }
    return result;
  };
  if (plan.blocked) return failAll(plan.blocked);
  if (!run) return failAll("No se pudo ejecutar el ejercicio.");
  if (run.interrupted?.kind === "forged") {
    return failAll(interruptionMessage(run.interrupted));
  }
  const where = locator(plan, nb);
  const loadError = run.loaded?.error;
  if (loadError) {
    return failAll(
      isTodo(loadError)
        ? NOT_IMPLEMENTED
        : loadErrorMessage(loadError, where(loadError)),
    );
  }
  if (!run.loaded) {
    return failAll(
      run.interrupted
        ? interruptionMessage(run.interrupted)
        : "La celda no llegó a cargarse.",
    );
  }
  for (const e of run.loaded.statementErrors) {
    result.messages.push(
      `Una instrucción de la celda fuera de las funciones falló${where(e)}: ${
        explainError(e, "la instrucción", "", {
          dependencies: def.dependencies,
        })
      } Las pruebas evalúan las funciones igualmente (en el notebook, esa instrucción también fallaría).`,
    );
  }
  if (run.loaded.withoutStatements) {
    result.messages.push(
      "Las instrucciones de la celda fuera de las funciones tardaron demasiado: las funciones se evaluaron sin ellas.",
    );
  }
  const completed = run.results.filter((r): r is Result => r !== undefined);
  const missing = completed.find((r) =>
    !r.ok && r.error.name === "MissingFunction"
  );
  if (missing) {
    return failAll(
      `La celda no define la función \`${fn}\` (¿cambiaste su nombre o su forma de declararla?).`,
    );
  }
  if (
    completed.length > 0 && completed.every((r) => !r.ok && isTodo(r.error))
  ) {
    // The release's stubs say whose they are: "TODO: <exercise id>: …".
    const owner = (completed[0] as { error: PlainError }).error.message
      .match(/^TODO:\s*([\w.-]+):/)?.[1];
    return failAll(
      owner && owner !== def.id
        ? `${fn} usa la función del ejercicio «${owner}», que todavía lanza el error TODO del enunciado: implementa ese ejercicio primero (en el notebook, esta celda fallaría igual).`
        : NOT_IMPLEMENTED,
    );
  }
  if (run.interrupted) {
    result.messages.push(interruptionMessage(run.interrupted));
  }
  tests.forEach((t, i) => {
    const verdict = judgeTest(t, run.results, run, fn, where, def.dependencies);
    const tr: TestResult = result.tests[i];
    tr.passed = verdict.passed;
    tr.points = verdict.passed ? tr.maxPoints : 0;
    tr.message = verdict.passed
      ? ""
      : tr.hidden
      ? `Prueba oculta fallida: ${
        verdict.property ?? "no se cumple lo que pide el enunciado"
      }. Pista: ${t.test.hint}`
      : `${verdict.message}\nPista: ${t.test.hint}`;
  });
  result.points =
    Math.round(result.tests.reduce((s, t) => s + t.points, 0) * 1000) / 1000;
  return result;
}

/**
 * What a lab notebook says when a cell uses something that is not defined
 * in the kernel. A `ReferenceError` alone ("klStandardNormal is not
 * defined", "tf is not defined") does not tell a student why: the exercise
 * cell did not run, or it has a syntax error (the Deno kernel rejects it
 * with an empty "Execution failed" that Jupyter does not show), or the
 * setup cells at the top did not run. {@linkcode check} turns such an error
 * into a Spanish message that says which and what to run.
 *
 * The notebook's setup cell calls {@linkcode startLab}; every check cell
 * imports `check` itself, so it works even when the setup cell never ran.
 *
 * @example
 * ```ts
 * import { check, startLab } from "./check.ts";
 * startLab("lab1_elbo_dense_vae"); // in the setup cell
 * await check(() => {
 *   // the check cell's body: calls the student's functions
 * });
 * ```
 * @module
 */
import { exerciseDefining, isLabName, type LabName, LABS } from "./labs.ts";

const STATE = Symbol.for("vaelab.labs.started");

type Started = { [STATE]?: LabName };

/** Records, for this kernel, that the setup cells of `lab` ran. */
export function startLab(lab: string): void {
  if (!isLabName(lab)) {
    throw new RangeError(
      `laboratorio desconocido "${lab}"; válidos: ${
        Object.keys(LABS).join(", ")
      }`,
    );
  }
  (globalThis as Started)[STATE] = lab;
}

/** The lab whose setup cells ran in this kernel, if any. */
export function startedLab(): LabName | undefined {
  return (globalThis as Started)[STATE];
}

/** Forgets {@linkcode startLab} (tests only: a kernel restart does this). */
export function resetLab(): void {
  delete (globalThis as Started)[STATE];
}

/** The name a ReferenceError is about, or undefined for any other error. */
export function missingName(error: unknown): string | undefined {
  if (!(error instanceof ReferenceError)) return undefined;
  const message = error.message;
  return message.match(/^([\w$]+) is not defined$/)?.[1] ??
    message.match(/^Cannot access '([\w$]+)' before initialization$/)?.[1];
}

const RUN_ALL =
  "«Cell ▸ Run All» en Jupyter Notebook, «Run ▸ Run All Cells» en JupyterLab o «Run All» en VS Code";

/**
 * The Spanish explanation of `name` not being defined, given which lab's
 * setup ran in this kernel (undefined: none did).
 */
export function missingHint(name: string, lab: LabName | undefined): string {
  if (lab === undefined) {
    return `\`${name}\` no está definido: las celdas de preparación del principio del cuaderno ` +
      `(parámetros e importaciones: tf, la biblioteca del curso) no se han ejecutado en este kernel, ` +
      `como pasa al abrir el cuaderno o al reiniciar el kernel. ` +
      `Ejecuta el cuaderno desde el principio: ${RUN_ALL}.`;
  }
  const exercise = exerciseDefining(lab, name);
  if (exercise) {
    return `\`${name}\` no está definida. La define la celda que empieza con ` +
      `\`// EXERCISE: ${exercise.id}\`, y puede que:\n` +
      `- esa celda no se haya ejecutado en este kernel: ejecútala (Shift+Enter) y vuelve a ejecutar esta;\n` +
      `- esa celda tenga un error de sintaxis: el kernel de Deno la rechaza sin mostrar nada bajo ella. ` +
      `En una terminal, en la carpeta del curso, \`deno task check ${
        LABS[lab].notebook
      }\` muestra el error y su línea.`;
  }
  return `\`${name}\` no está definido. Si es un nombre tuyo, revisa cómo lo escribiste; ` +
    `si lo define otra celda del cuaderno, esa celda no se ha ejecutado en este kernel: ` +
    `ejecuta las celdas anteriores en orden («Cell ▸ Run All Above» en Jupyter Notebook, ` +
    `«Run ▸ Run All Above Selected Cell» en JupyterLab, «Execute Above Cells» en VS Code).`;
}

/**
 * `error` with a Spanish explanation when it is a ReferenceError about a
 * missing name (the original kept as `cause`); any other error unchanged.
 */
export function explainError(
  error: unknown,
  lab: LabName | undefined = startedLab(),
): unknown {
  const name = missingName(error);
  if (name === undefined) return error;
  const hint = new ReferenceError(missingHint(name, lab), { cause: error });
  // The kernel prints the stack under the message: the library's frames
  // would only distract (the original stack stays in `cause`).
  hint.stack = `ReferenceError: ${hint.message}`;
  return hint;
}

/** True for a tf.Tensor (or anything shaped like one) that was disposed. */
function isDisposed(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    "isDisposed" in value && value.isDisposed === true;
}

/**
 * Checks what every exercise promises about one call of the function `fn`:
 * it returned its result directly (not a Promise: no `async`), and left the
 * tensors it received alive (later cells use them). Returns `result`;
 * throws a Spanish error naming `fn` otherwise.
 *
 * @example
 * ```ts
 * import { checkCall } from "./check.ts";
 * const double = (x: number[]) => x.map((v) => 2 * v);
 * const input = [1, 2];
 * checkCall("double", double(input), [input]); // [2, 4]
 * ```
 */
export function checkCall<T>(
  fn: string,
  result: T,
  inputs: readonly unknown[] = [],
): T {
  const then = (result as { then?: unknown } | null | undefined)?.then;
  if (typeof then === "function") {
    throw new TypeError(
      `${fn} devolvió una Promise: tiene que devolver su resultado directamente (quita el async y los await)`,
    );
  }
  inputs.forEach((input, i) => {
    if (isDisposed(input)) {
      throw new Error(
        `${fn} liberó (dispose) su argumento ${
          i + 1
        }: no liberes los tensores que recibes, las celdas siguientes los siguen usando`,
      );
    }
  });
  return result;
}

/**
 * Runs a notebook cell's body and returns its result; a missing definition
 * inside it is rethrown as the Spanish explanation of {@linkcode explainError}.
 *
 * @example
 * ```ts
 * import { check } from "./check.ts";
 * // In a check cell (works even before the setup cells ran):
 * await check(() => console.log("✔ comprobado"));
 * ```
 */
export async function check<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw explainError(error);
  }
}

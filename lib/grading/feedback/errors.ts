/**
 * Spanish explanations of what went wrong while running a student's cell:
 * errors its code threw (located in the cell, not in the generated module),
 * names it used that the grader does not give it, permissions it does not
 * have, and the sandbox's interruptions (time, memory, crash).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { explainError } from "./errors.ts";
 * const text = explainError({ name: "Error", message: "TODO: elbo: implementa" }, "elboEstimate");
 * assert.match(text, /Sin implementar/);
 * const leak = explainError({ name: "TypeError", message: 'no "/srv/kit/lib/vae/mod.ts"' }, "f");
 * assert.equal(leak, 'f lanzó TypeError: no "<archivo>"');
 * ```
 * @module
 */
import type { Interruption, PlainError } from "../sandbox/protocol.ts";

/** The "not implemented" message (the released notebook's TODO stub). */
export const NOT_IMPLEMENTED =
  'Sin implementar: la celda todavía lanza el error TODO del enunciado. Sustituye la línea `throw new Error("TODO: …")` por tu implementación.';

/** Whether an error is the TODO stub of a released notebook. */
export function isTodo(error: PlainError): boolean {
  return /^TODO\b/.test(error.message);
}

/** Where the grader says an error happened, e.g. " (línea 4 de la celda)". */
export type Locator = (error: PlainError) => string;

/** Context for explaining a name the exercise could not find. */
export interface NameContext {
  /** Graded functions whose references this exercise gets. */
  dependencies: string[];
}

/**
 * A message with the grader's file names taken out: module URLs and
 * absolute paths (the kit's folder, the sandbox's workspace) say nothing a
 * student can act on and tell an attacker where things are.
 */
export function withoutPaths(text: string): string {
  return text
    .replace(/\b(?:file|blob|data):\/*[^\s"'`)»]+/g, "<archivo>")
    .replace(/(^|[\s"'`(«=])(?:\/[\w.@+~-]+){2,}\/?/g, "$1<archivo>");
}

function firstLines(text: string, lines: number, chars: number): string {
  return withoutPaths(text).split("\n").slice(0, lines).join("\n").slice(
    0,
    chars,
  );
}

/** A Spanish explanation of an error thrown by student code. */
export function explainError(
  error: PlainError,
  fn: string,
  where = "",
  names: NameContext = { dependencies: [] },
): string {
  if (isTodo(error)) return NOT_IMPLEMENTED;
  const m = error.message;
  if (error.name === "Unavailable") {
    return `${fn} usa ${m}${where}.`;
  }
  if (error.name === "NotCapable" || error.name === "PermissionDenied") {
    const what = /read access|--allow-read/i.test(m)
      ? "leer un archivo"
      : /net access|--allow-net/i.test(m)
      ? "usar la red"
      : /env access|--allow-env/i.test(m)
      ? "leer variables de entorno"
      : /write access|--allow-write/i.test(m)
      ? "escribir un archivo"
      : /run access|--allow-run/i.test(m)
      ? "lanzar un proceso"
      : /import access|--allow-import/i.test(m)
      ? "importar código de la red"
      : "usar un permiso";
    return `El código intentó ${what}${where}: no está permitido en una celda evaluada.`;
  }
  if (/Deno\.exit\(\)/.test(m)) {
    return `El código intentó terminar el proceso (Deno.exit())${where}: no está permitido en una celda evaluada.`;
  }
  if (
    error.name === "RangeError" &&
    /array buffer allocation|allocation failed|invalid typed array length|invalid array length/i
      .test(m)
  ) {
    return `El código intentó reservar más memoria de la permitida${where} (${
      firstLines(m, 1, 160)
    }). ¿Un tensor o un array desmesurado?`;
  }
  if (/Cannot compute gradient|Cannot find a connection/i.test(m)) {
    return `El gradiente no llega a las entradas de ${fn}${where}: tf no encuentra operaciones que lleven de ellas al resultado, así que el entrenamiento no podría derivar a través de esta función. Cada parte del cálculo tiene que ser una operación de tf sobre sus entradas (nada de dataSync(), arraySync() ni números de JavaScript reconvertidos en tensores).`;
  }
  if (/Tensor is disposed/i.test(m)) {
    return `${fn} usa un tensor ya liberado (dispose)${where}: "Tensor is disposed". ¿Liberas un tensor que todavía se usa, o uno que devuelves?`;
  }
  if (error.name === "ReferenceError") {
    const name = m.match(/^(\S+) is not defined/)?.[1];
    const deps = names.dependencies.length
      ? `, las funciones de referencia de ${
        names.dependencies.map((d) => `\`${d}\``).join(", ")
      }`
      : "";
    return `${
      name ? `\`${name}\`` : "Un nombre"
    } no está definido al evaluar ${fn}${where} (${
      firstLines(m, 1, 200)
    }). El corrector evalúa cada ejercicio con tf, los imports del notebook y las declaraciones (funciones, constantes, clases) de las celdas anteriores${deps}. Si en el notebook funciona, ¿${
      name ? `\`${name}\`` : "ese nombre"
    } se define en una celda posterior, o se asigna en una instrucción en vez de declararse? Decláralo en esta celda o en una anterior.`;
  }
  return `${fn} lanzó ${error.name}${where}: ${firstLines(m, 4, 600)}`;
}

/** A Spanish explanation of an interruption. */
export function interruptionMessage(why: Interruption): string {
  switch (why.kind) {
    case "timeout":
      return `La ejecución superó el límite de tiempo (${
        (why.ms / 1000).toFixed(0)
      } s) y se detuvo. ¿Hay un bucle infinito o un cálculo enorme?`;
    case "memory":
      return `El código superó el límite de memoria y se detuvo (${why.detail}). ¿Reservas un tensor o un array enorme?`;
    case "crash":
      return `La evaluación de este ejercicio se interrumpió: ${why.detail}.`;
    case "forged":
      return `El ejercicio vale 0: ${why.detail}. Una celda solo define sus funciones; el evaluador las llama.`;
  }
}

/** The message of a module that could not even be loaded. */
export function loadErrorMessage(error: PlainError, where: string): string {
  const m = error.message;
  if (
    error.name === "SyntaxError" ||
    /^(Expected|Unexpected|Unterminated)/.test(m)
  ) {
    return `Error de sintaxis${where}: ${firstLines(m, 3, 400)}`;
  }
  if (/Module not found|Cannot resolve|Relative import path/i.test(m)) {
    return `Un import de la celda no se puede cargar en la evaluación${where}: ${
      firstLines(m, 2, 300)
    }`;
  }
  return `La celda no se pudo cargar${where}: ${
    explainError(error, "la celda", "")
  }`;
}

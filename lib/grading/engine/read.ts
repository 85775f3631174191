/**
 * Stage 1, read: a submission file becomes a notebook or a Spanish problem.
 * Only a regular file is read — a symbolic link is not followed, a folder,
 * device, FIFO or socket is refused without being opened — and only up to
 * a size cap; the file opened must be the file inspected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readSubmission } from "./read.ts";
 * const result = await readSubmission("/etc/hostname-that-does-not-exist.ipynb");
 * assert.ok("problem" in result);
 * ```
 * @module
 */
import {
  type Notebook,
  NotebookError,
  parseNotebook,
} from "../../notebook/nbformat.ts";

/** Largest notebook file the grader reads (bytes). */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

function spanishProblem(error: NotebookError): string {
  const p = error.problem;
  if (p.startsWith("not valid JSON")) {
    return `El archivo no es JSON válido, así que no es un notebook legible (${
      p.match(/^not valid JSON \((.*?)\);/)?.[1] ?? ""
    }). Un notebook es el archivo .ipynb que guarda JupyterLab o VS Code; ¿se cortó o se editó a mano?`;
  }
  const version = p.match(/^nbformat (\S+) is not supported/);
  if (version) {
    return `El notebook usa nbformat ${
      version[1]
    }; la evaluación necesita nbformat 4. Ábrelo en JupyterLab y guárdalo de nuevo (o \`jupyter nbconvert --to notebook --nbformat 4\`).`;
  }
  if (p.startsWith("not a notebook")) {
    return "El archivo es JSON pero no un notebook de Jupyter (le faltan `cells` y `nbformat`).";
  }
  const cell = p.match(/^cell (\d+) (.*)$/);
  if (cell) {
    return `La celda ${cell[1]} del archivo está dañada (${
      cell[2].includes("cell_type")
        ? "no tiene un tipo válido"
        : "no tiene texto"
    }); ábrelo y guárdalo de nuevo con Jupyter.`;
  }
  return `El archivo no es un notebook válido (${p.slice(0, 200)}).`;
}

function kindOf(info: Deno.FileInfo): string {
  if (info.isSymlink) return "un enlace simbólico";
  if (info.isDirectory) return "una carpeta";
  if (info.isFifo) return "una tubería (FIFO)";
  if (info.isCharDevice || info.isBlockDevice) return "un dispositivo";
  if (info.isSocket) return "un socket";
  return "un archivo especial";
}

/** Reads a submission: the notebook, or why it cannot be graded (Spanish). */
export async function readSubmission(
  path: string,
): Promise<{ notebook: Notebook } | { problem: string }> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    return {
      problem: error instanceof Deno.errors.NotFound
        ? "No se encontró el archivo."
        : `No se pudo leer el archivo (${(error as Error).name}).`,
    };
  }
  if (!info.isFile) {
    return {
      problem: `No es un archivo normal sino ${
        kindOf(info)
      }: no se lee. Entrega el notebook (.ipynb) mismo.`,
    };
  }
  if (info.size > MAX_NOTEBOOK_BYTES) {
    return {
      problem: `El archivo pesa ${
        (info.size / 2 ** 20).toFixed(0)
      } MiB, más que el máximo de ${
        MAX_NOTEBOOK_BYTES / 2 ** 20
      } MiB: borra las salidas grandes (Edit > Clear All Outputs) y guárdalo de nuevo.`,
    };
  }
  let text: string;
  try {
    using file = await Deno.open(path, { read: true });
    const opened = await file.stat();
    if (
      !opened.isFile || opened.ino !== info.ino || opened.dev !== info.dev
    ) {
      return { problem: "El archivo cambió mientras se leía: no se lee." };
    }
    const bytes = new Uint8Array(Math.min(opened.size, MAX_NOTEBOOK_BYTES) + 1);
    let length = 0;
    while (length < bytes.length) {
      const n = await file.read(bytes.subarray(length));
      if (n === null) break;
      length += n;
    }
    if (length > MAX_NOTEBOOK_BYTES) {
      return { problem: "El archivo creció mientras se leía: no se lee." };
    }
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(0, length),
    );
  } catch (error) {
    return {
      problem: error instanceof TypeError
        ? "El archivo no es texto UTF-8, así que no es un notebook."
        : `No se pudo leer el archivo (${(error as Error).name}).`,
    };
  }
  try {
    return { notebook: parseNotebook(text, path) };
  } catch (error) {
    if (error instanceof NotebookError) {
      return { problem: spanishProblem(error) };
    }
    return { problem: "El archivo no es un notebook válido." };
  }
}

/**
 * Names a cell the way a student or instructor finds it in JupyterLab or VS
 * Code — by what it is and its first line — instead of by an index that
 * counts cells nobody numbers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cellLabel } from "./cell_label.ts";
 * assert.equal(
 *   cellLabel({ cell_type: "code", metadata: {}, source: "// EXERCISE: elbo\nfunction elboEstimate() {}" }),
 *   "ejercicio «elbo» («function elboEstimate() {}»)",
 * );
 * assert.equal(cellLabel({ cell_type: "markdown", metadata: {}, source: "### Ejercicio 1\n…" }), "texto «### Ejercicio 1»");
 * ```
 * @module
 */
import { answerIdOf, cellMark, exerciseIdOf } from "./exercise.ts";
import { type Cell, cellSource } from "./nbformat.ts";

const MAX = 60;

function firstLine(text: string, skip?: RegExp): string {
  const line =
    text.split("\n").map((l) => l.trim()).find((l) =>
      l !== "" && !(skip?.test(l))
    ) ?? "";
  // deno-lint-ignore no-control-regex
  const clean = line.replace(/[\u0000-\u001f\u007f]/g, " ");
  return clean.length > MAX ? `${clean.slice(0, MAX - 1)}…` : clean;
}

/** A Spanish label for one cell: its role and first meaningful line. */
export function cellLabel(cell: Cell): string {
  const source = cellSource(cell);
  const exercise = exerciseIdOf(cell);
  if (exercise) {
    const line = firstLine(source, /^\/\/\s*EXERCISE:/);
    return `ejercicio «${exercise}»${line ? ` («${line}»)` : ""}`;
  }
  const answer = answerIdOf(cell);
  if (answer) return `respuesta «${answer}»`;
  const role = cellMark(cell).role;
  if (role === "student") return "celda del nombre del estudiante";
  if (role === "parameters") return "celda de parámetros";
  const line = firstLine(source);
  if (cell.cell_type === "markdown") return `texto «${line || "(vacío)"}»`;
  if (cell.cell_type === "raw") return `celda sin formato «${line}»`;
  return `código «${line || "(vacío)"}»`;
}

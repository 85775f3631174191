/**
 * Whose notebook this is: the name a student writes in the notebook's
 * "Estudiante" cell (a markdown cell marked `metadata.vaelab.role =
 * "student"`, holding a line `**Estudiante:** <name>`), else nbformat's
 * `metadata.authors[0].name`, else nothing. A folder name is never a
 * student's name (`notebooks/` is where everybody's copy lives).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { studentNameOf } from "./student.ts";
 * const nb = {
 *   nbformat: 4,
 *   nbformat_minor: 5,
 *   metadata: {},
 *   cells: [{
 *     cell_type: "markdown" as const,
 *     metadata: { vaelab: { role: "student" } },
 *     source: "**Estudiante:** Ada Lovelace",
 *   }],
 * };
 * assert.equal(studentNameOf(nb), "Ada Lovelace");
 * ```
 * @module
 */
import { cellMark } from "./exercise.ts";
import { cellSource, type Notebook } from "./nbformat.ts";

/** The role of the markdown cell where a student writes their name. */
export const STUDENT_ROLE = "student";

/** What the released "Estudiante" cell holds before a student edits it. */
export const STUDENT_PLACEHOLDER = "_escribe aquí tu nombre_";

const NAME_LINE = /^\s*\**\s*Estudiante\s*:?\s*\**\s*:?\s*(.*)$/im;

/** Control characters and markup a name never needs. */
function clean(name: string): string {
  // deno-lint-ignore no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/[*_`<>[\]#|\\]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
}

/**
 * The student's name as written in the notebook, or `undefined` when the
 * notebook does not say (the placeholder left as released counts as not
 * saying).
 */
export function studentNameOf(nb: Notebook): string | undefined {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    if (cellMark(cell).role !== STUDENT_ROLE) continue;
    const text = cellSource(cell).replaceAll(STUDENT_PLACEHOLDER, "");
    const line = text.match(NAME_LINE)?.[1] ?? "";
    const name = clean(line);
    if (name) return name;
  }
  const authors = nb.metadata?.authors;
  if (Array.isArray(authors)) {
    const first = authors[0] as { name?: unknown } | undefined;
    if (typeof first?.name === "string" && clean(first.name)) {
      return clean(first.name);
    }
  }
  return undefined;
}

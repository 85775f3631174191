/**
 * Stage 3, compare with the release: is the submission a copy of the
 * released notebook, as the first lab's statement requires? Cells are
 * matched by their nbformat 4.5 id (kept by JupyterLab and VS Code), then
 * by identical text (a copy pasted into a new notebook), then by their
 * exercise or answer mark. Given cells (prompts, checks, setup) that are
 * missing or whose text changed, cells added, given cells out of order and
 * answers left as released are listed, each named as a student finds it.
 * Scores are not changed here; `--strict` turns a broken copy into a zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareWithRelease } from "./compare_release.ts";
 * const release = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
 *   { cell_type: "markdown" as const, id: "a", metadata: {}, source: "# Lab" },
 * ] };
 * const check = compareWithRelease({ ...release, cells: [] }, release);
 * assert.equal(check.missing.length, 1);
 * assert.equal(check.broken, true);
 * ```
 * @module
 */
import { cellLabel } from "../../notebook/cell_label.ts";
import { answerIdOf, cellMark, exerciseIdOf } from "../../notebook/exercise.ts";
import {
  type Cell,
  cellSource,
  type Notebook,
} from "../../notebook/nbformat.ts";
import { releaseStampOf } from "../../notebook/release.ts";
import { STUDENT_ROLE } from "../../notebook/student.ts";
import type { CellRef, CopyCheck } from "../report.ts";
import { answerText } from "./answers.ts";

const normalize = (text: string) =>
  text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd()).join("\n")
    .trim();

/** Cells a student is expected to edit: their changes are not "modified". */
function editable(cell: Cell): boolean {
  const role = cellMark(cell).role;
  return Boolean(
    exerciseIdOf(cell) || answerIdOf(cell) || role === STUDENT_ROLE ||
      role === "parameters",
  );
}

/** Longest increasing subsequence of values (indexes into `values`). */
function increasing(values: number[]): Set<number> {
  const tails: number[] = [], parent = new Array<number>(values.length);
  const tailIndex: number[] = [];
  values.forEach((v, i) => {
    let lo = 0, hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = v;
    tailIndex[lo] = i;
    parent[i] = lo > 0 ? tailIndex[lo - 1] : -1;
  });
  const keep = new Set<number>();
  for (let i = tailIndex[tails.length - 1] ?? -1; i >= 0; i = parent[i]) {
    keep.add(i);
  }
  return keep;
}

/** Compares a submission with the release it must be a copy of. */
export function compareWithRelease(
  submission: Notebook,
  release: Notebook,
): CopyCheck {
  const ref = (nb: Notebook, index: number): CellRef => ({
    index,
    label: cellLabel(nb.cells[index]),
  });
  const matchOf = new Map<number, number>(); // release index → submission index
  const taken = new Set<number>();
  const byId = new Map<string, number>();
  submission.cells.forEach((c, i) => {
    if (typeof c.id === "string" && !byId.has(c.id)) byId.set(c.id, i);
  });
  const tryMatch = (test: (r: Cell, s: Cell) => boolean) => {
    release.cells.forEach((r, ri) => {
      if (matchOf.has(ri)) return;
      const si = submission.cells.findIndex((s, i) =>
        !taken.has(i) && s.cell_type === r.cell_type && test(r, s)
      );
      if (si >= 0) {
        matchOf.set(ri, si);
        taken.add(si);
      }
    });
  };
  release.cells.forEach((r, ri) => {
    const si = typeof r.id === "string" ? byId.get(r.id) : undefined;
    if (
      si !== undefined && !taken.has(si) &&
      submission.cells[si].cell_type === r.cell_type
    ) {
      matchOf.set(ri, si);
      taken.add(si);
    }
  });
  tryMatch((r, s) => normalize(cellSource(r)) === normalize(cellSource(s)));
  tryMatch((r, s) => {
    const id = exerciseIdOf(r) ?? answerIdOf(r);
    return id !== undefined && (exerciseIdOf(s) ?? answerIdOf(s)) === id;
  });
  tryMatch((r, s) =>
    cellMark(r).role !== undefined && cellMark(r).role === cellMark(s).role
  );

  const missing: CellRef[] = [],
    modified: CellRef[] = [],
    moved: CellRef[] = [];
  const emptyAnswers: CellRef[] = [];
  const pairs = [...matchOf.entries()].sort((a, b) => a[0] - b[0]);
  const inOrder = increasing(pairs.map(([, si]) => si));
  pairs.forEach(([ri, si], k) => {
    const r = release.cells[ri], s = submission.cells[si];
    if (!inOrder.has(k)) moved.push(ref(submission, si));
    if (!editable(r)) {
      if (normalize(cellSource(r)) !== normalize(cellSource(s))) {
        modified.push(ref(submission, si));
      }
    } else if (exerciseIdOf(r)) {
      if (normalize(cellSource(r)) === normalize(cellSource(s))) {
        emptyAnswers.push(ref(submission, si));
      }
    } else if (answerIdOf(r) && answerText(cellSource(s)) === "") {
      emptyAnswers.push(ref(submission, si));
    }
  });
  release.cells.forEach((_, ri) => {
    if (!matchOf.has(ri)) missing.push(ref(release, ri));
  });
  const added = submission.cells.map((_, i) => i).filter((i) => !taken.has(i))
    .map((i) => ref(submission, i));

  const releaseStamp = releaseStampOf(release) ?? null;
  const stamp = releaseStampOf(submission) ?? null;
  const notes: string[] = [];
  if (!stamp) {
    notes.push(
      "El notebook no tiene el sello de la entrega (metadatos del notebook entregado): no parece una copia del notebook del curso; se comparó celda por celda.",
    );
  } else if (releaseStamp && stamp.version !== releaseStamp.version) {
    notes.push(
      `El notebook es una copia de otra versión del enunciado (${stamp.version}; la vigente es ${releaseStamp.version}).`,
    );
  }
  const list = (what: string, refs: CellRef[]) => {
    if (refs.length === 0) return;
    const shown = refs.slice(0, 8).map((r) => r.label).join("; ");
    notes.push(
      `${what} (${refs.length}): ${shown}${refs.length > 8 ? "; …" : ""}.`,
    );
  };
  list("Celdas del enunciado que faltan", missing);
  list("Celdas del enunciado modificadas", modified);
  list("Celdas del enunciado fuera de su orden", moved);
  list("Celdas añadidas", added);
  list("Respuestas y ejercicios sin completar", emptyAnswers);
  return {
    release: releaseStamp,
    stamp,
    missing,
    added,
    moved,
    modified,
    emptyAnswers,
    notes,
    broken: missing.length > 0 || modified.length > 0,
  };
}

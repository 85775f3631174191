/**
 * Which notebook of a Gradescope submission to grade, and why, in Spanish
 * for the student: students upload several (a blank "Copia de …", the
 * notebook of another lab, a checkpoint). The one graded is, in order:
 * of the assignment's lab, the one with the most exercise and answer cells
 * changed from the release (not a blank copy), readable, stamped, first by
 * name. Every other notebook is named with the reason it lost.
 *
 * @example
 * ```ts
 * import { chooseNotebook } from "./choose.ts";
 * const { chosen, notes } = chooseNotebook([], "lab1_elbo_dense_vae");
 * console.log(chosen, notes);
 * ```
 * @module
 */
import type { Identified } from "../batch/identify.ts";

/** The notebook to grade and the explanation. */
export interface Choice {
  /** Null when the submission holds no notebook at all. */
  chosen: Identified | null;
  /** Spanish sentences explaining the choice (empty when obvious). */
  notes: string[];
}

const cells = (n: number) =>
  n === 1 ? "1 celda completada" : `${n} celdas completadas`;

/** Picks the notebook to grade as `lab` (see the module doc). */
export function chooseNotebook(
  candidates: readonly Identified[],
  lab: string,
): Choice {
  if (candidates.length === 0) return { chosen: null, notes: [] };
  const rank = (c: Identified) => [
    c.detected === lab ? 0 : 1,
    -c.answered,
    c.problem ? 1 : 0,
    c.stamped ? 0 : 1,
  ];
  const sorted = [...candidates].sort((a, b) => {
    const ra = rank(a), rb = rank(b);
    for (let i = 0; i < ra.length; i++) {
      if (ra[i] !== rb[i]) return ra[i] - rb[i];
    }
    return a.submission.relative < b.submission.relative ? -1 : 1;
  });
  const chosen = sorted[0];
  const name = (c: Identified) => `«${c.submission.relative}»`;
  const notes: string[] = [];
  if (chosen.detected !== lab) {
    notes.push(
      `Ningún notebook de la entrega es del laboratorio ${lab}; se evaluó ${
        name(chosen)
      } de todos modos${
        chosen.detected ? ` (es del laboratorio ${chosen.detected})` : ""
      }. Sube el notebook de este laboratorio.`,
    );
  } else if (sorted.length > 1) {
    const tie = sorted[1].detected === lab &&
      sorted[1].answered === chosen.answered;
    notes.push(
      `La entrega tiene ${sorted.length} notebooks; se evaluó ${
        name(chosen)
      }: es del laboratorio ${lab} y ${
        tie ? "empata como el más completo" : "el más completo"
      } (${cells(chosen.answered)})${
        tie ? "; se eligió el primero por nombre" : ""
      }.`,
    );
  }
  for (const other of sorted.slice(1)) {
    const why = other.problem
      ? other.problem
      : other.detected !== lab
      ? other.detected
        ? `es del laboratorio ${other.detected}.`
        : "no es de ningún laboratorio publicado."
      : other.answered === 0 && chosen.answered > 0
      ? "es una copia sin completar (0 celdas completadas)."
      : other.answered === chosen.answered
      ? `está igual de completo (${
        cells(other.answered)
      }) y va después por nombre.`
      : `tiene menos celdas completadas (${other.answered}).`;
    notes.push(`${name(other)} no se evaluó: ${why}`);
  }
  return { chosen, notes };
}

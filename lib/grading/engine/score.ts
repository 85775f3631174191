/**
 * Stage 7, score: totals rounded to 1/1000 of a point, and `--strict`,
 * which turns a broken copy of the release (given cells missing or
 * modified) into a zero with the reason, keeping every test's verdict for
 * the feedback.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { total } from "./score.ts";
 * assert.equal(total([0.1, 0.2]), 0.3);
 * ```
 * @module
 */
import type { GradeReport } from "../report.ts";

/** A sum rounded to 1/1000. */
export function total(points: number[]): number {
  return Math.round(points.reduce((s, p) => s + p, 0) * 1000) / 1000;
}

/** Zeroes a broken copy's score and says why. */
export function applyStrict(report: GradeReport): void {
  const copy = report.copy;
  if (!copy?.broken) return;
  const parts = [
    copy.missing.length
      ? `faltan ${copy.missing.length} celdas del enunciado`
      : "",
    copy.modified.length
      ? `${copy.modified.length} celdas del enunciado fueron modificadas`
      : "",
  ].filter(Boolean);
  report.strictZero = `El notebook no es una copia del entregado (${
    parts.join(" y ")
  }): con la regla estricta del curso se califica con 0. Detalles en la comparación con el enunciado.`;
  for (const e of report.exercises) {
    e.points = 0;
    for (const t of e.tests) t.points = 0;
  }
  report.score = 0;
}

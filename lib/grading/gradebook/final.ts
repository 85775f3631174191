/**
 * The final grade of a submission, on a 0–10 scale:
 *
 *     final = 10 × (wT · theory / theoryMax + wP · practice / practiceMax) / (wT + wP)
 *
 * with the lab's weights `wT`, `wP` (`LabInfo.weights`, from the release),
 * `practice` the automatic score out of `practiceMax`, and `theory` the sum
 * of the instructor's marks out of `theoryMax`, the points of the non-bonus
 * answers. Bonus answers add their marks to `theory` (which may then exceed
 * `theoryMax`); the final grade is capped at 10, so a bonus can make up for
 * points lost anywhere but never lifts the grade above 10. A lab without
 * theory (or practice) is graded on the other part alone. The grade is
 * pending while a non-bonus answer has no mark; a bonus answer without a
 * mark counts 0. Rounded to two decimals.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeFinal } from "./final.ts";
 * const final = computeFinal({
 *   practice: 3, practiceMax: 6,
 *   answers: [{ id: "a", maxPoints: 4, bonus: false }, { id: "b", maxPoints: 1, bonus: true }],
 *   marks: new Map([["a", 3], ["b", 1]]),
 *   weights: { theory: 1, practice: 1 },
 * });
 * assert.equal(final.grade, 7.5); // 10 × (4/4 + 3/6) / 2
 * ```
 * @module
 */

/** The final grade and how it was reached. */
export interface FinalGrade {
  /** Sum of the entered marks, bonus included (null when none entered). */
  theory: number | null;
  /** Points of the non-bonus answers. */
  theoryMax: number;
  /** Automatic points. */
  practice: number;
  /** Automatic maximum. */
  practiceMax: number;
  /** The lab's weights (relative). */
  weights: { theory: number; practice: number };
  /** 0–10, two decimals; null while pending. */
  grade: number | null;
  /** Non-bonus answers without a mark. */
  pending: string[];
  /** Spanish note on what is missing or special, "" when nothing. */
  status: string;
}

/** What {@link computeFinal} needs. */
export interface FinalInput {
  /** Automatic points. */
  practice: number;
  /** Automatic maximum. */
  practiceMax: number;
  /** The lab's theory answers (points from the release). */
  answers: { id: string; maxPoints: number; bonus: boolean }[];
  /** The instructor's marks (undefined: no marks file was given). */
  marks?: ReadonlyMap<string, number>;
  /** The lab's weights (relative). */
  weights: { theory: number; practice: number };
}

/** Rounds to two decimals (half away from zero, robust to 0.1-style floats). */
export function round2(x: number): number {
  return Math.round((x + Math.sign(x) * 1e-9) * 100) / 100;
}

/** Computes the final grade (see the module doc). */
export function computeFinal(input: FinalInput): FinalGrade {
  const { practice, practiceMax, answers, marks, weights } = input;
  const theoryMax = answers.filter((a) => !a.bonus)
    .reduce((s, a) => s + a.maxPoints, 0);
  const entered = answers.filter((a) => marks?.has(a.id));
  const theory = entered.length === 0
    ? null
    : entered.reduce((s, a) => s + marks!.get(a.id)!, 0);
  const pending = answers.filter((a) => !a.bonus && !marks?.has(a.id))
    .map((a) => a.id);
  const base = { theory, theoryMax, practice, practiceMax, weights, pending };
  if (theoryMax <= 0 && practiceMax <= 0) {
    return { ...base, grade: null, status: "laboratorio desconocido" };
  }
  if (
    !(weights.theory >= 0 && weights.practice >= 0) ||
    weights.theory + weights.practice <= 0
  ) {
    return {
      ...base,
      grade: null,
      status: "pesos no válidos en la publicación",
    };
  }
  if (pending.length > 0) {
    return {
      ...base,
      grade: null,
      status: marks
        ? `faltan notas de teoría: ${pending.join(", ")}`
        : "faltan las notas de teoría (--marks)",
    };
  }
  const t = theory ?? 0;
  let fraction: number;
  if (theoryMax <= 0) fraction = practice / practiceMax;
  else if (practiceMax <= 0) fraction = t / theoryMax;
  else {
    fraction = (weights.theory * (t / theoryMax) +
      weights.practice * (practice / practiceMax)) /
      (weights.theory + weights.practice);
  }
  const raw = 10 * fraction;
  const grade = round2(Math.min(10, Math.max(0, raw)));
  return {
    ...base,
    grade,
    status: raw > 10 ? "limitada a 10 (bonus)" : "",
  };
}

/**
 * What every feedback report (Markdown, HTML, Gradescope) says, as plain
 * Spanish text still to be escaped: score lines, the copy check grouped by
 * kind of change, the theory answers with their marks, the final grade.
 * Renderers only format these; none of the strings here is escaped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pts } from "./view.ts";
 * assert.equal(pts(0.3750001), "0.375");
 * ```
 * @module
 */
import type { FinalGrade } from "../gradebook/final.ts";
import type {
  AnswerResult,
  CopyCheck,
  ExerciseResult,
  GradeReport,
} from "../report.ts";

/** What a batch knows about a submission beyond its grading report. */
export interface ReportExtras {
  /**
   * Spanish notes from the batch about this submission (files of its folder
   * that were not graded, which notebook was chosen and why). Untrusted:
   * they quote file names.
   */
  notes?: string[];
  /** Theory marks the instructor entered, by answer id. */
  marks?: ReadonlyMap<string, number>;
  /** The final grade, when the gradebook computed one. */
  final?: FinalGrade;
}

/** Formats points without trailing zeros (0.375, 1.5, 2). */
export function pts(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

/** The report's title: lab title (or "Evaluación") and the student. */
export function titleOf(report: GradeReport): string {
  return `${report.labTitle || "Evaluación"} — ${
    report.student || report.submission
  }`;
}

/** "Puntaje automático: 4.5 / 6" (or "Pruebas públicas" in check mode). */
export function scoreLine(report: GradeReport): string {
  return `${
    report.mode === "check" ? "Pruebas públicas" : "Puntaje automático"
  }: ${pts(report.score)} / ${pts(report.maxScore)}`;
}

/** The check-mode note on hidden tests, or null when there is none. */
export function hiddenNote(report: GradeReport): string | null {
  const count = report.exercises.reduce((s, e) => s + e.hiddenNotRun, 0);
  if (report.mode !== "check" || count === 0) return null;
  const points = report.exercises.reduce((s, e) => s + e.hiddenPointsNotRun, 0);
  return `Hay ${count} pruebas ocultas (${
    pts(points)
  } puntos) que no se ejecutan aquí: se ejecutan al corregir. Pasar las públicas no garantiza pasar las ocultas.`;
}

/** How an exercise went: all points, some, or none. */
export function exerciseStatus(e: ExerciseResult): "ok" | "part" | "bad" {
  if (e.maxPoints > 0 && e.points >= e.maxPoints) return "ok";
  return e.points > 0 ? "part" : "bad";
}

/** One kind of difference with the release, and the cells it concerns. */
export interface CopyGroup {
  /** Spanish heading, e.g. "Celdas dadas que faltan". */
  title: string;
  /** The cells' labels (untrusted: they quote the notebook). */
  cells: string[];
}

/** The copy check as reports show it. */
export interface CopyView {
  /** Which release the notebook was compared with, and its stamp. */
  release: string;
  /** The engine's one-line summaries. */
  notes: string[];
  /** Non-empty groups only. */
  groups: CopyGroup[];
}

/** The copy check of a report, or null when there was none. */
export function copyView(copy: CopyCheck | null): CopyView | null {
  if (!copy) return null;
  const version = (v: { assignment: string; version: string } | null) =>
    v ? `${v.assignment} versión ${v.version}` : null;
  const release = version(copy.release);
  const stamp = version(copy.stamp);
  const groups: CopyGroup[] = [
    { title: "Celdas dadas que faltan", refs: copy.missing },
    { title: "Celdas añadidas", refs: copy.added },
    { title: "Celdas dadas fuera de su orden", refs: copy.moved },
    { title: "Celdas dadas modificadas", refs: copy.modified },
    { title: "Ejercicios y respuestas sin completar", refs: copy.emptyAnswers },
  ].filter((g) => g.refs.length > 0).map((g) => ({
    title: g.title,
    cells: g.refs.map((ref) => ref.label),
  }));
  return {
    release: `Comparado con la publicación ${release ?? "(desconocida)"}; ${
      stamp ? `sello de la entrega: ${stamp}` : "la entrega no tiene sello"
    }.`,
    notes: copy.notes,
    groups,
  };
}

/** One theory answer as reports show it. */
export interface AnswerRow {
  /** The answer's id. */
  id: string;
  /** A bonus question. */
  bonus: boolean;
  /** The answer cell's label (untrusted), when found. */
  cell?: string;
  /** "respondida" or "sin responder". */
  status: string;
  /** Points it is worth (from the release). */
  maxPoints: number;
  /** The instructor's mark, when entered. */
  mark?: number;
}

/** The theory answers with the instructor's marks, when there are any. */
export function answerRows(
  answers: AnswerResult[],
  marks?: ReadonlyMap<string, number>,
): AnswerRow[] {
  return answers.map((a) => ({
    id: a.id,
    bonus: a.bonus,
    cell: a.cell?.label,
    status: a.answered ? "respondida" : "sin responder",
    maxPoints: a.maxPoints,
    mark: marks?.get(a.id),
  }));
}

/** "Nota final: 7.25 / 10 (teoría 4 / 6 × 40 %, práctica 5 / 6 × 60 %)". */
export function finalLines(final: FinalGrade | undefined): string[] {
  if (!final) return [];
  const lines: string[] = [];
  const { theory, theoryMax, practice, practiceMax, weights } = final;
  const share = (w: number) =>
    `${pts((100 * w) / (weights.theory + weights.practice))} %`;
  lines.push(
    `Teoría: ${theory === null ? "pendiente" : pts(theory)} / ${
      pts(theoryMax)
    } (peso ${share(weights.theory)}); práctica: ${pts(practice)} / ${
      pts(practiceMax)
    } (peso ${share(weights.practice)}).`,
  );
  lines.push(
    final.grade === null
      ? `Nota final: pendiente (${final.status}).`
      : `Nota final: ${final.grade.toFixed(2)} / 10${
        final.status ? ` (${final.status})` : ""
      }.`,
  );
  return lines;
}

/**
 * The student's feedback as Markdown (Spanish): who and what was graded,
 * the score, a `--strict` zero and its reason, notebook problems, files not
 * graded, the comparison with the release (cells missing, added, moved,
 * modified, answers left empty, each by its label), one section per
 * exercise with each test's result and feedback, the theory answers with
 * their marks, and the final grade.
 *
 * Untrusted text never reaches the Markdown unescaped: one-line values go
 * through `mdInline`, messages through `mdBlock` (a fence longer than any
 * backtick run in them), so a student's error message cannot forge a
 * heading, a link, an image or HTML.
 *
 * @example
 * ```ts
 * import { reportMarkdown } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * import { gradeNotebook } from "../engine/grade.ts";
 * const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", { mode: "check" });
 * assert.match(reportMarkdown(report, { notes: ["«.x»: archivo oculto"] }), /archivo oculto/);
 * ```
 * @module
 */
import type { GradeReport } from "../report.ts";
import { mdBlock, mdInline, mdItem } from "./escape.ts";
import {
  answerRows,
  copyView,
  exerciseStatus,
  finalLines,
  hiddenNote,
  pts,
  type ReportExtras,
  scoreLine,
  titleOf,
} from "./view.ts";

export { pts };

const MARK = { ok: "✅", part: "🟡", bad: "❌" } as const;

/**
 * The report's sections before the exercises (score, strict zero,
 * problems, notes, copy check) and after them (answers, final grade), as
 * Markdown lines; Gradescope's overall output uses them too.
 */
export function summarySections(
  report: GradeReport,
  extras: ReportExtras = {},
): { head: string[]; tail: string[] } {
  const head: string[] = [];
  head.push(`**${mdInline(scoreLine(report))}**`, "");
  const hidden = hiddenNote(report);
  if (hidden) head.push(mdInline(hidden, 1000), "");
  if (report.strictZero) {
    head.push(
      "## ❌ Puntaje en cero: la copia del notebook no es válida (--strict)",
      "",
      mdBlock(report.strictZero),
      "",
    );
  }
  if (report.problems.length) {
    head.push("## Problemas con el notebook", "");
    for (const p of report.problems) head.push(mdBlock(p), "");
  }
  if (extras.notes?.length) {
    head.push("## Sobre los archivos de la entrega", "");
    for (const n of extras.notes) head.push(`- ${mdItem(n, 600)}`);
    head.push("");
  }
  const copy = copyView(report.copy);
  if (copy) {
    head.push("## Comparación con el notebook publicado", "");
    head.push(mdInline(copy.release, 600), "");
    for (const n of copy.notes) head.push(`- ${mdItem(n, 1000)}`);
    if (copy.notes.length) head.push("");
    for (const g of copy.groups) {
      head.push(`### ${mdInline(g.title)} (${g.cells.length})`, "");
      for (const c of g.cells) head.push(`- ${mdItem(c)}`);
      head.push("");
    }
  }
  const tail: string[] = [];
  if (report.answers.length) {
    tail.push(
      "## Preguntas teóricas (corrección manual)",
      "",
      "| Pregunta | Celda | Estado | Nota | Máximo |",
      "|---|---|---|---:|---:|",
    );
    for (const a of answerRows(report.answers, extras.marks)) {
      tail.push(
        `| ${mdInline(a.id)}${a.bonus ? " (bonus)" : ""} | ${
          a.cell ? mdInline(a.cell) : "—"
        } | ${a.status} | ${a.mark === undefined ? "—" : pts(a.mark)} | ${
          pts(a.maxPoints)
        } |`,
      );
    }
    tail.push("");
  }
  const final = finalLines(extras.final);
  if (final.length) {
    tail.push("## Nota final", "");
    for (const line of final) tail.push(`- ${mdItem(line, 600)}`);
    tail.push("");
  }
  return { head, tail };
}

/** One exercise's section: heading, cell, messages, tests. */
function exerciseSection(e: GradeReport["exercises"][number]): string[] {
  const out = [
    `## ${MARK[exerciseStatus(e)]} ${mdInline(e.id)} — ${mdInline(e.title)}: ${
      pts(e.points)
    } / ${pts(e.maxPoints)}`,
    "",
  ];
  if (e.cell) out.push(`Celda: ${mdInline(e.cell.label)}`, "");
  for (const m of e.messages) out.push(mdBlock(m), "");
  for (const t of e.tests) {
    out.push(
      `- ${t.passed ? "✔" : "✘"} ${mdInline(t.name)}${
        t.hidden ? " (oculta)" : ""
      }: ${pts(t.points)} / ${pts(t.maxPoints)}`,
    );
    if (!t.passed && t.message) out.push("", mdBlock(t.message, "  "), "");
  }
  if (e.hiddenNotRun > 0) {
    out.push(
      `- ${e.hiddenNotRun} prueba(s) oculta(s) no ejecutada(s) (${
        pts(e.hiddenPointsNotRun)
      } puntos)`,
    );
  }
  out.push("");
  return out;
}

/** Renders a report as Markdown (see the module doc). */
export function reportMarkdown(
  report: GradeReport,
  extras: ReportExtras = {},
): string {
  const { head, tail } = summarySections(report, extras);
  const out = [
    `# ${mdInline(titleOf(report))}`,
    "",
    `- Entrega: ${mdInline(report.submission)}`,
    `- Notebook: ${mdInline(report.notebook)}`,
    `- Semilla de las entradas aleatorias: ${report.seed}${
      report.kitVersion ? ` (vaelab ${mdInline(report.kitVersion)})` : ""
    }`,
    "",
    ...head,
    ...report.exercises.flatMap(exerciseSection),
    ...tail,
  ];
  return out.join("\n").trimEnd() + "\n";
}

/**
 * Gradescope's autograder `results.json` for one submission: one test per
 * (exercise, test) with name, score, max_score, status, output and
 * visibility; hidden tests are visible to students only after grades are
 * published, and their output is only the authored hint.
 *
 * @module
 */
import type { GradeReport } from "../grade.ts";
import { pts } from "./markdown.ts";

/** One entry of Gradescope's `tests` array. */
export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
}

/** Gradescope's results.json document. */
export interface GradescopeResults {
  score: number;
  output: string;
  visibility: "visible";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

/** Builds Gradescope's results.json for a report. */
export function gradescopeResults(report: GradeReport): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const e of report.exercises) {
    for (const t of e.tests) {
      const output = [
        ...(!t.passed ? e.messages : []),
        t.passed ? "" : t.message,
      ].filter(Boolean).join("\n\n");
      tests.push({
        name: `${e.id}: ${t.name}${t.hidden ? " (oculta)" : ""}`,
        score: t.points,
        max_score: t.maxPoints,
        status: t.passed ? "passed" : "failed",
        output,
        visibility: t.hidden ? "after_published" : "visible",
      });
    }
  }
  const lines = [
    `${report.labTitle}: ${pts(report.score)} / ${
      pts(report.maxScore)
    } puntos automáticos.`,
    ...report.problems,
  ];
  if (report.answers.length) {
    lines.push(
      "Preguntas teóricas (corrección manual): " +
        report.answers.map((a) =>
          `${a.id} ${a.answered ? "respondida" : "sin responder"}`
        ).join(", ") +
        ".",
    );
  }
  return {
    score: report.score,
    output: lines.join("\n"),
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
  };
}

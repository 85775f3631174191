/**
 * The student's feedback as Markdown (Spanish): score, notebook problems,
 * one section per exercise with each test's result and feedback, hidden
 * tests not run, and the theory answers awaiting manual grading.
 *
 * @module
 */
import type { GradeReport } from "../grade.ts";

/** Formats points without trailing zeros (0.375, 1.5, 2). */
export function pts(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

const fence = (text: string) =>
  "```text\n" + text.replace(/```/g, "ʼʼʼ") + "\n```";

/** Renders a report as Markdown. */
export function reportMarkdown(report: GradeReport): string {
  const out: string[] = [];
  const check = report.mode === "check";
  out.push(
    `# ${report.labTitle || "Evaluación"} — ${report.student}`,
    "",
    `- Notebook: \`${report.notebook}\``,
    `- ${check ? "Pruebas públicas" : "Puntaje automático"}: **${
      pts(report.score)
    } / ${pts(report.maxScore)}**`,
    `- Semilla de las entradas aleatorias: ${report.seed}`,
  );
  const hidden = report.exercises.reduce((s, e) => s + e.hiddenNotRun, 0);
  if (check && hidden > 0) {
    const hiddenPts = report.exercises.reduce(
      (s, e) => s + e.hiddenPointsNotRun,
      0,
    );
    out.push(
      `- Hay ${hidden} pruebas ocultas (${
        pts(hiddenPts)
      } puntos) que no se ejecutan aquí: se ejecutan al corregir. Pasar las públicas no garantiza pasar las ocultas.`,
    );
  }
  if (report.problems.length) {
    out.push("", "## Problemas con el notebook", "");
    for (const p of report.problems) out.push(`- ${p}`);
  }
  for (const e of report.exercises) {
    const mark = e.points === e.maxPoints && e.maxPoints > 0
      ? "✅"
      : e.points > 0
      ? "🟡"
      : "❌";
    out.push(
      "",
      `## ${mark} \`${e.id}\` — ${e.title}: ${pts(e.points)} / ${
        pts(e.maxPoints)
      }`,
      "",
    );
    for (const m of e.messages) out.push(`> ${m.replace(/\n/g, "\n> ")}`, "");
    for (const t of e.tests) {
      out.push(
        `- ${t.passed ? "✔" : "✘"} ${t.name}${t.hidden ? " (oculta)" : ""}: ${
          pts(t.points)
        } / ${pts(t.maxPoints)}`,
      );
      if (!t.passed && t.message) {
        out.push("", fence(t.message).replace(/^/gm, "  "), "");
      }
    }
    if (e.hiddenNotRun > 0) {
      out.push(
        `- ${e.hiddenNotRun} prueba(s) oculta(s) no ejecutada(s) (${
          pts(e.hiddenPointsNotRun)
        } puntos)`,
      );
    }
  }
  if (report.answers.length) {
    out.push("", "## Preguntas teóricas (corrección manual)", "");
    out.push("| Pregunta | Estado | Puntos (manual) |", "|---|---|---:|");
    for (const a of report.answers) {
      out.push(
        `| ${a.id}${a.bonus ? " (bonus)" : ""} | ${
          a.answered
            ? "respondida"
            : "sin responder (queda el texto de ejemplo)"
        } | ${a.manualPoints ?? "—"} |`,
      );
    }
  }
  return out.join("\n") + "\n";
}

/**
 * The student's feedback as a standalone HTML page (Spanish), with the same
 * content as the Markdown report; every student-controlled string escaped.
 *
 * @module
 */
import type { GradeReport } from "../grade.ts";
import { pts } from "./markdown.ts";
import { escapeHtml } from "../../text/html.ts";

const STYLE =
  `body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}
.ok{color:#157f3b}.bad{color:#b3261e}.part{color:#9a6700}
pre{background:#f6f8fa;padding:.6rem;border-radius:4px;white-space:pre-wrap}
.note{background:#fff8e1;padding:.5rem .8rem;border-left:4px solid #f2b600}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}`;

/** Renders a report as HTML. */
export function reportHtml(report: GradeReport): string {
  const h = escapeHtml;
  const out: string[] = [];
  const check = report.mode === "check";
  out.push(
    `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>${
      h(`${report.labTitle} — ${report.student}`)
    }</title><style>${STYLE}</style></head><body>`,
    `<h1>${h(report.labTitle || "Evaluación")} — ${h(report.student)}</h1>`,
    `<p>Notebook: <code>${h(report.notebook)}</code><br>${
      check ? "Pruebas públicas" : "Puntaje automático"
    }: <strong>${pts(report.score)} / ${
      pts(report.maxScore)
    }</strong><br>Semilla: ${report.seed}</p>`,
  );
  const hidden = report.exercises.reduce((s, e) => s + e.hiddenNotRun, 0);
  if (check && hidden > 0) {
    out.push(
      `<p class="note">Hay ${hidden} pruebas ocultas que no se ejecutan aquí: se ejecutan al corregir. Pasar las públicas no garantiza pasar las ocultas.</p>`,
    );
  }
  if (report.problems.length) {
    out.push(`<h2 class="bad">Problemas con el notebook</h2><ul>`);
    for (const p of report.problems) out.push(`<li>${h(p)}</li>`);
    out.push("</ul>");
  }
  for (const e of report.exercises) {
    const cls = e.points === e.maxPoints && e.maxPoints > 0
      ? "ok"
      : e.points > 0
      ? "part"
      : "bad";
    out.push(
      `<h2 class="${cls}"><code>${h(e.id)}</code> — ${h(e.title)}: ${
        pts(e.points)
      } / ${pts(e.maxPoints)}</h2>`,
    );
    for (const m of e.messages) out.push(`<p class="note">${h(m)}</p>`);
    out.push("<ul>");
    for (const t of e.tests) {
      out.push(
        `<li class="${t.passed ? "ok" : "bad"}">${t.passed ? "✔" : "✘"} ${
          h(t.name)
        }${t.hidden ? " (oculta)" : ""}: ${pts(t.points)} / ${
          pts(t.maxPoints)
        }${!t.passed && t.message ? `<pre>${h(t.message)}</pre>` : ""}</li>`,
      );
    }
    if (e.hiddenNotRun > 0) {
      out.push(
        `<li>${e.hiddenNotRun} prueba(s) oculta(s) no ejecutada(s)</li>`,
      );
    }
    out.push("</ul>");
  }
  if (report.answers.length) {
    out.push(
      "<h2>Preguntas teóricas (corrección manual)</h2><table><tr><th>Pregunta</th><th>Estado</th><th>Puntos</th></tr>",
    );
    for (const a of report.answers) {
      out.push(
        `<tr><td>${h(a.id)}${a.bonus ? " (bonus)" : ""}</td><td>${
          a.answered ? "respondida" : "sin responder"
        }</td><td>${a.manualPoints ?? "—"}</td></tr>`,
      );
    }
    out.push("</table>");
  }
  out.push("</body></html>");
  return out.join("\n") + "\n";
}

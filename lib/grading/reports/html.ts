/**
 * The student's feedback as a standalone HTML page (Spanish) with the same
 * content as the Markdown report. Every untrusted string is cleaned and
 * HTML-escaped (`htmlLine`/`htmlText`), messages sit in `<pre>`, and the
 * page's Content-Security-Policy allows no script, image or request at all.
 *
 * @example
 * ```ts
 * import { reportHtml } from "./html.ts";
 * import assert from "node:assert/strict";
 * import { gradeNotebook } from "../engine/grade.ts";
 * const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", { mode: "check" });
 * assert.match(reportHtml(report), /^<!doctype html>/i);
 * ```
 * @module
 */
import type { GradeReport } from "../report.ts";
import { htmlLine as h, htmlText } from "./escape.ts";
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

const STYLE =
  `body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}h3{font-size:1rem}
.ok{color:#157f3b}.bad{color:#b3261e}.part{color:#9a6700}
pre{background:#f6f8fa;padding:.6rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
.note{background:#fff8e1;padding:.5rem .8rem;border-left:4px solid #f2b600}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}`;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const pre = (text: string) => `<pre>${htmlText(text)}</pre>`;

/** Renders a report as HTML (see the module doc). */
export function reportHtml(
  report: GradeReport,
  extras: ReportExtras = {},
): string {
  const out: string[] = [];
  out.push(
    `<!doctype html><html lang="es"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<title>${h(titleOf(report))}</title><style>${STYLE}</style></head><body>`,
    `<h1>${h(titleOf(report))}</h1>`,
    `<p>Entrega: <code>${h(report.submission)}</code><br>Notebook: <code>${
      h(report.notebook)
    }</code><br><strong>${h(scoreLine(report))}</strong><br>Semilla: ${
      h(report.seed)
    }${report.kitVersion ? ` (vaelab ${h(report.kitVersion)})` : ""}</p>`,
  );
  const hidden = hiddenNote(report);
  if (hidden) out.push(`<p class="note">${h(hidden, 1000)}</p>`);
  if (report.strictZero) {
    out.push(
      `<h2 class="bad">Puntaje en cero: la copia del notebook no es válida (--strict)</h2>`,
      pre(report.strictZero),
    );
  }
  if (report.problems.length) {
    out.push(`<h2 class="bad">Problemas con el notebook</h2>`);
    for (const p of report.problems) out.push(pre(p));
  }
  if (extras.notes?.length) {
    out.push(`<h2>Sobre los archivos de la entrega</h2><ul>`);
    for (const n of extras.notes) out.push(`<li>${h(n, 600)}</li>`);
    out.push("</ul>");
  }
  const copy = copyView(report.copy);
  if (copy) {
    out.push(
      `<h2>Comparación con el notebook publicado</h2><p>${
        h(copy.release, 600)
      }</p>`,
    );
    if (copy.notes.length) {
      out.push(
        `<ul>${copy.notes.map((n) => `<li>${h(n, 600)}</li>`).join("")}</ul>`,
      );
    }
    for (const g of copy.groups) {
      out.push(
        `<h3>${h(g.title)} (${g.cells.length})</h3><ul>${
          g.cells.map((c) => `<li>${h(c)}</li>`).join("")
        }</ul>`,
      );
    }
  }
  for (const e of report.exercises) {
    out.push(
      `<h2 class="${exerciseStatus(e)}"><code>${h(e.id)}</code> — ${
        h(e.title)
      }: ${pts(e.points)} / ${pts(e.maxPoints)}</h2>`,
    );
    if (e.cell) out.push(`<p>Celda: ${h(e.cell.label)}</p>`);
    for (const m of e.messages) out.push(pre(m));
    out.push("<ul>");
    for (const t of e.tests) {
      out.push(
        `<li class="${t.passed ? "ok" : "bad"}">${t.passed ? "✔" : "✘"} ${
          h(t.name)
        }${t.hidden ? " (oculta)" : ""}: ${pts(t.points)} / ${
          pts(t.maxPoints)
        }${!t.passed && t.message ? pre(t.message) : ""}</li>`,
      );
    }
    if (e.hiddenNotRun > 0) {
      out.push(
        `<li>${e.hiddenNotRun} prueba(s) oculta(s) no ejecutada(s) (${
          pts(e.hiddenPointsNotRun)
        } puntos)</li>`,
      );
    }
    out.push("</ul>");
  }
  if (report.answers.length) {
    out.push(
      "<h2>Preguntas teóricas (corrección manual)</h2><table><tr><th>Pregunta</th><th>Celda</th><th>Estado</th><th>Nota</th><th>Máximo</th></tr>",
    );
    for (const a of answerRows(report.answers, extras.marks)) {
      out.push(
        `<tr><td>${h(a.id)}${a.bonus ? " (bonus)" : ""}</td><td>${
          a.cell ? h(a.cell) : "—"
        }</td><td>${a.status}</td><td>${
          a.mark === undefined ? "—" : pts(a.mark)
        }</td><td>${pts(a.maxPoints)}</td></tr>`,
      );
    }
    out.push("</table>");
  }
  const final = finalLines(extras.final);
  if (final.length) {
    out.push(
      `<h2>Nota final</h2><ul>${
        final.map((l) => `<li>${h(l, 600)}</li>`).join("")
      }</ul>`,
    );
  }
  out.push("</body></html>");
  return out.join("\n") + "\n";
}

/**
 * A whole notebook to one self-contained HTML page (no script, no network):
 * cells in order, the title and student name found in the notebook (the name
 * from `--name`, else the notebook's "Estudiante" cell or nbformat authors,
 * never a folder), the theory-only selection for the report, and the list of
 * problems at the end.
 *
 * @example
 * ```ts
 * import { renderNotebookHtml } from "./document.ts";
 * import { readNotebook } from "../notebook/nbformat.ts";
 * const file = "solutions/lab1_elbo_dense_vae.ipynb";
 * const page = await renderNotebookHtml(await readNotebook(file), { file });
 * console.log(page.html.length); // a self-contained HTML page, ready to print
 * ```
 * @module
 */
import { type Cell, cellSource, type Notebook } from "../notebook/nbformat.ts";
import { answerIdOf } from "../notebook/exercise.ts";
import { studentNameOf } from "../notebook/student.ts";
import { pageStylesheets } from "./assets.ts";
import { problemPlace, RenderContext, type RenderProblem } from "./context.ts";
import { escapeHtml } from "../text/html.ts";
import { highlightCode, languageFor } from "./highlight.ts";
import { type Attachments, renderMarkdown } from "./markdown.ts";
import { renderOutputs } from "./outputs.ts";

/** Options of {@link renderNotebookHtml}. */
export interface RenderOptions {
  /** The notebook's path: relative images are read next to it; title fallback. */
  file?: string;
  /** Keep only the theory part (see {@link theoryCellIndexes}). */
  theoryOnly?: boolean;
  /** Student name for the page header (overrides what the notebook says). */
  name?: string;
}

/** The rendered page and what was found while rendering it. */
export interface RenderedNotebook {
  /** The complete HTML document. */
  html: string;
  /** Notebook title (header of every page). */
  title: string;
  /** Student name, "" when unknown. */
  student: string;
  /** Problems found (also listed at the end of the page). */
  problems: RenderProblem[];
  /** Number of cells rendered. */
  cellCount: number;
}

/** The Content-Security-Policy of the page: only inline styles and data: URLs. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";

function plainHeading(markdown: string): string | undefined {
  const heading = markdown.match(/^#\s+(.+?)\s*#*\s*$/m)?.[1];
  return heading
    ?.replace(/<[^>]*>/g, "")
    .replace(/[*_`]/g, "")
    .replace(/\$([^$]*)\$/g, "$1")
    .trim() || undefined;
}

/**
 * The notebook's title: `metadata.title`, else the first level-1 heading of a
 * markdown cell, else the file name without extension.
 */
export function notebookTitle(nb: Notebook, file?: string): string {
  if (typeof nb.metadata.title === "string" && nb.metadata.title.trim()) {
    return nb.metadata.title.trim();
  }
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = plainHeading(cellSource(cell));
    if (heading) return heading;
  }
  return (file ?? "notebook").split(/[\\/]/).pop()!.replace(/\.ipynb$/i, "");
}

/**
 * The student's name: `override` (the `--name` flag), else what the notebook
 * says ({@link studentNameOf}), else "".
 */
function studentName(nb: Notebook, override?: string): string {
  return override?.trim() || studentNameOf(nb) || "";
}

/**
 * The cells of the theory report. If the notebook marks theory answers
 * (`metadata.vaelab.answer` or `<!-- ANSWER: id -->`), each answer is kept
 * together with the markdown cells just before it (its question: the run of
 * markdown cells back to the previous code cell or answer), and the first cell
 * when it is markdown (the title). Otherwise every markdown cell is kept.
 * Code cells are always dropped.
 */
export function theoryCellIndexes(nb: Notebook): number[] {
  const cells = nb.cells;
  const answers = cells.flatMap((c, i) => (answerIdOf(c) ? [i] : []));
  if (answers.length === 0) {
    return cells.flatMap((c, i) => (c.cell_type === "markdown" ? [i] : []));
  }
  const keep = new Set<number>();
  if (cells[0]?.cell_type === "markdown") keep.add(0);
  for (const answer of answers) {
    keep.add(answer);
    for (let i = answer - 1; i >= 0; i--) {
      const cell = cells[i];
      if (cell.cell_type !== "markdown" || answerIdOf(cell)) break;
      keep.add(i);
    }
  }
  return [...keep].sort((a, b) => a - b);
}

function notebookLanguage(nb: Notebook): string {
  const kernel = nb.metadata.kernelspec as { language?: string } | undefined;
  const info = nb.metadata.language_info as { name?: string } | undefined;
  return languageFor(kernel?.language ?? info?.name) ?? "typescript";
}

async function renderCell(
  cell: Cell,
  ctx: RenderContext,
  language: string,
  theoryOnly: boolean,
): Promise<string> {
  const source = cellSource(cell);
  if (cell.cell_type === "markdown") {
    const body = await renderMarkdown(
      source,
      ctx,
      cell.attachments as Attachments | undefined,
    );
    const answer = answerIdOf(cell) ? " answer" : "";
    return `<div class="cell markdown${answer}">${body}</div>`;
  }
  if (cell.cell_type !== "code" || theoryOnly) return "";
  const count = typeof cell.execution_count === "number"
    ? String(cell.execution_count)
    : " ";
  const code = source.trim()
    ? `<pre class="source"><code class="hljs language-${language}">${
      highlightCode(source.replace(/\s+$/, ""), language)
    }</code></pre>`
    : "";
  const outputs = cell.outputs?.length
    ? `<div class="outputs">${await renderOutputs(cell.outputs, ctx)}</div>`
    : "";
  return `<div class="cell code"><div class="prompt">[${count}]</div>${code}${outputs}</div>`;
}

const KIND_LABEL = { math: "fórmula", image: "imagen", output: "salida" };

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The list of problems shown at the end of the page ("" when none). */
export function problemsHtml(problems: RenderProblem[]): string {
  if (problems.length === 0) return "";
  const items = problems.map((p) =>
    `<li>${capitalize(problemPlace(p))} — ${KIND_LABEL[p.kind]}${
      p.source ? `: <code>${escapeHtml(p.source)}</code>` : ""
    } — ${escapeHtml(p.message)}</li>`
  ).join("\n");
  return `<section class="problems"><h2>Problemas encontrados al generar el documento</h2><ol>${items}</ol></section>`;
}

/** Renders a notebook to a complete, self-contained HTML page. */
export async function renderNotebookHtml(
  nb: Notebook,
  options: RenderOptions = {},
): Promise<RenderedNotebook> {
  const file = options.file;
  const baseDir = file && /[\\/]/.test(file)
    ? file.replace(/[\\/][^\\/]*$/, "")
    : ".";
  const ctx = new RenderContext(baseDir);
  const title = notebookTitle(nb, file);
  const student = studentName(nb, options.name);
  const language = notebookLanguage(nb);
  const indexes = options.theoryOnly
    ? theoryCellIndexes(nb)
    : nb.cells.map((_, i) => i);
  const parts: string[] = [];
  for (const index of indexes) {
    ctx.cell = index + 1;
    const html = await renderCell(
      nb.cells[index],
      ctx,
      language,
      options.theoryOnly ?? false,
    );
    if (html) parts.push(html);
  }
  ctx.cell = 0;
  const css = await pageStylesheets();
  const html = `<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}${student ? ` — ${escapeHtml(student)}` : ""}</title>
<style>
${css}
</style>
</head>
<body>
${parts.join("\n")}
${problemsHtml(ctx.problems)}
</body>
</html>
`;
  return {
    html,
    title,
    student,
    problems: ctx.problems,
    cellCount: parts.length,
  };
}

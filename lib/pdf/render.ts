/**
 * Notebook to PDF in one call: render the page, print it with Chromium
 * (formulas wider than the text column scaled down first), count the pages.
 *
 * @example
 * ```ts
 * import { renderNotebookPdf } from "./render.ts";
 * const result = await renderNotebookPdf("solutions/lab1_elbo_dense_vae.ipynb", {
 *   theoryOnly: true,
 * });
 * console.log(result.pages, result.problems.length); // result.pdf: the bytes
 * ```
 * @module
 */
import { type Notebook, readNotebook } from "../notebook/nbformat.ts";
import {
  type RenderedNotebook,
  renderNotebookHtml,
  type RenderOptions,
} from "./document.ts";
import { countPdfPages } from "./pages.ts";
import { type Paper, printHtmlToPdf } from "./print.ts";

/** Options of {@link renderNotebookPdf}. */
export interface PdfOptions extends RenderOptions {
  /** Paper size, A4 by default. */
  paper?: Paper;
  /** Chromium executable (found automatically by default). */
  chromium?: string;
  /** Give up on Chromium after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** A printed notebook. */
export interface PdfResult extends RenderedNotebook {
  /** The PDF file's bytes. */
  pdf: Uint8Array;
  /** Number of pages of the PDF. */
  pages: number;
}

/**
 * Run by the printer on the page laid out as printed: scales down every
 * formula wider than the text column (display ones down to 50 %; inline ones,
 * which never break across lines, to the column) so none is cut at the
 * margin. Returns how many formulas were scaled.
 */
export const FIT_WIDE_MATH_SCRIPT = `(() => {
  let scaled = 0;
  const shrink = (katex, ratio) => {
    const size = parseFloat(getComputedStyle(katex).fontSize);
    katex.style.fontSize = (size * ratio * 0.98).toFixed(2) + "px";
    scaled++;
  };
  for (const display of document.querySelectorAll(".katex-display")) {
    const katex = display.querySelector(".katex");
    if (!katex || display.scrollWidth <= display.clientWidth + 1) continue;
    shrink(katex, Math.max(0.5, display.clientWidth / display.scrollWidth));
  }
  const column = document.body.clientWidth;
  for (const katex of document.querySelectorAll(".katex")) {
    if (katex.closest(".katex-display")) continue;
    const width = katex.getBoundingClientRect().width;
    if (width > column) shrink(katex, column / width);
  }
  return scaled;
})()`;

/**
 * Prints a notebook (a path, or a notebook already read: then pass its path
 * as `options.file` for relative images) to PDF.
 */
export async function renderNotebookPdf(
  notebook: string | Notebook,
  options: PdfOptions = {},
): Promise<PdfResult> {
  const file = typeof notebook === "string" ? notebook : options.file;
  const nb = typeof notebook === "string"
    ? await readNotebook(notebook)
    : notebook;
  const page = await renderNotebookHtml(nb, { ...options, file });
  const pdf = await printHtmlToPdf(page.html, {
    title: page.title,
    student: page.student,
    paper: options.paper,
    chromium: options.chromium,
    timeoutMs: options.timeoutMs,
    beforePrint: FIT_WIDE_MATH_SCRIPT,
  });
  return { ...page, pdf, pages: countPdfPages(pdf) };
}

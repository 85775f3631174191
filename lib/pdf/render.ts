/**
 * Notebook to PDF in one call: render the page, print it with Chromium,
 * count the pages.
 *
 * @example
 * ```ts
 * import { renderNotebookPdf } from "./render.ts";
 * const result = await renderNotebookPdf("solutions/lab1_elbo_dense_vae.ipynb", {
 *   theoryOnly: true,
 * });
 * await Deno.writeFile("informe.pdf", result.pdf);
 * console.log(result.pages, result.problems.length);
 * ```
 * @module
 */
import { readNotebook } from "../notebook/nbformat.ts";
import { type Paper, printHtmlToPdf } from "./chromium.ts";
import {
  FIT_WIDE_MATH_SCRIPT,
  type RenderedNotebook,
  renderNotebookHtml,
} from "./document.ts";
import { countPdfPages } from "./pages.ts";

/** Options of {@link renderNotebookPdf}. */
export interface PdfOptions {
  /** Keep only the theory part (markdown answers and their figures). */
  theoryOnly?: boolean;
  /** Student name for the page header (overrides notebook metadata). */
  name?: string;
  /** Paper size, A4 by default. */
  paper?: Paper;
  /** Chromium executable (found automatically by default). */
  chromium?: string;
}

/** A printed notebook. */
export interface PdfResult extends RenderedNotebook {
  /** The PDF file's bytes. */
  pdf: Uint8Array;
  /** Number of pages of the PDF. */
  pages: number;
}

/** Reads a notebook file and prints it to PDF. */
export async function renderNotebookPdf(
  file: string,
  options: PdfOptions = {},
): Promise<PdfResult> {
  const nb = await readNotebook(file);
  const page = await renderNotebookHtml(nb, {
    file,
    theoryOnly: options.theoryOnly,
    name: options.name,
  });
  const pdf = await printHtmlToPdf(page.html, {
    title: page.title,
    student: page.student,
    paper: options.paper,
    chromium: options.chromium,
    beforePrint: FIT_WIDE_MATH_SCRIPT,
  });
  return { ...page, pdf, pages: countPdfPages(pdf) };
}

/**
 * Notebook to PDF with real math and no LaTeX: markdown (marked) with
 * formulas rendered by KaTeX into static HTML, highlighted code, every kind of
 * output, raw HTML cleaned by an allow-list sanitizer, one self-contained page
 * (KaTeX fonts embedded, no script, no network, a Content-Security-Policy)
 * printed by headless Chromium.
 *
 * @example
 * ```ts
 * import { renderNotebookPdf } from "./mod.ts";
 * const result = await renderNotebookPdf("notebooks/lab1_elbo_dense_vae.ipynb", {
 *   theoryOnly: true,
 *   name: "Ana Pérez",
 * });
 * console.log(result.pages, result.problems); // result.pdf: the bytes to hand in
 * ```
 * @module
 */
export {
  type RenderedNotebook,
  renderNotebookHtml,
  type RenderOptions,
} from "./document.ts";
export {
  type PdfOptions,
  type PdfResult,
  renderNotebookPdf,
} from "./render.ts";
export {
  type ProblemKind,
  problemPlace,
  type RenderProblem,
} from "./context.ts";
export { ChromiumNotFoundError, ChromiumPrintError } from "./errors.ts";
export { type Paper, PAPER_SIZES } from "./print.ts";
export type {
  Cell,
  MultilineString,
  Notebook,
  Output,
} from "../notebook/nbformat.ts";

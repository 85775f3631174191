/**
 * Notebook to PDF with real math and no LaTeX: markdown (marked) with
 * formulas rendered by KaTeX into static HTML, highlighted code, every kind of
 * output, one self-contained page (KaTeX fonts embedded, no script, no
 * network) printed by headless Chromium.
 *
 * @example
 * ```ts
 * import { renderNotebookPdf } from "./mod.ts";
 * const result = await renderNotebookPdf("notebooks/lab1_elbo_dense_vae.ipynb", {
 *   theoryOnly: true,
 *   name: "Ana Pérez",
 * });
 * await Deno.writeFile("informe.pdf", result.pdf);
 * ```
 * @module
 */
export * from "./ansi.ts";
export * from "./assets.ts";
export * from "./chromium.ts";
export * from "./context.ts";
export * from "./document.ts";
export * from "./highlight.ts";
export * from "./images.ts";
export * from "./markdown.ts";
export * from "./math.ts";
export * from "./outputs.ts";
export * from "./pages.ts";
export * from "./render.ts";
export * from "./sanitize.ts";

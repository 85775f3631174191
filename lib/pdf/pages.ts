/**
 * Counting the pages of a PDF without poppler: page objects are counted in
 * the file (Chromium writes them uncompressed); if none are visible (object
 * streams), the largest `/Count` of a page-tree node is used.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { countPdfPages } from "./pages.ts";
 * import { printHtmlToPdf } from "./print.ts";
 * const pdf = await printHtmlToPdf("<p>Hola</p>", { title: "Prueba" });
 * assert.equal(countPdfPages(pdf), 1);
 * ```
 * @module
 */

/** The number of pages of a PDF file's bytes (throws if it is not a PDF). */
export function countPdfPages(pdf: Uint8Array): number {
  const text = new TextDecoder("latin1").decode(pdf);
  if (!text.startsWith("%PDF-")) {
    throw new Error("no es un archivo PDF (falta la cabecera %PDF-)");
  }
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  if (pages > 0) return pages;
  let count = 0;
  for (
    const match of text.matchAll(
      /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g,
    )
  ) {
    count = Math.max(count, Number(match[1] ?? match[2]));
  }
  return count;
}

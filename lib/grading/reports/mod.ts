/**
 * The reports a student or an instructor reads, every untrusted string
 * cleaned (`text.ts`) and escaped for its format (`escape.ts`): feedback as
 * Markdown and HTML, Gradescope's results.json.
 *
 * @example
 * ```ts
 * import { reportMarkdown } from "./mod.ts";
 * import assert from "node:assert/strict";
 * import { gradeNotebook } from "../engine/grade.ts";
 * const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", { mode: "check" });
 * assert.match(reportMarkdown(report), /Sin implementar/);
 * ```
 * @module
 */
export * from "./text.ts";
export * from "./escape.ts";
export * from "./view.ts";
export { reportMarkdown, summarySections } from "./markdown.ts";
export { reportHtml } from "./html.ts";
export * from "./gradescope.ts";
export type * from "../report.ts";
export type { FinalGrade } from "../gradebook/final.ts";

/**
 * The reports a student or an instructor reads, every untrusted string
 * cleaned (`text.ts`) and escaped for its format (`escape.ts`): feedback as
 * Markdown and HTML, Gradescope's results.json.
 *
 * @example
 * ```ts
 * import { reportMarkdown } from "./mod.ts";
 * import type { GradeReport } from "../report.ts";
 * declare const report: GradeReport;
 * console.log(reportMarkdown(report));
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

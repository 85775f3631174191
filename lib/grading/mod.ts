/**
 * The autograder: grades lab notebooks against reference values in a
 * sandbox, with Spanish feedback, and writes Markdown/HTML/JSON/CSV and
 * Gradescope reports.
 *
 * @example
 * ```ts
 * import { gradeNotebook, reportMarkdown } from "./mod.ts";
 * const report = await gradeNotebook("notebooks/lab1_elbo_dense_vae.ipynb", { mode: "check" });
 * console.log(reportMarkdown(report));
 * ```
 * @module
 */
export * from "./definitions.ts";
export {
  detectLab,
  type ExerciseResult,
  gradeNotebook,
  type GradeOptions,
  type GradeReport,
  labPoints,
  LABS,
  REPO_ROOT,
  studentName,
  type TestResult,
} from "./grade.ts";
export { LAB1 } from "./lab1.ts";
export { LAB2 } from "./lab2.ts";
export {
  type BatchOptions,
  collectNotebooks,
  gradeMany,
  mapPool,
} from "./batch.ts";
export { reportMarkdown } from "./report_markdown.ts";
export { reportHtml } from "./report_html.ts";
export { gradesCsv } from "./report_csv.ts";
export {
  type GradescopeResults,
  gradescopeResults,
} from "./report_gradescope.ts";
export { sandboxArgs, type SandboxOptions } from "./sandbox.ts";
export { crc32, writeZip, type ZipEntry } from "./zip.ts";
export {
  buildAutograderZip,
  DENO_VERSION,
  RUN_AUTOGRADER,
  SETUP_SH,
} from "./gradescope_package.ts";

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
  type Collection,
  collectSubmissions,
  type Submission,
} from "./batch/walk.ts";
export { runBatch, type RunOptions } from "./batch/run.ts";
export { gradeSubmissions, type SessionOptions } from "./batch/session.ts";
export {
  defaultCatalog,
  defaultEngine,
  type Engine,
  type LabInfo,
} from "./batch/engine.ts";
export { reportMarkdown } from "./reports/markdown.ts";
export { reportHtml } from "./reports/html.ts";
export { type GradebookRow, gradesCsv } from "./gradebook/grades_csv.ts";
export { computeFinal, type FinalGrade } from "./gradebook/final.ts";
export { type Marks, parseMarks, readMarks } from "./gradebook/marks.ts";
export {
  type GradescopeResults,
  gradescopeResults,
} from "./reports/gradescope.ts";
export { sandboxArgs, type SandboxOptions } from "./sandbox.ts";
export { crc32, writeZip, type ZipEntry } from "./gradescope/zip.ts";
export { buildAutograderZip } from "./gradescope/package.ts";
export {
  DENO_VERSION,
  runAutograderScript,
  setupScript,
} from "./gradescope/scripts.ts";

/**
 * The autograder. Students' notebooks are graded exercise by exercise in a
 * sandbox (their code in a permission-less realm, every judgment here, in
 * float64), compared with the release they must be a copy of, and reported
 * in Spanish (Markdown, HTML, CSV, JSON, Gradescope). Instructors define an
 * exercise in one file (`labs/<lab>/<id>.ts`, see `defineExercise`) and its
 * id and points in the master notebook.
 *
 * Entry points by job: `gradeNotebook` (one notebook), the batch
 * (`./batch/mod.ts`), reports (`./reports/mod.ts`), the gradebook
 * (`./gradebook/mod.ts`), Gradescope (`./gradescope/mod.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradeNotebook, reportMarkdown } from "./mod.ts";
 * const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", { mode: "check" });
 * assert.equal(report.score, 0);
 * assert.match(reportMarkdown(report), /Sin implementar/);
 * ```
 * @module
 */
export type * from "./report.ts";
export {
  DEFAULT_BUDGET_MS,
  gradeNotebook,
  gradeNotebookSeeds,
  KIT_VERSION,
  submissionKeyOf,
} from "./engine/grade.ts";
export {
  type Lab,
  type LabAnswer,
  type LabExercise,
  labIds,
  type LabInfo,
  labInfo,
  loadLab,
  type Weights,
} from "./engine/labs.ts";
export {
  describeSubmission,
  identifyLab,
  type SubmissionSummary,
} from "./engine/identify.ts";
export {
  defineExercise,
  type ExerciseDefinition,
  type ExerciseSpec,
  fail,
  PASS,
  type PreparedTest,
  type ReferenceSpec,
  type TestDefinition,
  type TestSpec,
  type Verdict,
} from "./checks/define.ts";
export {
  type ValueCase,
  valueTest,
  type ValueTestSpec,
} from "./checks/value.ts";
export {
  type LayerPlan,
  type ModelPlan,
  structureTest,
  trainsTest,
} from "./checks/model.ts";
export { noiseTest, type NoiseTestSpec } from "./checks/sampling.ts";
export {
  expectedGradients,
  type GradientCase,
  gradientTest,
  type GradientTestSpec,
} from "./checks/gradient.ts";
export {
  type Array64,
  intBetween,
  jsonArg,
  normal,
  tensorArg,
  uniform,
} from "./checks/inputs.ts";
export { reportMarkdown } from "./reports/markdown.ts";
export { reportHtml } from "./reports/html.ts";
export { gradescopeResults } from "./reports/gradescope.ts";
export type { ModelTestSpec } from "./checks/model.ts";
export type { Tolerance, Variant } from "./feedback/compare.ts";
export type {
  Arg,
  Call,
  GradientRequest,
  GradientSummary,
  LayerSummary,
  ModelProbe,
  ModelSummary,
  PlainDecoder,
  PlainError,
  PlainTensor,
  Value,
} from "./sandbox/protocol.ts";
export type { ReportExtras } from "./reports/view.ts";
export type {
  GradescopeResults,
  GradescopeTest,
} from "./reports/gradescope.ts";
export type { FinalGrade } from "./gradebook/final.ts";
export type { SeededRandom } from "../random/mod.ts";
export type {
  Cell,
  MultilineString,
  Notebook,
  Output,
} from "../notebook/nbformat.ts";

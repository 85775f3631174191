/**
 * Gradescope: the autograder package of one lab (`package.ts`, its scripts
 * in `scripts.ts`, the zip writer in `zip.ts`), and what runs inside it
 * (`run.ts`, choosing the notebook with `choose.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildAutograderZip } from "./mod.ts";
 * const { zip } = await buildAutograderZip(".", "lab1_elbo_dense_vae");
 * assert.deepEqual([...zip.subarray(0, 2)], [0x50, 0x4b]); // "PK": a zip, to upload
 * ```
 * @module
 */
export * from "./zip.ts";
export * from "./scripts.ts";
export * from "./package.ts";
export * from "./choose.ts";
export * from "./run.ts";
export type * from "../batch/mod.ts";
export type { ReportExtras } from "../reports/view.ts";
export type {
  GradescopeResults,
  GradescopeTest,
} from "../reports/gradescope.ts";

/**
 * The gradebook: theory marks (`marks.ts`, read with `csv_read.ts`), the
 * blank marks file (`blank.ts`), final grades on the 0–10 scale
 * (`final.ts`) and `grades.csv` (`grades_csv.ts`).
 *
 * @example
 * ```ts
 * import { computeFinal } from "./mod.ts";
 * console.log(computeFinal({
 *   practice: 4, practiceMax: 6, answers: [], weights: { theory: 1, practice: 1 },
 * }).grade);
 * ```
 * @module
 */
export * from "./csv_read.ts";
export * from "./marks.ts";
export * from "./context.ts";
export * from "./final.ts";
export * from "./grades_csv.ts";
export * from "./blank.ts";
export type * from "../report.ts";
export type { LabCatalog, LabInfo } from "../batch/engine.ts";

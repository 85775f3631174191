/**
 * Grading many submissions: finding them without trusting the folder
 * (`walk.ts`, `safe_read.ts`, `keys.ts`), grading each under a guard
 * (`run.ts`), writing every report as it is graded (`session.ts`,
 * `output.ts`), stopping cleanly on signals (`signals.ts`), and the
 * engine's interfaces the batch takes as parameters (`engine.ts`).
 *
 * @example
 * ```ts ignore
 * import { collectSubmissions, defaultEngine, gradeSubmissions } from "./mod.ts";
 * const collection = await collectSubmissions(["submissions"]);
 * await gradeSubmissions(collection, {
 *   engine: await defaultEngine(),
 *   grading: { seed: 1 },
 *   outDir: "out/grades",
 *   inputs: ["submissions"],
 * });
 * ```
 * @module
 */
export * from "./engine.ts";
export * from "./walk.ts";
export * from "./keys.ts";
export * from "./safe_read.ts";
export * from "./run.ts";
export * from "./output.ts";
export * from "./session.ts";
export * from "./signals.ts";
export * from "./identify.ts";
export { guessLab, placeholderReport } from "./placeholder.ts";
export type * from "../../notebook/nbformat.ts";
export type * from "../report.ts";
export type { FinalGrade } from "../gradebook/final.ts";
export type { Marks } from "../gradebook/marks.ts";

/**
 * Moved to `lib/grading/batch/run.ts`; this re-export keeps callers of the
 * old path working until they import the new one.
 *
 * @module
 */
export * from "./batch/run.ts";

/**
 * Moved to `lib/grading/gradebook/grades_csv.ts`; this re-export keeps callers of the
 * old path working until they import the new one.
 *
 * @module
 */
export * from "./gradebook/grades_csv.ts";

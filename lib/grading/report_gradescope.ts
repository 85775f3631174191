/**
 * Moved to `lib/grading/reports/gradescope.ts`; this re-export keeps callers of the
 * old path working until they import the new one.
 *
 * @module
 */
export * from "./reports/gradescope.ts";

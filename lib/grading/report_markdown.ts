/**
 * Moved to `lib/grading/reports/markdown.ts`; this re-export keeps callers of the
 * old path working until they import the new one.
 *
 * @module
 */
export * from "./reports/markdown.ts";

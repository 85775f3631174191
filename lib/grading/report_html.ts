/**
 * Moved to `lib/grading/reports/html.ts`; this re-export keeps callers of the
 * old path working until they import the new one.
 *
 * @module
 */
export * from "./reports/html.ts";

/**
 * Moved to `lib/grading/gradescope/package.ts`; this re-export keeps callers of the
 * old path working until they import the new one.
 *
 * @module
 */
export * from "./gradescope/package.ts";

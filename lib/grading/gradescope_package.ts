/**
 * Moved to `lib/grading/gradescope/package.ts` (the scripts to
 * `gradescope/scripts.ts`); this re-export keeps callers of the old path
 * working until they move.
 *
 * @module
 */
export * from "./gradescope/package.ts";
export { DENO_VERSION } from "./gradescope/scripts.ts";

/**
 * Command-line helpers shared by the kit's entry points (`cli/`, `bench/`):
 * strict flag parsing, value validators and one-line usage errors.
 *
 * @example
 * ```ts ignore
 * import { choiceFlag, parseFlags, runMain } from "./mod.ts";
 *
 * await runMain("pdf", (args) => {
 *   const { values } = parseFlags(args, { paper: { type: "string", default: "a4" } });
 *   console.log(choiceFlag("paper", values.paper, ["a4", "letter"]));
 * });
 * ```
 *
 * @module
 */
export * from "./flags.ts";

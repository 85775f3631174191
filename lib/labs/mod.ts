/**
 * What the lab notebooks share beyond the library: the labs' exercise
 * tables and the check cells' explanations of a missing definition (an
 * exercise cell that did not run or has a syntax error, setup cells that
 * did not run).
 *
 * @example
 * ```ts
 * import { check, startLab } from "./mod.ts";
 * startLab("lab2_conv_vae");
 * await check(() => console.log("✔"));
 * ```
 * @module
 */
export * from "./labs.ts";
export * from "./check.ts";

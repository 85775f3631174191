/**
 * Notebooks: reading and writing nbformat 4, the exercise-cell convention,
 * releasing student copies from master notebooks, and headless execution.
 *
 * @example
 * ```ts
 * import { readNotebook, releaseNotebook } from "./mod.ts";
 * const student = releaseNotebook(await readNotebook("solutions/lab2_conv_vae.ipynb"));
 * console.log(student.cells.length);
 * ```
 * @module
 */
export * from "./nbformat.ts";
export * from "./exercise.ts";
export * from "./release.ts";
export * from "./execute.ts";
export * from "./student.ts";
export * from "./cell_label.ts";

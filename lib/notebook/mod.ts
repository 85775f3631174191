/**
 * Notebooks: reading and writing nbformat 4, the exercise-cell convention,
 * releasing student copies from master notebooks, and headless execution.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readNotebook, releaseNotebook, releaseStampOf } from "./mod.ts";
 * const path = "solutions/lab2_conv_vae.ipynb";
 * const student = releaseNotebook(await readNotebook(path), path);
 * assert.equal(releaseStampOf(student)?.assignment, "lab2_conv_vae");
 * ```
 * @module
 */
export * from "./nbformat.ts";
export * from "./exercise.ts";
export * from "./release.ts";
export * from "./execute.ts";
export * from "./student.ts";
export * from "./cell_label.ts";

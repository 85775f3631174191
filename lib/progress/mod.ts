/**
 * Live training progress: a single-line bar on stderr for the terminal
 * (the main job) and a display updated in place in Deno Jupyter notebooks.
 * {@linkcode progressFor} picks the right one.
 *
 * @example
 * ```ts
 * import { progressFor } from "./mod.ts";
 * const progress = progressFor();
 * // await vae.fit(x, {
 * //   onBatchEnd: (b) => progress.onBatchEnd(b),
 * //   onEpochEnd: (r) => progress.onEpochEnd(r),
 * // });
 * await progress.done();
 * ```
 *
 * @module
 */
import { NotebookProgress, type NotebookProgressOptions } from "./notebook.ts";
import { TerminalProgress, type TerminalProgressOptions } from "./terminal.ts";
import { inNotebook } from "./jupyter.ts";
import type { ProgressReporter } from "./types.ts";

export type { BatchInfo, EpochRecord } from "../vae/train.ts";
export type {
  BatchProgress,
  EpochProgress,
  ProgressReporter,
} from "./types.ts";
export {
  stderrSink,
  TerminalProgress,
  type TerminalProgressOptions,
  type TextSink,
} from "./terminal.ts";
export {
  NotebookProgress,
  type NotebookProgressOptions,
  type ProgressBundle,
  renderProgress,
} from "./notebook.ts";
export {
  inNotebook,
  type JupyterApi,
  jupyterApi,
  type JupyterDisplayOptions,
} from "./jupyter.ts";
export {
  formatDuration,
  type ProgressState,
  ProgressTracker,
  sparkline,
  textBar,
} from "./format.ts";

/** Where progress is shown: decided automatically, or forced. */
export type ProgressEnvironment = "auto" | "notebook" | "terminal";

/**
 * A progress reporter for the current environment: {@linkcode NotebookProgress}
 * inside the Deno Jupyter kernel, {@linkcode TerminalProgress} elsewhere.
 *
 * @example
 * ```ts
 * import { progressFor } from "./mod.ts";
 * const progress = progressFor("auto", { title: "VAE convolucional" });
 * ```
 */
export function progressFor(
  environment: ProgressEnvironment = "auto",
  options: NotebookProgressOptions & TerminalProgressOptions = {},
): ProgressReporter {
  const where = environment === "auto"
    ? (inNotebook() ? "notebook" : "terminal")
    : environment;
  if (where === "notebook") return new NotebookProgress(options);
  if (where === "terminal") return new TerminalProgress(options);
  throw new RangeError(
    `progressFor: unknown environment "${environment}"; valid: "auto", "notebook", "terminal"`,
  );
}

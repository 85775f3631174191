/**
 * Showing a figure wherever the code runs: inline in a Deno notebook, or as
 * a saved file in a terminal.
 *
 * @module
 */
import { jupyterApi } from "../progress/jupyter.ts";

/** Anything with a Jupyter rich representation and a `save(path)` method (a Figure or a GIF). */
export interface Showable {
  /** Writes the figure to `path`; returns the path. */
  save(path: string): Promise<string>;
}

/** Options of {@linkcode show}. */
export interface ShowOptions {
  /** Outside a notebook, save the figure here and print the path. */
  path?: string;
}

/**
 * Displays `fig` inline when running in the Deno Jupyter kernel; in a
 * terminal saves it to `options.path` (and prints the path) or does nothing.
 * Returns the saved path in a terminal, and nothing in a notebook (so a
 * cell ending in `await show(fig)` shows the figure and no return value).
 *
 * @example
 * ```ts
 * import { imageGrid, show } from "./mod.ts";
 * // await show(imageGrid(samples), { path: "out/samples.png" });
 * ```
 */
export async function show(
  fig: Showable,
  options: ShowOptions = {},
): Promise<string | undefined> {
  const jupyter = jupyterApi();
  if (jupyter) {
    await jupyter.display(fig);
    // nbconvert sometimes drops a cell's trailing output without a short pause.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return undefined;
  }
  if (options.path) {
    const path = await fig.save(options.path);
    console.log(`Figura guardada en ${path}`);
    return path;
  }
  return undefined;
}

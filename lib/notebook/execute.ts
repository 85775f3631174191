/**
 * Running a notebook headless in the real Jupyter machinery
 * (`jupyter nbconvert --execute` with the Deno kernel) and collecting its
 * error outputs.
 *
 * @example
 * ```ts
 * import { executeNotebook } from "./execute.ts";
 * const run = await executeNotebook("solutions/lab1_elbo_dense_vae.ipynb");
 * console.log(run.seconds, run.errors.map((e) => e.evalue));
 * ```
 * @module
 */
import {
  type Notebook,
  NotebookError,
  parseNotebook,
  toLines,
} from "./nbformat.ts";

/** An error output of an executed notebook, with the cell it came from. */
export interface CellError {
  /** 0-based index of the cell in the notebook. */
  cellIndex: number;
  /** The error's name, as Jupyter reports it. */
  ename: string;
  /** Its message. */
  evalue: string;
  /** Its traceback lines (ANSI colours kept). */
  traceback: string[];
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Sets `VAELAB_QUICK=1` (few images, few epochs). Default true. */
  quick?: boolean;
  /** Per-cell timeout in seconds passed to nbconvert. Default 600. */
  cellTimeoutSeconds?: number;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** Jupyter executable. Default `jupyter`. */
  jupyter?: string;
}

/** The executed notebook, its error outputs and the wall-clock time. */
export interface ExecutionResult {
  /** The notebook with its outputs. */
  notebook: Notebook;
  /** The cells that raised, in order. */
  errors: CellError[];
  /** Wall-clock seconds of the run. */
  seconds: number;
  /** nbconvert's own log (stderr). */
  log: string;
}

/** True when `jupyter nbconvert` can be run and a `deno` kernel is registered. */
export async function jupyterAvailable(jupyter = "jupyter"): Promise<boolean> {
  try {
    const out = await new Deno.Command(jupyter, {
      args: ["kernelspec", "list", "--json"],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!out.success) return false;
    const specs = JSON.parse(new TextDecoder().decode(out.stdout));
    if (!specs?.kernelspecs?.deno) return false;
    const nbconvert = await new Deno.Command(jupyter, {
      args: ["nbconvert", "--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return nbconvert.success;
  } catch {
    return false;
  }
}

/** Every error output of a notebook, in cell order. */
export function errorOutputs(nb: Notebook): CellError[] {
  const errors: CellError[] = [];
  nb.cells.forEach((cell, cellIndex) => {
    for (const output of cell.outputs ?? []) {
      if (output.output_type !== "error") continue;
      errors.push({
        cellIndex,
        ename: String(output.ename ?? ""),
        evalue: String(output.evalue ?? ""),
        traceback: (output.traceback ?? []).map(String),
      });
    }
  });
  return errors;
}

/** The text of every stream output of a cell (stdout and stderr joined). */
export function streamText(nb: Notebook, cellIndex: number): string {
  return (nb.cells[cellIndex]?.outputs ?? [])
    .filter((o) => o.output_type === "stream")
    .map((o) => Array.isArray(o.text) ? o.text.join("") : o.text ?? "")
    .join("");
}

/**
 * Executes `path` top to bottom with `jupyter nbconvert --execute
 * --allow-errors`, in the notebook's own folder (so `../lib/mod.ts` imports
 * resolve), and returns the executed notebook without touching `path`.
 * Throws {@link NotebookError} when nbconvert itself fails (e.g. a cell
 * timeout or a dead kernel), with the tail of its log.
 */
export async function executeNotebook(
  path: string,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const {
    quick = true,
    cellTimeoutSeconds = 600,
    env = {},
    jupyter = "jupyter",
  } = options;
  const outDir = await Deno.makeTempDir({ prefix: "vaelab-exec-" });
  const started = performance.now();
  try {
    const out = await new Deno.Command(jupyter, {
      args: [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--allow-errors",
        `--ExecutePreprocessor.timeout=${cellTimeoutSeconds}`,
        "--output-dir",
        outDir,
        "--output",
        "executed.ipynb",
        path,
      ],
      env: { ...env, ...(quick ? { VAELAB_QUICK: "1" } : {}) },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const seconds = (performance.now() - started) / 1000;
    const log = new TextDecoder().decode(out.stderr);
    if (!out.success) {
      throw new NotebookError(
        path,
        `jupyter nbconvert --execute failed (exit ${out.code}) after ${
          seconds.toFixed(0)
        } s:\n${toLines(log).slice(-25).join("")}`,
      );
    }
    const executedPath = `${outDir}/executed.ipynb`;
    const notebook = parseNotebook(
      await Deno.readTextFile(executedPath),
      `${path} (executed)`,
    );
    return { notebook, errors: errorOutputs(notebook), seconds, log };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

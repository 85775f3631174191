/**
 * Reading and writing Jupyter notebooks (nbformat 4) with errors that name
 * the file and what is wrong.
 *
 * @example
 * ```ts
 * import { cellSource, readNotebook } from "./nbformat.ts";
 * const nb = await readNotebook("solutions/lab1_elbo_dense_vae.ipynb");
 * console.log(nb.cells.map(cellSource)[0]);
 * ```
 * @module
 */

/** Source text as stored by Jupyter: one string or a list of lines. */
export type MultilineString = string | string[];

/** One output of a code cell (stream, display_data, execute_result, error). */
export interface Output {
  /** "stream", "display_data", "execute_result", "error", … */
  output_type: string;
  /** Stream name ("stdout", "stderr"). */
  name?: string;
  /** Stream text. */
  text?: MultilineString;
  /** Rich data: mime type → payload. */
  data?: Record<string, unknown>;
  /** Per-mime metadata (e.g. image width and height). */
  metadata?: Record<string, unknown>;
  /** The execution count of an execute_result. */
  execution_count?: number | null;
  /** Error name. */
  ename?: string;
  /** Error value (message). */
  evalue?: string;
  /** Error traceback lines (may hold ANSI colour codes). */
  traceback?: string[];
  /** Any other field nbformat or a kernel adds. */
  [key: string]: unknown;
}

/** A notebook cell; `outputs` and `execution_count` exist on code cells only. */
export interface Cell {
  /** What the cell holds. */
  cell_type: "code" | "markdown" | "raw";
  /** nbformat 4.5 cell id. */
  id?: string;
  /** The cell's text. */
  source: MultilineString;
  /** Cell metadata (the kit's marks live under `vaelab`). */
  metadata: Record<string, unknown>;
  /** Outputs of a code cell. */
  outputs?: Output[];
  /** Execution count of a code cell (null when not run). */
  execution_count?: number | null;
  /** Files attached to a markdown cell: name → { mime → base64 }. */
  attachments?: Record<string, unknown>;
}

/** A whole nbformat-4 notebook. */
export interface Notebook {
  /** Major format version (4). */
  nbformat: number;
  /** Minor format version. */
  nbformat_minor: number;
  /** Notebook metadata (kernelspec, language_info, authors, …). */
  metadata: Record<string, unknown>;
  /** The cells, in order. */
  cells: Cell[];
}

/** A notebook file that cannot be used, with the file name in the message. */
export class NotebookError extends Error {
  /** `file`: the notebook's path; `problem`: what is wrong with it. */
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = "NotebookError";
  }
}

/** Joins a cell's source (string or list of lines) into one string. */
export function cellSource(cell: { source: MultilineString }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Splits text into Jupyter's list-of-lines form (each line keeps its "\n"). */
export function toLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Parses notebook JSON, checking the parts of nbformat 4 this kit relies on.
 * Throws {@link NotebookError} naming `file` for invalid JSON, a non-notebook
 * document, another nbformat major version, or a malformed cell.
 */
export function parseNotebook(text: string, file = "<notebook>"): Notebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new NotebookError(
      file,
      `not valid JSON (${
        (error as Error).message
      }); a notebook is the .ipynb file JupyterLab or VS Code saves`,
    );
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new NotebookError(file, "not a notebook: the JSON is not an object");
  }
  const nb = doc as Record<string, unknown>;
  if (!("cells" in nb) || !("nbformat" in nb)) {
    throw new NotebookError(
      file,
      "not a notebook: it has no `cells` and `nbformat` fields",
    );
  }
  if (nb.nbformat !== 4) {
    throw new NotebookError(
      file,
      `nbformat ${nb.nbformat} is not supported; save it as nbformat 4 (JupyterLab: File > Save; or \`jupyter nbconvert --to notebook --nbformat 4\`)`,
    );
  }
  if (!Array.isArray(nb.cells)) {
    throw new NotebookError(file, "`cells` is not a list");
  }
  nb.cells.forEach((cell, index) => {
    const c = cell as Record<string, unknown>;
    if (
      typeof c !== "object" || c === null ||
      !["code", "markdown", "raw"].includes(c.cell_type as string)
    ) {
      throw new NotebookError(
        file,
        `cell ${index + 1} has no valid cell_type (code, markdown or raw)`,
      );
    }
    if (typeof c.source !== "string" && !Array.isArray(c.source)) {
      throw new NotebookError(file, `cell ${index + 1} has no source text`);
    }
    c.metadata ??= {};
  });
  nb.metadata ??= {};
  nb.nbformat_minor ??= 4;
  return nb as unknown as Notebook;
}

/** Reads and parses a notebook file; a missing file is a {@link NotebookError}. */
export async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new NotebookError(path, "file not found");
    }
    throw new NotebookError(
      path,
      `cannot be read: ${(error as Error).message}`,
    );
  }
  return parseNotebook(text, path);
}

/** Serializes a notebook the way Jupyter does (1-space indent, final newline). */
export function formatNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Writes a notebook in Jupyter's own layout, so diffs stay small. */
export async function writeNotebook(path: string, nb: Notebook): Promise<void> {
  await Deno.writeTextFile(path, formatNotebook(nb));
}

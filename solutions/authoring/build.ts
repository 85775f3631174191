/**
 * One-time bootstrap of the master notebooks from readable text sources.
 *
 * The committed `solutions/*.ipynb` are the masters instructors edit (in
 * JupyterLab or VS Code); these `*.nb.md` files are the text they were first
 * written in. A source is a sequence of cells, each opened by a line
 * `%%% markdown` or `%%% code`, optionally followed by the cell's metadata as
 * JSON, e.g. `%%% code {"vaelab": {"exercise": "elbo", "points": 1.5}}`.
 *
 * Usage: `deno run -A solutions/authoring/build.ts [--force] [name ...]`.
 * Without `--force` it refuses to overwrite a master that differs from what
 * the source would produce (the master may have been edited since).
 *
 * @module
 */
import {
  type Cell,
  formatNotebook,
  type Notebook,
  NotebookError,
  toLines,
} from "../../lib/notebook/mod.ts";

const HERE = new URL(".", import.meta.url).pathname;
const CELL_LINE = /^%%% (markdown|code)(?:\s+(\{.*\}))?\s*$/;

/** The notebook-level metadata of every master (Deno kernel). */
export const NOTEBOOK_METADATA = {
  kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
  language_info: {
    codemirror_mode: "typescript",
    file_extension: ".ts",
    mimetype: "text/x.typescript",
    name: "typescript",
    nbconvert_exporter: "script",
    pygments_lexer: "typescript",
    version: "5.9.2",
  },
};

/** Formats TypeScript with `deno fmt` (80 columns), so code cells read well in the PDF. */
export async function formatCode(code: string, where: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ts", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(code + "\n"));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new NotebookError(where, `deno fmt failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout).replace(/\n+$/, "");
}

/** Parses a `*.nb.md` source into a notebook; cell ids are `<prefix>-<nn>`. */
export function buildNotebook(text: string, file: string, prefix: string): Notebook {
  const cells: Cell[] = [];
  let current: { type: "markdown" | "code"; meta: Record<string, unknown>; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const source = current.lines.join("\n").replace(/^\n+|\n+$/g, "");
    const id = `${prefix}-${String(cells.length + 1).padStart(2, "0")}`;
    cells.push(
      current.type === "code"
        ? { cell_type: "code", id, metadata: current.meta, source: toLines(source), outputs: [], execution_count: null }
        : { cell_type: "markdown", id, metadata: current.meta, source: toLines(source) },
    );
  };
  text.split("\n").forEach((line, index) => {
    const match = line.match(CELL_LINE);
    if (!match) {
      if (!current) {
        if (line.trim() === "") return;
        throw new NotebookError(file, `line ${index + 1}: text before the first "%%% markdown" or "%%% code" line`);
      }
      current.lines.push(line);
      return;
    }
    flush();
    let meta: Record<string, unknown> = {};
    if (match[2]) {
      try {
        meta = JSON.parse(match[2]);
      } catch (error) {
        throw new NotebookError(file, `line ${index + 1}: cell metadata is not valid JSON: ${(error as Error).message}`);
      }
    }
    current = { type: match[1] as "markdown" | "code", meta, lines: [] };
  });
  flush();
  return { cells, metadata: NOTEBOOK_METADATA, nbformat: 4, nbformat_minor: 5 };
}

if (import.meta.main) {
  const force = Deno.args.includes("--force");
  const names = Deno.args.filter((a) => !a.startsWith("--"));
  const sources = names.length > 0
    ? names
    : [...Deno.readDirSync(HERE)].filter((e) => e.name.endsWith(".nb.md")).map((e) => e.name.replace(/\.nb\.md$/, "")).sort();
  for (const name of sources) {
    const file = `${HERE}${name}.nb.md`;
    const prefix = name.split("_")[0];
    const nb = buildNotebook(await Deno.readTextFile(file), file, prefix);
    for (const [index, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      cell.source = toLines(await formatCode(source, `${file}, cell ${index + 1}`));
    }
    const text = formatNotebook(nb);
    const target = `${HERE}../${name}.ipynb`;
    let existing: string | undefined;
    try {
      existing = await Deno.readTextFile(target);
    } catch {
      existing = undefined;
    }
    if (existing !== undefined && existing !== text && !force) {
      console.error(`build: ${target} differs from ${name}.nb.md (edited, or executed with outputs); pass --force to overwrite`);
      Deno.exitCode = 1;
      continue;
    }
    await Deno.writeTextFile(target, text);
    console.log(`build: wrote solutions/${name}.ipynb (${name}.nb.md)`);
  }
}

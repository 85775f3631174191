/**
 * Turning an instructor's master notebook into the student notebook.
 *
 * Solution regions are removed: in a code cell the lines from
 * `// BEGIN SOLUTION` to `// END SOLUTION` become one
 * `throw new Error("TODO: <id>: <hint>")` at the marker's indentation (the hint
 * is the cell's `metadata.vaelab.todo`, in Spanish); in a markdown cell the
 * lines from `<!-- BEGIN SOLUTION -->` to `<!-- END SOLUTION -->` become a
 * Spanish answer prompt. Outputs and execution counts are cleared; metadata
 * (the exercise marks) is kept. The result is a pure function of the input,
 * so releasing twice gives byte-identical files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { releaseNotebook } from "./release.ts";
 * import { formatNotebook, readNotebook } from "./nbformat.ts";
 * const path = "solutions/lab1_elbo_dense_vae.ipynb";
 * const student = releaseNotebook(await readNotebook(path), path);
 * const released = await Deno.readTextFile("notebooks/lab1_elbo_dense_vae.ipynb");
 * assert.equal(formatNotebook(student), released); // what `deno task release` wrote
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import {
  answerIdOf,
  cellMark,
  exerciseIdOf,
  METADATA_KEY,
} from "./exercise.ts";
import {
  type Cell,
  cellSource,
  formatNotebook,
  type Notebook,
  NotebookError,
  readNotebook,
  toLines,
} from "./nbformat.ts";

/** What replaces a markdown solution region in the student notebook. */
export const ANSWER_PROMPT = "_Escribe aquí tu respuesta._";

const MARKERS = {
  code: {
    begin: /^\s*\/\/\s*BEGIN SOLUTION\s*$/,
    end: /^\s*\/\/\s*END SOLUTION\s*$/,
    beginText: "// BEGIN SOLUTION",
    endText: "// END SOLUTION",
  },
  markdown: {
    begin: /^\s*<!--\s*BEGIN SOLUTION\s*-->\s*$/,
    end: /^\s*<!--\s*END SOLUTION\s*-->\s*$/,
    beginText: "<!-- BEGIN SOLUTION -->",
    endText: "<!-- END SOLUTION -->",
  },
} as const;

/** One solution region of a cell, as line indexes into the cell's lines. */
export interface SolutionRegion {
  /** Index of the BEGIN marker line. */
  begin: number;
  /** Index of the END marker line. */
  end: number;
  /** Leading whitespace of the BEGIN marker line. */
  indent: string;
}

/**
 * Finds the solution regions of one cell. Throws {@link NotebookError} for an
 * unbalanced or nested marker, naming `file`, the cell number and the line.
 */
export function solutionRegions(
  cell: Cell,
  file = "<notebook>",
  cellIndex = 0,
): SolutionRegion[] {
  if (cell.cell_type !== "code" && cell.cell_type !== "markdown") return [];
  const markers = MARKERS[cell.cell_type];
  const lines = toLines(cellSource(cell));
  const regions: SolutionRegion[] = [];
  let open: number | undefined;
  const where = (line: number) =>
    `cell ${cellIndex + 1} (${cell.cell_type}), line ${line + 1}`;
  lines.forEach((line, index) => {
    const text = line.replace(/\n$/, "");
    if (markers.begin.test(text)) {
      if (open !== undefined) {
        throw new NotebookError(
          file,
          `${
            where(index)
          }: "${markers.beginText}" inside the region opened at line ${
            open + 1
          }; close it with "${markers.endText}" first (regions do not nest)`,
        );
      }
      open = index;
    } else if (markers.end.test(text)) {
      if (open === undefined) {
        throw new NotebookError(
          file,
          `${
            where(index)
          }: "${markers.endText}" without a matching "${markers.beginText}" before it`,
        );
      }
      regions.push({
        begin: open,
        end: index,
        indent: lines[open].match(/^\s*/)![0],
      });
      open = undefined;
    }
  });
  if (open !== undefined) {
    throw new NotebookError(
      file,
      `${
        where(open)
      }: "${markers.beginText}" is never closed; add "${markers.endText}"`,
    );
  }
  return regions;
}

/** The `throw new Error("TODO: …")` line a student sees instead of a solution. */
export function stubLine(id: string, todo: string, indent = ""): string {
  return `${indent}throw new Error(${JSON.stringify(`TODO: ${id}: ${todo}`)});`;
}

function releaseCell(cell: Cell, file: string, index: number): Cell {
  const regions = solutionRegions(cell, file, index);
  const copy: Cell = structuredClone(cell);
  if (copy.cell_type === "code") {
    copy.outputs = [];
    copy.execution_count = null;
  }
  if (regions.length === 0) return copy;
  const lines = toLines(cellSource(cell));
  let replacement: (region: SolutionRegion) => string;
  if (cell.cell_type === "code") {
    const id = exerciseIdOf(cell);
    const todo = cellMark(cell).todo;
    if (!id) {
      throw new NotebookError(
        file,
        `cell ${
          index + 1
        } has a solution region but no exercise id; mark it with metadata vaelab.exercise and a first line "// EXERCISE: <id>"`,
      );
    }
    if (typeof todo !== "string" || todo.trim() === "") {
      throw new NotebookError(
        file,
        `cell ${
          index + 1
        } (exercise ${id}) has a solution region but no metadata vaelab.todo: add a Spanish sentence saying what the student must implement`,
      );
    }
    replacement = (region) => stubLine(id, todo.trim(), region.indent) + "\n";
  } else {
    replacement = (region) => region.indent + ANSWER_PROMPT + "\n";
  }
  const out: string[] = [];
  let next = 0;
  for (const region of regions) {
    out.push(...lines.slice(next, region.begin), replacement(region));
    next = region.end + 1;
  }
  out.push(...lines.slice(next));
  // A region at the very end of a cell leaves a trailing newline Jupyter
  // would not store; drop it so the student cell looks hand-written.
  const text = out.join("").replace(/\n$/, "");
  copy.source = toLines(text);
  return copy;
}

/** What `deno task release` stamps into a student notebook's metadata. */
export interface ReleaseStamp {
  /** The assignment: the master's file stem (the lab id). */
  assignment: string;
  /** A digest of the released content: changes whenever the release does. */
  version: string;
}

/** The stamp of a notebook, if it has one. */
export function releaseStampOf(nb: Notebook): ReleaseStamp | undefined {
  const v = nb.metadata?.[METADATA_KEY] as Partial<ReleaseStamp> | undefined;
  return typeof v?.assignment === "string" && typeof v.version === "string"
    ? { assignment: v.assignment, version: v.version }
    : undefined;
}

function stemOf(file: string): string {
  return file.replace(/\\/g, "/").split("/").at(-1)!.replace(/\.ipynb$/i, "");
}

/**
 * Gives every cell of a master a unique id (nbformat 4.5) where it has none
 * or shares one, so that releases and submissions can be matched cell by
 * cell. Returns whether anything changed (the master must then be saved).
 */
export function assignCellIds(master: Notebook, prefix: string): boolean {
  const seen = new Set<string>();
  let changed = false;
  for (const cell of master.cells) {
    if (typeof cell.id !== "string" || cell.id === "" || seen.has(cell.id)) {
      do {
        cell.id = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
      } while (seen.has(cell.id));
      changed = true;
    }
    seen.add(cell.id);
  }
  if (master.nbformat_minor < 5) {
    master.nbformat_minor = 5;
    changed = true;
  }
  return changed;
}

/**
 * The student version of a master notebook: solution regions replaced by
 * stubs or answer prompts, outputs and execution counts cleared, metadata
 * kept, every cell's id kept (or derived from its position when the master
 * has none), and the notebook stamped with its assignment (the stem of the
 * master's `file`, or `assignment`) and a version digest of its content. Does not modify
 * `master`; releasing a release gives the same notebook.
 */
export function releaseNotebook(
  master: Notebook,
  file: string,
  assignment: string = stemOf(file),
): Notebook {
  const student: Notebook = structuredClone(master);
  student.cells = master.cells.map((cell, index) => {
    const released = releaseCell(cell, file, index);
    if (typeof released.id !== "string" || released.id === "") {
      released.id = `${assignment.split("_")[0]}-${index + 1}`;
    }
    return released;
  });
  student.nbformat_minor = Math.max(5, student.nbformat_minor ?? 5);
  const stamp = (version: string) => ({
    ...(student.metadata[METADATA_KEY] as Record<string, unknown> | undefined),
    assignment,
    version,
  });
  student.metadata = { ...student.metadata, [METADATA_KEY]: stamp("") };
  const digest = createHash("sha256").update(formatNotebook(student)).digest(
    "hex",
  );
  student.metadata[METADATA_KEY] = stamp(digest.slice(0, 12));
  return student;
}

/**
 * The trimmed, non-empty lines inside solution regions that do not also occur
 * outside them in the master: the lines that must never reach students.
 */
export function secretLines(master: Notebook, file = "<notebook>"): string[] {
  const inside = new Set<string>();
  const outside = new Set<string>();
  master.cells.forEach((cell, index) => {
    const regions = solutionRegions(cell, file, index);
    const lines = toLines(cellSource(cell)).map((line) => line.trim());
    lines.forEach((line, at) => {
      if (line === "") return;
      const isInside = regions.some((r) => at > r.begin && at < r.end);
      (isInside ? inside : outside).add(line);
    });
  });
  return [...inside].filter((line) => !outside.has(line)).sort();
}

/** Ids of the answer cells and exercise cells of a notebook, in order. */
export function markedIds(nb: Notebook): string[] {
  return nb.cells.map((cell) => exerciseIdOf(cell) ?? answerIdOf(cell))
    .filter((id): id is string => id !== undefined);
}

/** Result of releasing a folder: which student files changed or are stale. */
export interface ReleaseReport {
  /** Master notebooks read, relative to the solutions folder. */
  masters: string[];
  /** Student notebooks whose content differs from a fresh release. */
  stale: string[];
  /** Student notebooks with no master (only reported, never deleted). */
  orphans: string[];
  /** Masters whose cells lacked unique ids: given ones (and saved, unless checking). */
  idsAssigned: string[];
}

/**
 * Releases every `*.ipynb` in `solutionsDir` into `notebooksDir`. With
 * `check: true` nothing is written and the report lists the stale files.
 */
export async function releaseFolder(
  solutionsDir: string,
  notebooksDir: string,
  { check = false }: { check?: boolean } = {},
): Promise<ReleaseReport> {
  const list = async (dir: string) => {
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(dir)) {
        if (entry.isFile && entry.name.endsWith(".ipynb")) {
          names.push(entry.name);
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return names.sort();
  };
  const masters = await list(solutionsDir);
  if (masters.length === 0) {
    throw new NotebookError(
      solutionsDir,
      "no master notebooks (*.ipynb) found to release",
    );
  }
  const stale: string[] = [];
  const idsAssigned: string[] = [];
  for (const name of masters) {
    const masterPath = `${solutionsDir}/${name}`;
    const studentPath = `${notebooksDir}/${name}`;
    const master = await readNotebook(masterPath);
    if (assignCellIds(master, stemOf(name).split("_")[0])) {
      idsAssigned.push(name);
      if (!check) await Deno.writeTextFile(masterPath, formatNotebook(master));
    }
    const text = formatNotebook(releaseNotebook(master, masterPath));
    let current: string | undefined;
    try {
      current = await Deno.readTextFile(studentPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (current === text) continue;
    stale.push(name);
    if (!check) {
      await Deno.mkdir(notebooksDir, { recursive: true });
      await Deno.writeTextFile(studentPath, text);
    }
  }
  const orphans = (await list(notebooksDir)).filter((name) =>
    !masters.includes(name)
  );
  return { masters, stale, orphans, idsAssigned };
}

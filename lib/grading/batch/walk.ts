/**
 * Finding the submissions: walks the files and folders an instructor names
 * and returns every notebook in them, each with its unique key and output
 * folder, plus every entry that was not graded and why.
 *
 * Rules: nothing is followed or opened while walking (entries are looked at
 * with `lstat`); a notebook is a name ending in `.ipynb` or `.ipynb.json`,
 * in any case, or any file named explicitly; a notebook-named entry that is
 * a symlink, FIFO, socket, device, hard link or too big is still a
 * submission, *refused* with a Spanish reason (it gets a report saying so,
 * and is never read); dotfiles and dot-folders (`.ipynb_checkpoints`,
 * `._x.ipynb`) are not graded, nor other files, nor anything below 16
 * levels, but all of them are listed, and each is also noted in the reports
 * of the submissions of the nearest folder (itself or above) that has any.
 * The submissions root is the folder named (or the deepest folder holding
 * every input); keys are relative to it (see `keys.ts`).
 *
 * @example
 * ```ts
 * import { collectSubmissions } from "./walk.ts";
 * const found = await collectSubmissions(["notebooks"]);
 * for (const s of found.submissions) console.log(s.key, s.refused ?? "ok");
 * ```
 * @module
 */
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { NOTEBOOK_NAME, outputFolders, submissionKeys } from "./keys.ts";
import { DEFAULT_MAX_BYTES, examine } from "./safe_read.ts";

/** One notebook to grade (or to report as refused). */
export interface Submission {
  /** The path to open, built from the input as the instructor wrote it. */
  path: string;
  /** Path relative to the submissions root, `/`-separated (untrusted text). */
  relative: string;
  /** Unique key: the report's `submission`, the gradebook's row id. */
  key: string;
  /** Unique, file-system-safe name of its output folder. */
  folder: string;
  /** Set when the file is not read: why (Spanish, without the name). */
  refused?: string;
  /** Files of its folder that were not graded, Spanish, one per line. */
  notes: string[];
}

/** An entry that is not a submission. */
export interface Skipped {
  /** Path relative to the submissions root, `/`-separated (untrusted text). */
  relative: string;
  /** Spanish reason. */
  reason: string;
  /** `hidden`: a dot entry; `other`: not a notebook; `problem`: could not be examined. */
  kind: "hidden" | "other" | "problem";
}

/** What {@link collectSubmissions} found. */
export interface Collection {
  /** The submissions root (absolute). */
  root: string;
  /** Notebooks in root-relative path order. */
  submissions: Submission[];
  /** Everything else, in walk order. */
  skipped: Skipped[];
}

/** An input named on the command line does not exist (a usage error). */
export class MissingInput extends Error {
  /** `input` as the user wrote it. */
  constructor(readonly input: string) {
    super(
      `${input}: no existe (se esperaba un notebook .ipynb o una carpeta de entregas)`,
    );
    this.name = "MissingInput";
  }
}

/** Options of {@link collectSubmissions}. */
export interface CollectOptions {
  /** Notebooks bigger than this are refused (default {@link DEFAULT_MAX_BYTES}). */
  maxBytes?: number;
}

/** Deepest folder level walked below the root. */
export const MAX_DEPTH = 16;
/** Most notes listed in one submission's report. */
const MAX_NOTES = 30;

interface Found {
  path: string;
  relative: string;
  refused?: string;
}

const HIDDEN_DIR =
  "carpeta oculta (su nombre empieza por «.»); no se examina (.ipynb_checkpoints, por ejemplo, guarda copias automáticas de Jupyter).";
const HIDDEN_FILE =
  "archivo oculto (su nombre empieza por «.»); no se evalúa (._x.ipynb, por ejemplo, lo crea macOS y no es un notebook).";

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function commonRoot(bases: string[]): string {
  const split = bases.map((b) => b.split(sep));
  const first = split[0];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && i < parts.length && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(sep) || sep;
}

/** Finds every submission under `inputs` (files or folders); see the module doc. */
export async function collectSubmissions(
  inputs: readonly string[],
  options: CollectOptions = {},
): Promise<Collection> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const tops: { input: string; absolute: string; dir: boolean }[] = [];
  for (const input of inputs) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(input);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) throw new MissingInput(input);
      throw error;
    }
    tops.push({ input, absolute: resolve(input), dir: info.isDirectory });
  }
  const root = tops.length === 0
    ? resolve(".")
    : commonRoot(tops.map((t) => t.dir ? t.absolute : dirname(t.absolute)));
  const rel = (absolute: string) =>
    toPosix(relative(root, absolute)) || basename(absolute);

  const found: Found[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();

  const consider = async (path: string, absolute: string, named: boolean) => {
    const name = basename(absolute);
    const relativePath = rel(absolute);
    if (!named && name.startsWith(".")) {
      skipped.push({
        relative: relativePath,
        reason: HIDDEN_FILE,
        kind: "hidden",
      });
      return;
    }
    const problem = await examine(path, maxBytes);
    if (named || NOTEBOOK_NAME.test(name)) {
      found.push({
        path,
        relative: relativePath,
        refused: problem ?? undefined,
      });
    } else {
      skipped.push({
        relative: relativePath,
        reason: problem ?? "no es un notebook (.ipynb); no se evalúa.",
        kind: problem ? "problem" : "other",
      });
    }
  };

  const walk = async (path: string, absolute: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      skipped.push({
        relative: rel(absolute) + "/",
        reason:
          `está a más de ${MAX_DEPTH} niveles de profundidad; no se examinó.`,
        kind: "problem",
      });
      return;
    }
    const entries: { name: string; isDirectory: boolean }[] = [];
    try {
      for await (const entry of Deno.readDir(path)) {
        // isDirectory is false for a symlink to a folder: never followed.
        entries.push({ name: entry.name, isDirectory: entry.isDirectory });
      }
    } catch (error) {
      skipped.push({
        relative: rel(absolute) + "/",
        reason: error instanceof Deno.errors.PermissionDenied
          ? "carpeta ilegible (permiso denegado); no se examinó."
          : `carpeta ilegible (${(error as Error).message}); no se examinó.`,
        kind: "problem",
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childPath = join(path, entry.name);
      const childAbsolute = join(absolute, entry.name);
      if (seen.has(childAbsolute)) continue;
      seen.add(childAbsolute);
      if (!entry.isDirectory) {
        await consider(childPath, childAbsolute, false);
      } else if (entry.name.startsWith(".")) {
        skipped.push({
          relative: rel(childAbsolute) + "/",
          reason: HIDDEN_DIR,
          kind: "hidden",
        });
      } else {
        await walk(childPath, childAbsolute, depth + 1);
      }
    }
  };

  for (const top of tops) {
    if (seen.has(top.absolute)) continue;
    seen.add(top.absolute);
    if (top.dir) await walk(top.input, top.absolute, 0);
    else await consider(top.input, top.absolute, true);
  }

  found.sort((a, b) =>
    a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0
  );
  const keys = submissionKeys(found.map((f) => f.relative));
  const folders = outputFolders(keys);
  const submissions: Submission[] = found.map((f, i) => ({
    path: f.path,
    relative: f.relative,
    key: keys[i],
    folder: folders[i],
    ...(f.refused ? { refused: f.refused } : {}),
    notes: [],
  }));
  attachNotes(submissions, skipped);
  return { root, submissions, skipped };
}

function folderOf(relativePath: string): string {
  const trimmed = relativePath.replace(/\/$/, "");
  const at = trimmed.lastIndexOf("/");
  return at < 0 ? "" : trimmed.slice(0, at);
}

/** Notes each skipped entry in the submissions of its nearest folder that has any. */
function attachNotes(submissions: Submission[], skipped: Skipped[]): void {
  const byFolder = new Map<string, Submission[]>();
  for (const s of submissions) {
    const folder = folderOf(s.relative);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), s]);
  }
  const extra = new Map<Submission, number>();
  for (const entry of skipped) {
    let folder = folderOf(entry.relative);
    while (!byFolder.has(folder) && folder !== "") folder = folderOf(folder);
    for (const s of byFolder.get(folder) ?? []) {
      if (s.notes.length < MAX_NOTES) {
        s.notes.push(`«${entry.relative}»: ${entry.reason}`);
      } else extra.set(s, (extra.get(s) ?? 0) + 1);
    }
  }
  for (const [s, n] of extra) {
    s.notes.push(`… y ${n} archivos más sin evaluar.`);
  }
}

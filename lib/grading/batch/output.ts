/**
 * The batch's output folder: `grades.csv` and `results.json` at its top,
 * rewritten atomically (temporary file, then rename) after every graded
 * submission, and one folder per submission under `feedback/` (names from
 * `keys.ts`, so a student called `grades.csv` cannot touch the batch's own
 * files). A marker file says the folder is a grading output: only such a
 * folder (or a new or empty one) is written to, and the previous run's
 * `feedback/` is removed first so no stale report survives. The folder may
 * not hold or lie inside the submissions.
 *
 * @example
 * ```ts
 * import { OutputFolder } from "./output.ts";
 * const out = await OutputFolder.prepare("out/grades", ["submissions"]);
 * await out.writeSubmission("ana", { "feedback.md": "# …\n" });
 * await out.writeSummary({ "grades.csv": "submission\n" });
 * ```
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";

/** The folder holding one folder per submission. */
export const FEEDBACK_DIR = "feedback";
/** The file marking a folder as written by `deno task grade`. */
export const MARKER = ".vaelab-grades";

/** A bad `--out` (Spanish message naming the folder and what would do). */
export class OutputError extends Error {
  /** `message` is one Spanish sentence. */
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** Writes `data` to `path` through a temporary file in the same folder and a rename. */
export async function writeAtomic(
  path: string,
  data: string | Uint8Array,
): Promise<void> {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  const temp = join(
    dirname(path),
    `.${basename(path)}.${Deno.pid}.${random}.tmp`,
  );
  try {
    if (typeof data === "string") await Deno.writeTextFile(temp, data);
    else await Deno.writeFile(temp, data);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

const inside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
};

/** A prepared output folder (see the module doc). */
export class OutputFolder {
  private constructor(readonly dir: string) {}

  /**
   * Checks and prepares `dir` for a batch grading `inputs`: throws an
   * {@link OutputError} when it holds or lies inside an input, or exists
   * with other content; removes the previous run's `feedback/`.
   */
  static async prepare(
    dir: string,
    inputs: readonly string[],
  ): Promise<OutputFolder> {
    const out = resolve(dir);
    for (const input of inputs.map((i) => resolve(i))) {
      if (inside(out, input) || inside(input, out)) {
        throw new OutputError(
          `--out ${dir}: la carpeta de resultados no puede estar dentro de las entregas ni contenerlas (${input}); elige otra, p. ej. out/grades`,
        );
      }
    }
    let names: string[] = [];
    try {
      for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw new OutputError(
          `--out ${dir}: no se puede usar (${(error as Error).message})`,
        );
      }
      names = [];
    }
    if (names.length > 0 && !names.includes(MARKER)) {
      throw new OutputError(
        `--out ${dir}: la carpeta ya existe y no es de una evaluación anterior (no tiene ${MARKER}); elige otra o vacíala`,
      );
    }
    await Deno.mkdir(join(dir, FEEDBACK_DIR), { recursive: true }).catch(
      () => {},
    );
    // Recursive removal does not follow symlinks: only our own tree goes.
    await Deno.remove(join(dir, FEEDBACK_DIR), { recursive: true });
    await Deno.mkdir(join(dir, FEEDBACK_DIR), { recursive: true });
    await Deno.writeTextFile(
      join(dir, MARKER),
      "Carpeta de resultados de `deno task grade` (vaelab): se reescribe en cada evaluación.\n",
    );
    return new OutputFolder(dir);
  }

  /** The folder of one submission, relative to the output folder. */
  submissionDir(folder: string): string {
    return `${FEEDBACK_DIR}/${folder}`;
  }

  /** Writes one submission's files (name → content) into its folder. */
  async writeSubmission(
    folder: string,
    files: Record<string, string>,
  ): Promise<void> {
    const dir = join(this.dir, FEEDBACK_DIR, folder);
    await Deno.mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      await writeAtomic(join(dir, name), text);
    }
  }

  /** Rewrites the batch's own files (name → content) atomically. */
  async writeSummary(files: Record<string, string>): Promise<void> {
    for (const [name, text] of Object.entries(files)) {
      await writeAtomic(join(this.dir, name), text);
    }
  }
}

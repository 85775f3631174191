/**
 * Which lab each submission is, before grading it: the marks file is
 * checked against it, the blank marks file lists each lab's questions, and
 * Gradescope picks the notebook to grade by it. A notebook is read only
 * through `safe_read.ts`; a refused or unreadable one keeps the lab given
 * with `--lab`, or one named in its path, or none. A lab the engine names
 * is kept only when most of the notebook's exercise and answer cells are
 * that lab's: labs share some ids (`reparameterize`), and a package that
 * knows one lab must not take another lab's notebook for it.
 *
 * @example
 * ```ts
 * import { defaultEngine } from "./engine.ts";
 * import { identifySubmissions } from "./identify.ts";
 * import { collectSubmissions } from "./walk.ts";
 * const engine = await defaultEngine();
 * const { submissions } = await collectSubmissions(["notebooks"]);
 * for (const s of await identifySubmissions(submissions, engine)) {
 *   console.log(s.submission.key, s.lab, s.answered);
 * }
 * ```
 * @module
 */
import { answerIdOf, exerciseIdOf } from "../../notebook/exercise.ts";
import { type Notebook, parseNotebook } from "../../notebook/nbformat.ts";
import type { Engine } from "./engine.ts";
import { guessLab } from "./placeholder.ts";
import {
  DEFAULT_MAX_BYTES,
  readRegularFile,
  RefusedFile,
} from "./safe_read.ts";
import type { Submission } from "./walk.ts";

/** A submission and what its notebook says about itself. */
export interface Identified {
  /** The submission, as found. */
  submission: Submission;
  /** The lab it will be graded as (null: unknown). */
  lab: string | null;
  /** The lab its cells say it is (null: none, or unreadable). */
  detected: string | null;
  /** Exercise and answer cells changed from the release. */
  answered: number;
  /** Carries a release stamp. */
  stamped: boolean;
  /** Why it could not be read (Spanish), when it could not. */
  problem?: string;
}

/** Whether most of `nb`'s marked cells are exercises or answers of `lab`. */
async function mostlyOf(
  nb: Notebook,
  lab: string,
  catalog: Engine["catalog"],
): Promise<boolean> {
  const info = await catalog.labInfo(lab).catch(() => null);
  if (!info) return false;
  const ids = new Set(
    nb.cells.map((c) => exerciseIdOf(c) ?? answerIdOf(c))
      .filter((id): id is string => id !== undefined),
  );
  if (ids.size === 0) return true;
  const known = new Set([...info.exercises, ...info.answers].map((x) => x.id));
  const shared = [...ids].filter((id) => known.has(id)).length;
  return shared * 2 > ids.size;
}

/** Reads and identifies every submission (see the module doc). */
export async function identifySubmissions(
  submissions: readonly Submission[],
  engine: Pick<Engine, "catalog" | "describe">,
  options: { lab?: string; maxBytes?: number } = {},
): Promise<Identified[]> {
  const out: Identified[] = [];
  for (const submission of submissions) {
    const fallback = guessLab(submission, options, engine.catalog);
    const base = { submission, answered: 0, stamped: false, detected: null };
    if (submission.refused) {
      out.push({ ...base, lab: fallback, problem: submission.refused });
      continue;
    }
    try {
      const bytes = await readRegularFile(
        submission.path,
        options.maxBytes ?? DEFAULT_MAX_BYTES,
      );
      const nb = parseNotebook(
        new TextDecoder().decode(bytes),
        submission.relative,
      );
      const described = await engine.describe(nb, submission.path);
      const detected = described.lab &&
          await mostlyOf(nb, described.lab, engine.catalog)
        ? described.lab
        : null;
      out.push({
        submission,
        lab: options.lab ?? detected ?? fallback,
        detected,
        answered: described.answered,
        stamped: described.stamped,
      });
    } catch (error) {
      out.push({
        ...base,
        lab: fallback,
        problem: error instanceof RefusedFile
          ? error.reason
          : `no es un notebook legible (${(error as Error).message})`,
      });
    }
  }
  return out;
}

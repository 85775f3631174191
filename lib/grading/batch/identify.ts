/**
 * Which lab each submission is, before grading it: the marks file is
 * checked against it, the blank marks file lists each lab's questions, and
 * Gradescope picks the notebook to grade by it. A notebook is read only
 * through `safe_read.ts`; a refused or unreadable one keeps the lab given
 * with `--lab`, or one named in its path, or none.
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
import { parseNotebook } from "../../notebook/nbformat.ts";
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
      out.push({
        submission,
        lab: options.lab ?? described.lab ?? fallback,
        detected: described.lab,
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

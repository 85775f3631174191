/**
 * Stage 2, identify the lab: by the release stamp the notebook carries,
 * else by which lab's exercise cells it holds, else by its file name.
 * Also says how much of a notebook a student filled in, to choose among
 * several uploaded notebooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readNotebook } from "../../notebook/nbformat.ts";
 * import { identifyLab } from "./identify.ts";
 * const nb = await readNotebook("notebooks/lab2_conv_vae.ipynb");
 * assert.equal(await identifyLab(nb, "whatever.ipynb"), "lab2_conv_vae");
 * ```
 * @module
 */
import { answerIdOf, exerciseIdOf } from "../../notebook/exercise.ts";
import { cellSource, type Notebook } from "../../notebook/nbformat.ts";
import { releaseStampOf } from "../../notebook/release.ts";
import { answerText } from "./answers.ts";
import { labIds, loadLab } from "./labs.ts";

/** What a notebook's exercise cells say when they are of no lab this kit knows. */
export const FOREIGN_LAB = "otro laboratorio";

/**
 * The lab a notebook belongs to: its stamp (even one naming a lab this kit
 * does not have), else the known lab whose exercises it holds — when more
 * of its exercise cells are foreign to that lab than belong to it, it is
 * {@link FOREIGN_LAB} —, else its file name; null when nothing says.
 */
export async function identifyLab(
  nb: Notebook | undefined,
  path: string,
): Promise<string | null> {
  const ids = labIds();
  const stamp = nb ? releaseStampOf(nb) : undefined;
  if (stamp) return stamp.assignment;
  if (nb) {
    const found = new Set(
      nb.cells.map(exerciseIdOf).filter((x): x is string => Boolean(x)),
    );
    if (found.size > 0) {
      const scored = await Promise.all(ids.map(async (id) => {
        const own = new Set(
          (await loadLab(id)).exercises.map((e) => e.definition.id),
        );
        const matched = [...found].filter((x) => own.has(x)).length;
        return { id, matched, foreign: found.size - matched };
      }));
      scored.sort((a, b) => b.matched - a.matched);
      const best = scored[0];
      if (
        best && best.matched > best.foreign &&
        (scored.length === 1 || best.matched > scored[1].matched)
      ) return best.id;
      if (!best || best.matched <= best.foreign) return FOREIGN_LAB;
    }
  }
  const name = path.toLowerCase().split("/").at(-1) ?? "";
  return ids.find((id) => name.includes(id)) ??
    ids.find((id) => name.includes(id.split("_")[0])) ?? null;
}

/** What a notebook is, to choose among several uploaded ones. */
export interface SubmissionSummary {
  /** The lab, `FOREIGN_LAB`, or null. */
  lab: string | null;
  /** Exercise cells changed from the release plus answers written. */
  answered: number;
  /** Whether it carries a release stamp. */
  stamped: boolean;
}

/** Which lab a notebook is and how much of it was filled in. */
export async function describeSubmission(
  nb: Notebook,
  path = "",
): Promise<SubmissionSummary> {
  const lab = await identifyLab(nb, path);
  let answered = 0;
  if (lab) {
    const release = (await loadLab(lab)).release;
    const given = new Map<string, string>();
    for (const cell of release.cells) {
      const id = exerciseIdOf(cell);
      if (id) given.set(id, cellSource(cell).trim());
    }
    for (const cell of nb.cells) {
      const exercise = exerciseIdOf(cell);
      if (exercise && given.get(exercise) !== cellSource(cell).trim()) {
        answered++;
      } else if (answerIdOf(cell) && answerText(cellSource(cell)) !== "") {
        answered++;
      }
    }
  }
  return { lab, answered, stamped: releaseStampOf(nb) !== undefined };
}

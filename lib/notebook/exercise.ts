/**
 * The one convention that ties notebooks and the autograder together: how a
 * graded cell says which exercise it is.
 *
 * A graded code cell carries `metadata.vaelab = { exercise: "<id>", points }`
 * and starts with the comment line `// EXERCISE: <id>`. The metadata is the
 * primary key; the comment is the fallback that survives a student pasting the
 * code into a fresh cell (which drops metadata). A theory answer (markdown)
 * cell carries `metadata.vaelab = { answer: "<id>", points }` and starts with
 * `<!-- ANSWER: <id> -->`.
 *
 * @example
 * ```ts
 * import { findExerciseCells } from "./exercise.ts";
 * import { readNotebook } from "./nbformat.ts";
 * const nb = await readNotebook("solutions/lab1_elbo_dense_vae.ipynb");
 * for (const found of findExerciseCells(nb)) console.log(found.id, found.cellIndexes);
 * ```
 * @module
 */
import { type Cell, cellSource, type Notebook } from "./nbformat.ts";

/** The metadata key under which vaelab stores its cell marks. */
export const METADATA_KEY = "vaelab";

/** What vaelab stores in a cell's `metadata.vaelab`. */
export interface CellMark {
  /** Exercise id of a graded code cell. */
  exercise?: string;
  /** Answer id of a theory (markdown) cell. */
  answer?: string;
  /** Points the exercise or answer is worth. */
  points?: number;
  /** Other roles, e.g. "parameters" for the quick-mode parameters cell. */
  role?: string;
  /** Spanish hint for the release stub `throw new Error("TODO: <id>: <todo>")`. */
  todo?: string;
  /** True for a bonus answer: its points are extra, not part of the total. */
  bonus?: boolean;
}

const CODE_MARK = /^\s*\/\/\s*EXERCISE:\s*([A-Za-z0-9_.-]+)/m;
const MARKDOWN_MARK = /<!--\s*ANSWER:\s*([A-Za-z0-9_.-]+)\s*-->/;

/** The vaelab mark of a cell (empty object when it has none). */
export function cellMark(cell: Cell): CellMark {
  const mark = cell.metadata?.[METADATA_KEY];
  return typeof mark === "object" && mark !== null ? mark as CellMark : {};
}

/** The exercise id a code cell declares, by metadata or by its comment line. */
export function exerciseIdOf(cell: Cell): string | undefined {
  if (cell.cell_type !== "code") return undefined;
  return cellMark(cell).exercise ?? cellSource(cell).match(CODE_MARK)?.[1];
}

/** The answer id a markdown cell declares, by metadata or by its comment. */
export function answerIdOf(cell: Cell): string | undefined {
  if (cell.cell_type !== "markdown") return undefined;
  return cellMark(cell).answer ?? cellSource(cell).match(MARKDOWN_MARK)?.[1];
}

/** Every cell index that declares an exercise (code) or answer (markdown). */
export interface FoundCells {
  /** The exercise or answer id. */
  id: string;
  /** Whether it marks a code exercise or a theory answer. */
  kind: "exercise" | "answer";
  /** Indexes of the cells declaring this id: more than one is a duplicate. */
  cellIndexes: number[];
}

/** Finds the exercise and answer cells of a notebook, in notebook order. */
export function findExerciseCells(nb: Notebook): FoundCells[] {
  const byId = new Map<string, FoundCells>();
  nb.cells.forEach((cell, index) => {
    const exercise = exerciseIdOf(cell);
    const answer = answerIdOf(cell);
    const id = exercise ?? answer;
    if (!id) return;
    const kind = exercise ? "exercise" : "answer";
    const key = `${kind}:${id}`;
    const found = byId.get(key) ?? { id, kind, cellIndexes: [] };
    found.cellIndexes.push(index);
    byId.set(key, found);
  });
  return [...byId.values()];
}

/**
 * State shared while rendering one notebook: where relative images live, the
 * KaTeX macros defined so far, and the problems found (reported at the end of
 * the document and by the command line instead of aborting).
 *
 * @example
 * ```ts
 * import { RenderContext } from "./context.ts";
 * const ctx = new RenderContext(".");
 * ctx.cell = 3;
 * ctx.report("math", "KaTeX parse error", "\\frac{1");
 * console.log(ctx.problems[0].cell); // 3
 * ```
 * @module
 */

/** What kind of thing went wrong. */
export type ProblemKind = "math" | "image" | "output";

/** One problem found while rendering (the document still renders). */
export interface RenderProblem {
  kind: ProblemKind;
  /** 1-based cell number, as Jupyter users count them (0 = not in a cell). */
  cell: number;
  /** What went wrong, in Spanish (student facing). */
  message: string;
  /** The offending source (formula, image name, mime type), if any. */
  source?: string;
}

/** Mutable rendering state for one notebook. */
export class RenderContext {
  /** Problems found so far, in document order. */
  readonly problems: RenderProblem[] = [];
  /** KaTeX macros; `\newcommand` in one cell is visible in later cells. */
  readonly macros: Record<string, string> = {};
  /** The 1-based number of the cell being rendered. */
  cell = 0;

  /** @param baseDir directory that relative image paths are resolved against */
  constructor(readonly baseDir: string) {}

  /** Records a problem in the current cell and returns it. */
  report(kind: ProblemKind, message: string, source?: string): RenderProblem {
    const problem = { kind, cell: this.cell, message, source };
    this.problems.push(problem);
    return problem;
  }
}

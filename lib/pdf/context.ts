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
 * ctx.report("math", "KaTeX no puede interpretar la fórmula", "\\frac{1", 2);
 * console.log(ctx.problems[0].cell, ctx.problems[0].line); // 3 2
 * ```
 * @module
 */

/** What kind of thing went wrong: a formula, an image or an output. */
export type ProblemKind = "math" | "image" | "output";

/** One problem found while rendering (the document still renders). */
export interface RenderProblem {
  /** What kind of content it is in. */
  kind: ProblemKind;
  /** 1-based cell number, as Jupyter users count them (0 = not in a cell). */
  cell: number;
  /** 1-based line in the cell's source, when known (markdown cells). */
  line?: number;
  /** What went wrong, in Spanish (student facing). */
  message: string;
  /** The offending source (formula, image name, mime type), if any. */
  source?: string;
}

/** Where a problem is, in Spanish: "celda 4, línea 2", "celda 4" or "documento". */
export function problemPlace(problem: RenderProblem): string {
  if (!problem.cell) return "documento";
  return problem.line
    ? `celda ${problem.cell}, línea ${problem.line}`
    : `celda ${problem.cell}`;
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

  /**
   * Records a problem in the current cell and returns its 1-based number in
   * the list printed at the end of the document.
   */
  report(
    kind: ProblemKind,
    message: string,
    source?: string,
    line?: number,
  ): number {
    const problem: RenderProblem = { kind, cell: this.cell, message };
    if (line !== undefined) problem.line = line;
    if (source !== undefined) problem.source = source;
    this.problems.push(problem);
    return this.problems.length;
  }
}

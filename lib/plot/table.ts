/**
 * Tables shown inline in a notebook: a GitHub-flavoured Markdown table that
 * every Jupyter front end renders (cell text escaped so a `|` in a header or
 * value stays inside its cell; text columns left-aligned, the rest
 * right-aligned), with an aligned plain-text fallback.
 *
 * @example
 * ```ts
 * import { show, table } from "./mod.ts";
 * await show(table(["N", "|diferencia|"], [[100, 0.0123], [10_000, 2e-5]]));
 * ```
 * @module
 */
import { ensureParentDir } from "./files.ts";
import { JUPYTER_DISPLAY } from "./figure.ts";

/** One table cell: text as given, numbers formatted by {@linkcode formatCell}. */
export type TableValue = string | number;

/**
 * How a number is written in a table: integers as they are, magnitudes
 * below 10⁻³ in exponent form with two significant digits, the rest with
 * four decimals; NaN and ±∞ in words a reader recognises.
 */
export function formatCell(value: TableValue): string {
  if (typeof value !== "number") return value;
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 1e-3 ? value.toExponential(1) : value.toFixed(4);
}

/** Escapes what would end a GFM table cell or break its row: `|`, `\` and line breaks. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(
    /\r?\n/g,
    " ",
  );
}

/** A header and rows that display as a Markdown table in Jupyter. */
export class Table {
  /** Column headings. */
  readonly header: readonly string[];
  /** The rows, each as long as the header. */
  readonly rows: readonly (readonly TableValue[])[];

  /** Throws a RangeError naming the row when a row's length differs from the header's. */
  constructor(
    header: readonly string[],
    rows: readonly (readonly TableValue[])[],
  ) {
    if (header.length === 0) {
      throw new RangeError("a table needs at least one column");
    }
    rows.forEach((row, i) => {
      if (row.length !== header.length) {
        throw new RangeError(
          `table row ${
            i + 1
          } has ${row.length} values but the header has ${header.length} columns`,
        );
      }
    });
    this.header = [...header];
    this.rows = rows.map((row) => [...row]);
  }

  /**
   * Per column: true when it holds text only (every row a string), which
   * reads best left-aligned; numbers and mixed columns align right.
   */
  textColumns(): boolean[] {
    return this.header.map((_, c) =>
      this.rows.length > 0 && this.rows.every((r) => typeof r[c] === "string")
    );
  }

  /** The GFM Markdown source: header, the delimiter row with each column's alignment, one line per row. */
  toMarkdown(): string {
    const line = (cells: readonly string[]) =>
      `| ${cells.map(escapeCell).join(" | ")} |`;
    return [
      line(this.header),
      `|${this.textColumns().map((t) => t ? ":---" : "---:").join("|")}|`,
      ...this.rows.map((row) => line(row.map(formatCell))),
    ].join("\n");
  }

  /** Plain text with padded columns (terminals and front ends without Markdown). */
  toText(): string {
    const cells = [this.header, ...this.rows.map((r) => r.map(formatCell))];
    const widths = this.header.map((_, c) =>
      Math.max(...cells.map((row) => [...row[c]].length))
    );
    const text = this.textColumns();
    const pad = (cell: string, c: number) => {
      const fill = " ".repeat(widths[c] - [...cell].length);
      return text[c] ? cell + fill : fill + cell;
    };
    return cells.map((row) => row.map(pad).join("  ").trimEnd()).join("\n");
  }

  /** Writes the Markdown source to `path` (creating folders); returns the path. */
  async save(path: string): Promise<string> {
    await ensureParentDir(path);
    await Deno.writeTextFile(path, this.toMarkdown() + "\n");
    return path;
  }

  /** Jupyter rich display: the Markdown table with its plain-text fallback. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "text/markdown": this.toMarkdown(), "text/plain": this.toText() };
  }
}

/**
 * A table to `show` in a notebook cell.
 *
 * @example
 * ```ts
 * import { show, table } from "./mod.ts";
 * await show(table(["L", "ELBO"], [[1, -101.25], [10, -99.5]]));
 * ```
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly TableValue[])[],
): Table {
  return new Table(header, rows);
}

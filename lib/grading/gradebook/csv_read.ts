/**
 * Reading a CSV file an instructor edited in a spreadsheet: RFC 4180
 * quoting, LF or CRLF line ends, a UTF-8 byte-order mark, and the field
 * separator of the header line (`,`, or `;` and TAB as spreadsheets in
 * Spanish locales save it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCsv } from "./csv_read.ts";
 * const rows = readCsv('\ufeffa;b\r\n"x;1";"2,5"\r\n');
 * assert.deepEqual(rows.map((r) => r.cells), [["a", "b"], ["x;1", "2,5"]]);
 * assert.equal(rows[1].line, 2);
 * ```
 * @module
 */

/** One record, with the line of the file it starts on (1-based). */
export interface CsvRow {
  /** The line the record starts on (1-based). */
  line: number;
  /** Its fields, unquoted. */
  cells: string[];
}

/** A CSV file that cannot be read (Spanish, names the line). */
export class CsvError extends Error {
  /** `message` is Spanish and names the line. */
  constructor(message: string) {
    super(message);
    this.name = "CsvError";
  }
}

function separatorOf(text: string): string {
  const header = text.split("\n", 1)[0].replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((s) => ({
    s,
    n: header.split(s).length - 1,
  }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].s : ",";
}

/** Parses `text` into records (blank lines are dropped). */
export function readCsv(text: string): CsvRow[] {
  const source = text.replace(/^\ufeff/, "");
  const sep = separatorOf(source);
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const start = line;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let endOfRecord = false;
    while (i < source.length && !endOfRecord) {
      const c = source[i];
      if (quoted) {
        if (c === '"' && source[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
        } else {
          if (c === "\n") line++;
          cell += c;
          i++;
        }
      } else if (c === '"' && cell.trim() === "") {
        quoted = true;
        cell = "";
        i++;
      } else if (c === sep) {
        cells.push(cell);
        cell = "";
        i++;
      } else if (c === "\n" || (c === "\r" && source[i + 1] === "\n")) {
        i += c === "\r" ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        cell += c;
        i++;
      }
    }
    if (quoted) {
      throw new CsvError(
        `línea ${start}: una comilla (") abre un campo que nunca se cierra`,
      );
    }
    cells.push(cell);
    if (cells.some((c) => c.trim() !== "")) rows.push({ line: start, cells });
  }
  return rows;
}

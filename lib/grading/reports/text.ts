/**
 * Untrusted text made safe to show: what every report does first with a
 * string it did not write itself (a student's error message, a file name, a
 * cell label quoting a student's cell), before escaping it for its format.
 *
 * {@link cleanText} normalises line ends (CR, CRLF, NEL, U+2028/9 become LF,
 * so a bare CR cannot rewrite a line on screen), drops terminal escape
 * sequences and other control characters, makes bidirectional overrides
 * visible (`[U+202E]`: they can make text read differently from what it
 * is), replaces lone surrogates, and cuts text longer than `max` characters
 * saying how much was cut. {@link cleanLine} does the same and folds the
 * result onto one line, for headings, table cells and CSV cells.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanLine, cleanText } from "./text.ts";
 * assert.equal(cleanText("a\r\n\x1b[31mb\x1b[0m\rc\u0007"), "a\nb\nc");
 * assert.equal(cleanLine("x\u202Ey\nz"), "x[U+202E]y z");
 * ```
 * @module
 */

/** Longest message a report shows, in characters. */
export const MAX_MESSAGE = 4000;
/** Longest one-line value (name, label, path) a report shows. */
export const MAX_LINE = 300;

// CSI (ESC [ … final) and OSC (ESC ] … BEL | ESC \) sequences, then any
// other two-character escape.
const ANSI =
  // deno-lint-ignore no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b./g;
// Every C0 control but TAB and LF, DEL, and the C1 controls.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `value` as plain multi-line text (LF only, no control characters but TAB,
 * bidi controls made visible), at most `max` characters plus a Spanish note
 * of what was cut.
 */
export function cleanText(value: unknown, max: number = MAX_MESSAGE): string {
  const text = (typeof value === "string" ? value : String(value ?? ""))
    .toWellFormed()
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n")
    .replace(ANSI, "")
    .replace(CONTROL, "")
    .replace(
      BIDI,
      (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`,
    );
  return cut(text, max);
}

/** {@link cleanText} folded onto one line: tabs and line ends become spaces. */
export function cleanLine(value: unknown, max: number = MAX_LINE): string {
  return cut(
    cleanText(value, Infinity).replace(/[\t\n]+/g, " ").trim(),
    max,
  );
}

function cut(text: string, max: number): string {
  if (!(text.length > max)) return text;
  // Cut on a code point boundary (never half a surrogate pair).
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} caracteres más)`;
}

/** {@link cleanLine} cut to `max` characters with a bare "…" (for terminals). */
export function brief(value: unknown, max = 100): string {
  const line = cleanLine(value, Infinity);
  return line.length > max
    ? `${Array.from(line).slice(0, max).join("")}…`
    : line;
}

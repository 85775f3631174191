/**
 * Escaping untrusted text for each report format. Every function first
 * cleans the text ({@link cleanText}/{@link cleanLine}), then escapes it so
 * that nothing in it is interpreted:
 *
 * - {@link mdInline}: one line for headings, list items and table cells:
 *   every character with an inline meaning in Markdown (CommonMark, GFM) is
 *   backslash-escaped (code, emphasis, links, images, HTML, entities, `|`
 *   so a table cell cannot be split), and `://` and `www.` are broken so
 *   no autolink forms; {@link mdItem} also escapes a leading block marker,
 *   for text that starts a list item.
 * - {@link mdBlock}: any text as a fenced code block whose fence is longer
 *   than every backtick run in it, so no line can close it, optionally
 *   indented to sit inside a list item.
 * - {@link htmlText}: HTML-escaped (`lib/text/html.ts`).
 * - {@link csvCell}: always quoted, quotes doubled, one line, and a value a
 *   spreadsheet would run as a formula (`=`, `+`, `-`, `@`, `%`, `|`, also
 *   full-width or after spaces) is prefixed with `'`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvCell, mdBlock, mdInline, mdItem } from "./escape.ts";
 * assert.equal(mdInline("**x** <b> http://y"), "\\*\\*x\\*\\* \\<b\\> http\\://y");
 * assert.equal(mdItem("1. x"), "1\\. x");
 * const three = "`".repeat(3), four = "`".repeat(4);
 * assert.equal(mdBlock(`a ${three} b`), `${four}text\na ${three} b\n${four}`);
 * assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
 * ```
 * @module
 */
import { escapeHtml } from "../../text/html.ts";
import { cleanLine, cleanText, MAX_LINE, MAX_MESSAGE } from "./text.ts";

// Characters with an inline meaning anywhere in a line (code, emphasis,
// links and images, HTML, entities, table cells, strikethrough, math, a
// heading's closing sequence, e-mail autolinks).
const MD_SPECIAL = /[\\`*_[\]<>&|~$#@]/g;

/** One line of untrusted text, escaped for Markdown inline content. */
export function mdInline(value: unknown, max: number = MAX_LINE): string {
  return cleanLine(value, max)
    .replace(MD_SPECIAL, (c) => `\\${c}`)
    // GFM autolinks `scheme://…` and `www.…` even without brackets.
    .replace(/:\/\//g, "\\://")
    .replace(/www\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

/**
 * {@link mdInline} for text that starts a list item (`- ${mdItem(x)}`): a
 * leading block marker (`-`, `+`, `>`, `=`, `1.`) is escaped too, so the
 * item cannot nest a list, a quote or a heading.
 */
export function mdItem(value: unknown, max: number = MAX_LINE): string {
  return mdInline(value, max)
    .replace(/^([>+=-])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/**
 * Untrusted text as a fenced code block (info string `text`): the fence is
 * one backtick longer than the longest backtick run in the text (at least
 * three), and with `indent` every line, blank ones included, is indented so
 * the block stays inside its list item.
 */
export function mdBlock(
  value: unknown,
  indent = "",
  max: number = MAX_MESSAGE,
): string {
  const text = cleanText(value, max);
  const longest = Math.max(
    0,
    ...(text.match(/`+/g) ?? []).map((run) => run.length),
  );
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}text`, ...text.split("\n"), fence]
    .map((line) => indent + line)
    .join("\n");
}

/** Untrusted text, cleaned and HTML-escaped (for content and attributes). */
export function htmlText(value: unknown, max: number = MAX_MESSAGE): string {
  return escapeHtml(cleanText(value, max));
}

/** One line of untrusted text, cleaned and HTML-escaped. */
export function htmlLine(value: unknown, max: number = MAX_LINE): string {
  return escapeHtml(cleanLine(value, max));
}

const FORMULA = /^[\s\u3000]*[=+\-@%|\uff1d\uff0b\uff0d\uff20]/;

/**
 * One CSV cell. Numbers are written as they are (so spreadsheets read them
 * as numbers); every other value is cleaned onto one line, defused when a
 * spreadsheet would take it for a formula, and quoted.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const text = cleanLine(value ?? "", 2000);
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One CSV line (CRLF-free: rows end with "\n") of cells. */
export function csvRow(cells: (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",");
}

/**
 * Finding the formulas of a markdown cell BEFORE markdown parsing (so `_`,
 * `*`, `|` and `\\` inside them are not taken as markdown): each formula is
 * replaced by a placeholder and returned with its line, to be put back
 * rendered by KaTeX (see `math.ts`).
 *
 * Delimiters: `$…$`, `\(…\)` (inline); `$$…$$`, `\[…\]` and bare
 * `\begin{env}…\end{env}` for the environments in {@link DISPLAY_ENVIRONMENTS}
 * (display). Code spans and fenced code blocks are left alone; `\$` is a
 * literal dollar sign, and so is a `$` followed by a space or a digit. A
 * formula may have its dollars on lines of their own (`$` newline … `$`).
 *
 * Delimiters that are never closed are spans too, with an `error`: a `$`
 * with no closing `$` (up to the end of its line), `$$`, `\[` or `\(` with no
 * closer and `\begin{env}` with no `\end{env}` (up to the next blank line),
 * and an `\end{env}` that closes nothing. They are shown as source in red and
 * reported, like formulas KaTeX cannot parse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractMath } from "./math_scan.ts";
 * const { spans } = extractMath("Sea $x_1$\ny $y sin cerrar");
 * assert.equal(spans[0].tex, "x_1");
 * assert.equal(spans[1].line, 2);
 * assert.match(spans[1].error ?? "", /sin cerrar/);
 * ```
 * @module
 */

/** One formula (or unclosed delimiter) cut out of markdown. */
export interface MathSpan {
  /** The TeX given to KaTeX (without `$` delimiters; with `\begin…\end`). */
  tex: string;
  /** Display (block) or inline math. */
  display: boolean;
  /** 1-based line of the source where the formula starts (absent when that means nothing, e.g. in an output). */
  line?: number;
  /** Set when the delimiters are wrong: why, in Spanish (then `tex` is the source as written). */
  error?: string;
}

/** Environments recognised without surrounding `$$` (rendered as display math). */
export const DISPLAY_ENVIRONMENTS: readonly string[] = [
  "aligned",
  "align",
  "align*",
  "alignat",
  "alignat*",
  "equation",
  "equation*",
  "gather",
  "gather*",
  "gathered",
  "multline",
  "multline*",
  "split",
  "cases",
  "matrix",
  "pmatrix",
  "bmatrix",
  "Bmatrix",
  "vmatrix",
  "Vmatrix",
  "array",
];

const OPEN = "\uE000";
const CLOSE = "\uE001";

/** Placeholders in text produced by {@link extractMath}: group 1 is the span index. */
export const MATH_PLACEHOLDER: RegExp = /\uE000(\d+)\uE001/g;

/** Index of the next unescaped occurrence of `needle` at or after `from`. */
function findClosing(source: string, needle: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source.startsWith(needle, i)) return i;
    if (source[i] === "\\") i++;
  }
  return -1;
}

/**
 * Closing `$` of inline math opened at `start`, or -1: pandoc's rules (no
 * space just inside the dollars, no digit just after the closing one), except
 * that a formula may sit on lines of its own (`$` newline … newline `$`), as
 * Jupyter renders it.
 */
function findInlineDollar(source: string, start: number): number {
  const first = source[start + 1];
  if (first === undefined || /[ \t]/.test(first) || first === "$") return -1;
  const ownLines = first === "\n";
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "\n" && /^\n[ \t]*\n/.test(source.slice(i))) return -1; // blank line
    if (c === "$") {
      if ((ownLines ? /[ \t]/ : /\s/).test(source[i - 1])) return -1;
      if (/[0-9]/.test(source[i + 1] ?? "")) return -1;
      return i;
    }
  }
  return -1;
}

/** End (exclusive) of `\end{env}` matching a `\begin{env}` at `start`, or -1. */
function findEnvironmentEnd(
  source: string,
  start: number,
  env: string,
): number {
  const begin = `\\begin{${env}}`;
  const end = `\\end{${env}}`;
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    if (source.startsWith(begin, i)) {
      depth++;
      i += begin.length - 1;
    } else if (source.startsWith(end, i)) {
      depth--;
      if (depth === 0) return i + end.length;
      i += end.length - 1;
    }
  }
  return -1;
}

/** End (exclusive) of the paragraph that `from` is in: the next blank line. */
function paragraphEnd(source: string, from: number): number {
  const blank = source.slice(from).search(/\n[ \t]*\n/);
  return blank < 0 ? source.length : from + blank;
}

/** End (exclusive) of the line that `from` is in. */
function lineEnd(source: string, from: number): number {
  const newline = source.indexOf("\n", from);
  return newline < 0 ? source.length : newline;
}

/** End (exclusive) of a fenced code block starting at `i`, or -1 if none starts there. */
function fencedBlockEnd(s: string, i: number): number {
  const fence = s.slice(i).match(/^ {0,3}(`{3,}|~{3,})[^\n]*(\n|$)/);
  if (!fence) return -1;
  const marker = fence[1];
  const closing = new RegExp(
    `\\n {0,3}${
      marker[0] === "`" ? "`" : "~"
    }{${marker.length},}[ \\t]*(?=\\n|$)`,
  );
  const rest = s.slice(i + fence[0].length - 1);
  const close = rest.search(closing);
  return close < 0 ? s.length : i + fence[0].length - 1 + close +
    rest.slice(close).match(closing)![0].length;
}

/** End (exclusive) of a code span opened by the backtick run at `i` (or of the run). */
function codeSpanEnd(s: string, i: number): number {
  const run = s.slice(i).match(/^`+/)![0];
  // a code span closes only on a run of exactly the same length
  let j = s.indexOf(run, i + run.length);
  while (j >= 0 && (s[j + run.length] === "`" || s[j - 1] === "`")) {
    j = s.indexOf(run, j + 1);
  }
  return j < 0 ? i + run.length : j + run.length;
}

/**
 * Replaces every formula in `markdown` by a placeholder; returns the new text
 * and the formulas in placeholder order.
 */
export function extractMath(markdown: string): {
  text: string;
  spans: MathSpan[];
} {
  // placeholders are private-use characters: a student's own ones mean nothing
  const s = markdown.replace(/[\uE000\uE001]/g, "");
  const spans: MathSpan[] = [];
  let out = "";
  let i = 0;
  let line = 1;
  let counted = 0;
  const lineOf = (at: number) => {
    for (; counted < at; counted++) if (s[counted] === "\n") line++;
    return line;
  };
  const add = (start: number, span: Omit<MathSpan, "line">) => {
    spans.push({ ...span, line: lineOf(start) });
    out += `${OPEN}${spans.length - 1}${CLOSE}`;
  };
  const unclosed = (
    start: number,
    end: number,
    display: boolean,
    error: string,
  ) => {
    add(start, { tex: s.slice(start, end), display, error });
    i = end;
  };
  let atLineStart = true;
  while (i < s.length) {
    if (atLineStart) {
      const end = fencedBlockEnd(s, i);
      if (end >= 0) {
        out += s.slice(i, end);
        i = end;
        atLineStart = false;
        continue;
      }
    }
    const c = s[i];
    atLineStart = c === "\n";
    if (c === "`") {
      const end = codeSpanEnd(s, i);
      out += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === "\\") {
      const next = s[i + 1];
      if (next === "$") {
        out += "\\$";
        i += 2;
        continue;
      }
      if (next === "[" || next === "(") {
        const closer = next === "[" ? "\\]" : "\\)";
        const end = findClosing(s, closer, i + 2);
        if (end >= 0) {
          add(i, { tex: s.slice(i + 2, end), display: next === "[" });
          i = end + 2;
        } else {
          unclosed(
            i,
            paragraphEnd(s, i),
            next === "[",
            `«\\${next}» sin cerrar: falta «${closer}» antes del fin del párrafo`,
          );
        }
        continue;
      }
      const env = s.slice(i).match(/^\\(begin|end)\{([A-Za-z]+\*?)\}/);
      if (env && DISPLAY_ENVIRONMENTS.includes(env[2])) {
        const name = env[2];
        if (env[1] === "end") {
          unclosed(
            i,
            i + env[0].length,
            false,
            `«\\end{${name}}» sin «\\begin{${name}}» que lo abra`,
          );
          continue;
        }
        const end = findEnvironmentEnd(s, i, name);
        if (end >= 0) {
          add(i, { tex: s.slice(i, end), display: true });
          i = end;
        } else {
          unclosed(
            i,
            paragraphEnd(s, i),
            true,
            `entorno «${name}» sin cerrar: falta «\\end{${name}}» antes del fin del párrafo`,
          );
        }
        continue;
      }
      out += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "$") {
      if (s[i + 1] === "$") {
        const end = findClosing(s, "$$", i + 2);
        if (end >= 0) {
          add(i, { tex: s.slice(i + 2, end), display: true });
          i = end + 2;
        } else {
          unclosed(
            i,
            paragraphEnd(s, i),
            true,
            "«$$» sin cerrar: falta el «$$» que termina la fórmula antes del fin del párrafo",
          );
        }
        continue;
      }
      const end = findInlineDollar(s, i);
      if (end >= 0) {
        add(i, { tex: s.slice(i + 1, end), display: false });
        i = end + 1;
        continue;
      }
      if (/^[^\s\d$]/.test(s[i + 1] ?? " ")) {
        unclosed(
          i,
          lineEnd(s, i),
          false,
          "«$» sin cerrar: falta el «$» que termina la fórmula (para un signo de dólar escriba «\\$»)",
        );
        continue;
      }
    }
    out += c;
    i++;
  }
  return { text: out, spans };
}

/**
 * Math in markdown: formulas are cut out of the source BEFORE markdown parsing
 * (so `_`, `*`, `|` and `\\` inside them are not taken as markdown), replaced
 * by placeholders, and put back rendered by KaTeX as static HTML.
 *
 * Delimiters: `$…$`, `\(…\)` (inline); `$$…$$`, `\[…\]` and bare
 * `\begin{env}…\end{env}` for the environments in {@link DISPLAY_ENVIRONMENTS}
 * (display). Code spans and fenced code blocks are left alone; `\$` is a
 * literal dollar sign.
 *
 * A formula KaTeX cannot parse is shown as its source in red at that spot and
 * recorded in the {@link RenderContext} (listed at the end of the document).
 *
 * @example
 * ```ts
 * import { extractMath, restoreMath } from "./math.ts";
 * import { RenderContext } from "./context.ts";
 * const { text, spans } = extractMath("La KL es $D_{KL}(q\\|p)$.");
 * const html = restoreMath(`<p>${text}</p>`, spans, new RenderContext("."));
 * ```
 * @module
 */
import katex from "katex";
import { escapeHtml } from "../text/html.ts";
import type { RenderContext } from "./context.ts";

/** One formula cut out of markdown. */
export interface MathSpan {
  /** The TeX given to KaTeX (without `$` delimiters; with `\begin…\end`). */
  tex: string;
  /** Display (block) or inline math. */
  display: boolean;
}

/** Environments recognised without surrounding `$$` (rendered as display math). */
export const DISPLAY_ENVIRONMENTS = [
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
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

function placeholder(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

/** Index of the next unescaped occurrence of `needle` at or after `from`. */
function findClosing(source: string, needle: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source.startsWith(needle, i)) return i;
    if (source[i] === "\\") i++;
  }
  return -1;
}

/** Closing `$` of inline math opened at `start` (pandoc's rules), or -1. */
function findInlineDollar(source: string, start: number): number {
  const first = source[start + 1];
  if (first === undefined || /\s/.test(first) || first === "$") return -1;
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "\n" && /^\n[ \t]*\n/.test(source.slice(i))) return -1; // blank line
    if (c === "$") {
      if (/\s/.test(source[i - 1])) return -1;
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

/**
 * Replaces every formula in `markdown` by a placeholder; returns the new text
 * and the formulas in placeholder order.
 */
export function extractMath(markdown: string): {
  text: string;
  spans: MathSpan[];
} {
  const spans: MathSpan[] = [];
  let out = "";
  let i = 0;
  const s = markdown;
  const add = (tex: string, display: boolean) => {
    spans.push({ tex, display });
    out += placeholder(spans.length - 1);
  };
  let atLineStart = true;
  while (i < s.length) {
    // fenced code block: copy verbatim up to the closing fence
    if (atLineStart) {
      const fence = s.slice(i).match(/^ {0,3}(`{3,}|~{3,})[^\n]*(\n|$)/);
      if (fence) {
        const marker = fence[1];
        const closing = new RegExp(
          `\\n {0,3}${
            marker[0] === "`" ? "`" : "~"
          }{${marker.length},}[ \\t]*(?=\\n|$)`,
        );
        const rest = s.slice(i + fence[0].length - 1);
        const close = rest.search(closing);
        const end = close < 0 ? s.length : i + fence[0].length - 1 + close +
          rest.slice(close).match(closing)![0].length;
        out += s.slice(i, end);
        i = end;
        atLineStart = false;
        continue;
      }
    }
    const c = s[i];
    atLineStart = c === "\n";
    if (c === "`") {
      const run = s.slice(i).match(/^`+/)![0];
      const close = s.indexOf(run, i + run.length);
      // a code span closes only on a run of exactly the same length
      let j = close;
      while (j >= 0 && (s[j + run.length] === "`" || s[j - 1] === "`")) {
        j = s.indexOf(run, j + 1);
      }
      if (j < 0) {
        out += run;
        i += run.length;
      } else {
        out += s.slice(i, j + run.length);
        i = j + run.length;
      }
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
          add(s.slice(i + 2, end), next === "[");
          i = end + 2;
          continue;
        }
      }
      const env = s.slice(i).match(/^\\begin\{([A-Za-z]+\*?)\}/);
      if (env && DISPLAY_ENVIRONMENTS.includes(env[1])) {
        const end = findEnvironmentEnd(s, i, env[1]);
        if (end >= 0) {
          add(s.slice(i, end), true);
          i = end;
          continue;
        }
      }
      out += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "$") {
      if (s[i + 1] === "$") {
        const end = findClosing(s, "$$", i + 2);
        if (end >= 0) {
          add(s.slice(i + 2, end), true);
          i = end + 2;
          continue;
        }
        out += "$$";
        i += 2;
        continue;
      }
      const end = findInlineDollar(s, i);
      if (end >= 0) {
        add(s.slice(i + 1, end), false);
        i = end + 1;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { text: out, spans };
}

/** KaTeX options used for every formula (static HTML, no MathML, strict off). */
function katexOptions(
  display: boolean,
  ctx: RenderContext,
): katex.KatexOptions {
  return {
    displayMode: display,
    output: "html",
    throwOnError: true,
    strict: "ignore",
    trust: false,
    globalGroup: true,
    maxExpand: 1000,
    macros: ctx.macros,
  };
}

/**
 * Renders one formula. On a KaTeX parse error, records the problem in `ctx`
 * and returns the source in red (what the student wrote, at that spot).
 */
export function renderMath(
  tex: string,
  display: boolean,
  ctx: RenderContext,
): string {
  try {
    return katex.renderToString(tex.trim(), katexOptions(display, ctx));
  } catch (error) {
    const message = (error as Error).message.replace(
      /^KaTeX parse error: /,
      "",
    );
    const problem = ctx.report("math", message, tex.trim());
    const number = ctx.problems.indexOf(problem) + 1;
    const tag = display ? "div" : "span";
    return `<${tag} class="math-error" title="${escapeHtml(message)}">${
      escapeHtml(tex.trim())
    }<sup class="problem-ref">[${number}]</sup></${tag}>`;
  }
}

/** Puts rendered formulas back in place of the placeholders in `html`. */
export function restoreMath(
  html: string,
  spans: MathSpan[],
  ctx: RenderContext,
): string {
  return html.replace(PLACEHOLDER, (_, index: string) => {
    const span = spans[Number(index)];
    return span ? renderMath(span.tex, span.display, ctx) : "";
  });
}

/** Renders markdown-free text with formulas in it (e.g. `text/latex` outputs). */
export function renderTextWithMath(text: string, ctx: RenderContext): string {
  const { text: plain, spans } = extractMath(text);
  return restoreMath(escapeHtml(plain), spans, ctx);
}

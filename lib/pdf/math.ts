/**
 * Formulas rendered by KaTeX into static HTML, put back in place of the
 * placeholders left by {@link extractMath}.
 *
 * A formula KaTeX cannot parse, and an unclosed delimiter found by the
 * scanner, are shown as their source in red at that spot and recorded in the
 * {@link RenderContext} with the cell and line (listed at the end of the
 * document). A placeholder that ended up inside a tag (an image's alt text,
 * a link title) becomes the formula's source: markup cannot go there.
 *
 * @example
 * ```ts
 * import { restoreMath } from "./math.ts";
 * import { extractMath } from "./math_scan.ts";
 * import { RenderContext } from "./context.ts";
 * const { text, spans } = extractMath("La KL es $D_{KL}(q\\|p)$.");
 * const html = restoreMath(`<p>${text}</p>`, spans, new RenderContext("."));
 * ```
 * @module
 */
import katex from "katex";
import { escapeHtml } from "../text/html.ts";
import type { RenderContext } from "./context.ts";
import { extractMath, MATH_PLACEHOLDER, type MathSpan } from "./math_scan.ts";

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

/** The source shown in red where a formula failed, with its problem number. */
function errorHtml(
  tex: string,
  display: boolean,
  message: string,
  number: number,
): string {
  const tag = display ? "div" : "span";
  return `<${tag} class="math-error" title="${escapeHtml(message)}">${
    escapeHtml(tex)
  }<sup class="problem-ref">[${number}]</sup></${tag}>`;
}

/** The line a KaTeX error points at, from the error's offset in `tex`. */
function errorLine(tex: string, line: number | undefined, error: unknown) {
  if (line === undefined) return undefined;
  const position = (error as { position?: unknown }).position;
  const lead = tex.length - tex.trimStart().length;
  const offset = typeof position === "number" ? lead + position : 0;
  return line + (tex.slice(0, offset).match(/\n/g)?.length ?? 0);
}

/**
 * Renders one formula. On a KaTeX parse error, records the problem in `ctx`
 * (at `line` of the cell, when given) and returns the source in red (what the
 * student wrote, at that spot).
 */
export function renderMath(
  tex: string,
  display: boolean,
  ctx: RenderContext,
  line?: number,
): string {
  try {
    return katex.renderToString(tex.trim(), katexOptions(display, ctx));
  } catch (error) {
    const detail = (error as Error).message.replace(/^KaTeX parse error: /, "");
    const message = `KaTeX no puede interpretar la fórmula: ${detail}`;
    const at = errorLine(tex, line, error);
    const number = ctx.report("math", message, tex.trim(), at);
    return errorHtml(tex.trim(), display, message, number);
  }
}

function renderSpan(span: MathSpan, ctx: RenderContext): string {
  if (span.error === undefined) {
    return renderMath(span.tex, span.display, ctx, span.line);
  }
  const source = span.tex.trim();
  const number = ctx.report("math", span.error, source, span.line);
  return errorHtml(source, span.display, span.error, number);
}

/**
 * Puts rendered formulas back in place of the placeholders in `html` (which
 * must be well-formed, as the sanitizer writes it: quoted attributes with
 * `<` and `>` escaped).
 */
export function restoreMath(
  html: string,
  spans: readonly MathSpan[],
  ctx: RenderContext,
): string {
  const placeholder = new RegExp(MATH_PLACEHOLDER.source);
  const token = new RegExp(`<[^>]*>|${MATH_PLACEHOLDER.source}`, "g");
  return html.replace(token, (match: string, index?: string) => {
    if (index !== undefined) {
      const span = spans[Number(index)];
      return span ? renderSpan(span, ctx) : "";
    }
    if (!placeholder.test(match)) return match;
    // inside a tag: the formula's source, escaped like the attribute around it
    return match.replace(
      MATH_PLACEHOLDER,
      (_, i: string) => escapeHtml(spans[Number(i)]?.tex.trim() ?? ""),
    );
  });
}

/** Renders markdown-free text with formulas in it (e.g. `text/latex` outputs). */
export function renderTextWithMath(text: string, ctx: RenderContext): string {
  const { text: plain, spans } = extractMath(text);
  // lines of an output are not lines of the cell's source
  const unplaced = spans.map(({ line: _, ...span }) => span);
  return restoreMath(escapeHtml(plain), unplaced, ctx);
}

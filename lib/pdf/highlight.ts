/**
 * Syntax highlighting of code cells with highlight.js (static HTML spans with
 * `hljs-*` classes; the colours come from the page's stylesheet).
 *
 * @example
 * ```ts
 * import { highlightCode } from "./highlight.ts";
 * highlightCode("const x = 1;", "typescript");
 * // '<span class="hljs-keyword">const</span> x = <span class="hljs-number">1</span>;'
 * ```
 * @module
 */
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import python from "highlight.js/lib/languages/python";
import bash from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";
import { escapeHtml } from "../text/html.ts";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("python", python);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("json", json);

const ALIASES: Record<string, string> = {
  ts: "typescript",
  deno: "typescript",
  js: "javascript",
  py: "python",
  sh: "bash",
  shell: "bash",
};

/** The highlight.js language for a notebook language name (lower case). */
export function languageFor(name: string | undefined): string | undefined {
  const key = (name ?? "").toLowerCase();
  const language = ALIASES[key] ?? key;
  return hljs.getLanguage(language) ? language : undefined;
}

/**
 * Highlights `code` as `language` (TypeScript when omitted); unknown languages
 * come back escaped but uncoloured.
 */
export function highlightCode(code: string, language = "typescript"): string {
  const lang = languageFor(language);
  if (!lang) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

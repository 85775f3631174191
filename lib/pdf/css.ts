/**
 * The CSS a notebook's own HTML may keep (inline `style` attributes, and the
 * `<style>` of an HTML output, which is isolated in a shadow root): an
 * allow-list of presentational properties whose values load nothing and run
 * nothing (no `url()`, `image-set()`, `expression()`, `javascript:`, escapes
 * or `@`), and of at-rules only `@media`. Nothing may be fixed or sticky on
 * the page (it would print on every page).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanStylesheet } from "./css.ts";
 * assert.equal(
 *   cleanStylesheet("@import 'x.css'; td { color: red; background: url(https://e.com/a.png) }"),
 *   "td { color: red }",
 * );
 * ```
 * @module
 */
import postcss from "postcss";

/** CSS properties kept; anything else is dropped. */
export const ALLOWED_CSS_PROPERTIES: readonly string[] = [
  "align-items",
  "background",
  "background-color",
  "border",
  "border-bottom",
  "border-collapse",
  "border-color",
  "border-left",
  "border-radius",
  "border-right",
  "border-spacing",
  "border-style",
  "border-top",
  "border-width",
  "box-sizing",
  "break-after",
  "break-before",
  "break-inside",
  "clear",
  "color",
  "display",
  "flex",
  "flex-direction",
  "flex-wrap",
  "float",
  "font",
  "font-family",
  "font-size",
  "font-style",
  "font-variant",
  "font-weight",
  "gap",
  "height",
  "justify-content",
  "letter-spacing",
  "line-height",
  "list-style-type",
  "margin",
  "margin-bottom",
  "margin-left",
  "margin-right",
  "margin-top",
  "max-height",
  "max-width",
  "min-height",
  "min-width",
  "opacity",
  "overflow",
  "overflow-x",
  "overflow-y",
  "padding",
  "padding-bottom",
  "padding-left",
  "padding-right",
  "padding-top",
  "page-break-after",
  "page-break-before",
  "page-break-inside",
  "position",
  "text-align",
  "text-decoration",
  "text-indent",
  "text-transform",
  "vertical-align",
  "white-space",
  "width",
  "word-break",
];

/**
 * A declaration value that loads nothing and runs nothing: no function that
 * fetches (`url`, `image-set`, …), no legacy script hooks, no CSS escapes
 * (they could spell any of those), no markup and no at-sign.
 */
export const SAFE_CSS_VALUE: RegExp =
  /^(?![\s\S]*(?:[\\<>@]|\/\*|(?:url|src|image|image-set|-webkit-image-set|cross-fade|element|expression|paint)\s*\(|(?:java|vb)script\s*:|binding|behavior))[\s\S]*$/i;

const ALLOWED = new Set(ALLOWED_CSS_PROPERTIES);

/** Whether one declaration may stay (`position` only as static or relative). */
export function isAllowedDeclaration(property: string, value: string): boolean {
  const prop = property.trim().toLowerCase();
  if (!ALLOWED.has(prop) || !SAFE_CSS_VALUE.test(value)) return false;
  return prop !== "position" || /^\s*(static|relative)\s*$/i.test(value);
}

/**
 * A stylesheet reduced to allowed declarations inside plain rules and
 * `@media`; "" when it does not parse. `<` is written as the CSS escape
 * `\3c ` so nothing in it can close the `<style>` element it goes in.
 */
export function cleanStylesheet(css: string): string {
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch {
    return "";
  }
  root.walkComments((comment) => {
    comment.remove();
  });
  root.walkAtRules((rule) => {
    if (rule.name.toLowerCase() !== "media") rule.remove();
  });
  root.walkDecls((decl) => {
    if (!isAllowedDeclaration(decl.prop, decl.value)) decl.remove();
  });
  return root.toString().replaceAll("<", "\\3c ");
}

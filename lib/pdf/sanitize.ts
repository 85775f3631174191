/**
 * Cleaning raw HTML (from markdown cells and `text/html` outputs) so the page
 * runs no script and loads nothing from the network: scripts, frames, objects
 * and `<link>`/`<meta>`/`<base>` are removed, event-handler attributes are
 * dropped, `<img src>` is replaced by an embedded `data:` URL (or the image is
 * dropped), other resource URLs that are not `data:` go away, and CSS
 * `url(...)`/`@import` pointing outside the page is removed. Hyperlinks
 * (`<a href>`) are kept: they are not loaded when printing.
 *
 * The page is also protected by a Content-Security-Policy; this module makes
 * the HTML itself clean (e.g. for `--html`).
 *
 * @example
 * ```ts
 * import { sanitizeHtml } from "./sanitize.ts";
 * sanitizeHtml('<b onclick="x()">hola</b><script>alert(1)</script>');
 * // "<b>hola</b>"
 * ```
 * @module
 */
import { escapeHtml } from "../text/html.ts";

/** Options of {@link sanitizeHtml}. */
export interface SanitizeOptions {
  /**
   * Maps an `<img src>` value to what to embed instead (a `data:` URL),
   * `undefined` to drop the image, or `{ html }` to put that HTML in place of
   * the whole `<img>` element. Default: keep only `data:image/` URLs.
   */
  image?: (src: string) => string | undefined | { html: string };
}

const DROP_WITH_CONTENT =
  /<(script|iframe|object|embed|frame|frameset|applet|noscript|audio|video)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const DROP_TAG = /<\/?(link|meta|base|source|track|param)\b[^>]*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const TAG =
  /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE =
  /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const URL_ATTRIBUTES = new Set([
  "src",
  "href",
  "srcset",
  "poster",
  "background",
  "action",
  "formaction",
  "xlink:href",
  "data",
  "codebase",
  "cite",
  "longdesc",
  "usemap",
  "ping",
  "manifest",
  "lowsrc",
  "dynsrc",
]);

function decodeEntities(value: string): string {
  return value
    .replace(
      /&#x([0-9a-f]+);?/gi,
      (_, h) => String.fromCodePoint(parseInt(h, 16)),
    )
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Removes `@import` and `url(...)` references that are not `data:` URLs. */
export function sanitizeCss(css: string): string {
  return css
    .replace(/@import[^;]*;?/gi, "")
    .replace(
      /url\(\s*(['"]?)([^'")]*)\1\s*\)/gi,
      (all, _q, url: string) => (/^data:/i.test(url.trim()) ? all : "none"),
    )
    .replace(/expression\s*\(/gi, "(");
}

/** The `src` values of the `<img>` tags in `html`, decoded, in order. */
export function imageSources(html: string): string[] {
  const sources: string[] = [];
  for (const tag of html.replace(COMMENT, "").matchAll(TAG)) {
    if (tag[1].toLowerCase() !== "img") continue;
    for (const attr of tag[2].matchAll(ATTRIBUTE)) {
      if (attr[1].toLowerCase() === "src") {
        sources.push(decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? ""));
      }
    }
  }
  return sources;
}

function isSafeLink(url: string): boolean {
  return /^(https?:|mailto:|#)/i.test(url.trim());
}

/** Cleans raw HTML as described in the module documentation. */
export function sanitizeHtml(
  html: string,
  options: SanitizeOptions = {},
): string {
  const image = options.image ??
    ((src: string) => (/^data:image\//i.test(src) ? src : undefined));
  let out = html.replace(COMMENT, "").replace(DROP_WITH_CONTENT, "").replace(
    DROP_TAG,
    "",
  );
  out = out.replace(
    /(<style\b[^>]*>)([\s\S]*?)(<\/style\s*>)/gi,
    (_, open: string, css: string, close: string) =>
      open + sanitizeCss(css) + close,
  );
  return out.replace(
    TAG,
    (_all, name: string, attrs: string, slash: string) => {
      const tag = name.toLowerCase();
      const kept: string[] = [];
      let replaceElement: string | undefined;
      for (const attr of attrs.matchAll(ATTRIBUTE)) {
        const key = attr[1].toLowerCase();
        const raw = attr[2] ?? attr[3] ?? attr[4];
        const value = raw === undefined ? undefined : decodeEntities(raw);
        if (key.startsWith("on")) continue;
        if (key === "xmlns" || key.startsWith("xmlns:")) continue;
        if (key === "style" && value !== undefined) {
          kept.push(`style="${escapeHtml(sanitizeCss(value))}"`);
          continue;
        }
        if (URL_ATTRIBUTES.has(key)) {
          if (value === undefined) continue;
          if (tag === "img" && key === "src") {
            const replacement = image(value);
            if (replacement === undefined) replaceElement = "";
            else if (typeof replacement === "object") {
              replaceElement = replacement.html;
            } else kept.push(`src="${escapeHtml(replacement)}"`);
          } else if (tag === "a" && key === "href" && isSafeLink(value)) {
            kept.push(`href="${escapeHtml(value)}"`);
          } else if (/^data:image\//i.test(value) && key !== "srcset") {
            kept.push(`${key}="${escapeHtml(value)}"`);
          }
          continue;
        }
        kept.push(value === undefined ? key : `${key}="${escapeHtml(value)}"`);
      }
      if (replaceElement !== undefined) return replaceElement;
      return `<${name}${kept.map((a) => " " + a).join("")}${
        slash ? " /" : ""
      }>`;
    },
  );
}

/**
 * Cleaning the raw HTML of markdown cells and `text/html` outputs with
 * `sanitize-html` and an allow-list of what notebooks legitimately hold: text
 * markup, tables, lists, code, links to http(s)/mailto, task-list checkboxes,
 * inline SVG drawings (the live progress display's sparkline), inline styles
 * and, for outputs only, `<style>` elements (the caller isolates them in a
 * shadow root). Everything else goes: scripts, event handlers, frames,
 * objects, forms, `<meta>`, `<base>`, `<link>`, `javascript:`/`data:` links,
 * CSS that loads or runs anything (see `css.ts`).
 *
 * Images are not kept as written: each `<img>` is handed to
 * {@link SanitizeOptions.image}, which decides what goes in its place (the
 * renderer embeds the decoded picture as a `data:` URL, or a notice).
 *
 * Formulas are rendered by KaTeX AFTER sanitizing (into the placeholders the
 * math scanner left), so KaTeX's own markup never needs allowing here. The
 * page's Content-Security-Policy is a second wall behind this one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sanitizeHtml } from "./sanitize.ts";
 * assert.equal(
 *   sanitizeHtml('<b onclick="x()">hola</b><scr<script>ipt>alert(1)</script>'),
 *   "<b>hola</b>ipt&gt;alert(1)",
 * );
 * ```
 * @module
 */
// @ts-types="@types/sanitize-html"
import sanitize from "sanitize-html";
import { escapeHtml } from "../text/html.ts";
import {
  ALLOWED_CSS_PROPERTIES,
  cleanStylesheet,
  SAFE_CSS_VALUE,
} from "./css.ts";

/** One `<img>` as written in the source (attribute values decoded). */
export interface ImageRef {
  /** The `src` attribute ("" when missing). */
  src: string;
  /** The `alt` text ("" when missing). */
  alt: string;
  /** `width`, when it is a number of pixels or a percentage. */
  width?: string;
  /** `height`, when it is a number of pixels or a percentage. */
  height?: string;
}

/** Options of {@link sanitizeHtml}. */
export interface SanitizeOptions {
  /**
   * The HTML to put in place of one `<img>` (trusted: the caller builds it).
   * Default: the image itself when its `src` is a `data:image/…` URL of
   * PNG, JPEG, GIF or WebP, else nothing.
   */
  image?: (ref: ImageRef) => string;
  /** Keep `<style>` elements, their CSS cleaned (default false: dropped). */
  stylesheets?: boolean;
}

const SVG_TAGS = [
  "svg",
  "g",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
];

const SVG_ATTRIBUTES = [
  "width",
  "height",
  "viewbox",
  "preserveaspectratio",
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "transform",
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "dx",
  "dy",
  "d",
  "points",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
];

/** The tags kept (plus `style` when {@link SanitizeOptions.stylesheets}). */
export const ALLOWED_TAGS: readonly string[] = [
  ...sanitize.defaults.allowedTags,
  "img",
  "del",
  "ins",
  "details",
  "summary",
  "input",
  ...SVG_TAGS,
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  "*": ["class", "style", "title", "lang", "dir"],
  a: ["href"],
  img: ["data-vaelab-image"],
  ol: ["start", "type"],
  li: ["value"],
  td: ["colspan", "rowspan", "align", "valign"],
  th: ["colspan", "rowspan", "align", "valign", "scope"],
  col: ["span", "width"],
  colgroup: ["span", "width"],
  input: ["type", "checked", "disabled"],
  details: ["open"],
  ...Object.fromEntries(SVG_TAGS.map((tag) => [tag, SVG_ATTRIBUTES])),
};

const ALLOWED_STYLES = {
  "*": Object.fromEntries(
    ALLOWED_CSS_PROPERTIES.filter((p) => p !== "position").map((p) => [
      p,
      [SAFE_CSS_VALUE],
    ]),
  ),
};

const SIZE = /^\s*\d+(\.\d+)?%?\s*$/;
const EMBEDDABLE = /^data:image\/(png|jpeg|gif|webp)[;,]/i;

function defaultImage(ref: ImageRef): string {
  if (!EMBEDDABLE.test(ref.src)) return "";
  const size = [
    ref.width ? ` width="${escapeHtml(ref.width)}"` : "",
    ref.height ? ` height="${escapeHtml(ref.height)}"` : "",
  ].join("");
  return `<img src="${escapeHtml(ref.src)}" alt="${
    escapeHtml(ref.alt)
  }"${size}>`;
}

/** Drops any attribute value that could fetch or run something (SVG `fill="url(…)"`, …). */
function dropActiveValues(
  tagName: string,
  attribs: sanitize.Attributes,
): sanitize.Tag {
  const kept: sanitize.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (name === "style" || !/url\s*\(|script\s*:/i.test(value)) {
      kept[name] = value;
    }
  }
  return { tagName, attribs: kept };
}

/** Cleans raw HTML as described in the module documentation. */
export function sanitizeHtml(
  html: string,
  options: SanitizeOptions = {},
): string {
  const refs: ImageRef[] = [];
  // U+E002/U+E003 are the renderer's image placeholders: never the student's
  const clean = sanitize(html.replace(/[\uE002\uE003]/g, ""), {
    allowedTags: [...ALLOWED_TAGS, ...(options.stylesheets ? ["style"] : [])],
    allowVulnerableTags: options.stylesheets,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedStyles: ALLOWED_STYLES,
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    nonTextTags: ["script", "style", "textarea", "option", "xmp", "title"],
    transformTags: {
      img: (_tag, attribs) => {
        refs.push({
          src: attribs.src ?? "",
          alt: attribs.alt ?? "",
          width: SIZE.test(attribs.width ?? "")
            ? attribs.width.trim()
            : undefined,
          height: SIZE.test(attribs.height ?? "")
            ? attribs.height.trim()
            : undefined,
        });
        return {
          tagName: "img",
          attribs: { "data-vaelab-image": String(refs.length - 1) },
        };
      },
      // task lists: a checkbox that cannot change, ticked or not
      input: (tagName, attribs) => ({
        tagName,
        attribs: {
          type: "checkbox",
          disabled: "",
          ...("checked" in attribs ? { checked: "" } : {}),
        },
      }),
      // links only to the web or mail: a relative one leads nowhere from a PDF
      a: (tagName, { href, ...rest }) => ({
        tagName,
        attribs: /^\s*(https?:|mailto:)/i.test(href ?? "")
          ? { ...rest, href }
          : rest,
      }),
      // a printed page cannot open a closed <details>

      details: (tagName) => ({ tagName, attribs: { open: "" } }),
      "*": dropActiveValues,
    },
  });
  const image = options.image ?? defaultImage;
  return clean
    .replace(
      /<img data-vaelab-image="(\d+)" \/>/g,
      (_, index: string) => image(refs[Number(index)]),
    )
    .replace(
      /<style>([\s\S]*?)<\/style>/g,
      (_, css: string) => `<style>${cleanStylesheet(css)}</style>`,
    );
}

/**
 * Markdown cells to HTML: math cut out first and rendered by KaTeX, markdown
 * by `marked` (GitHub flavour), raw HTML cleaned, images (attachments,
 * relative files, `data:` URLs) decoded and embedded.
 *
 * @example
 * ```ts
 * import { renderMarkdown } from "./markdown.ts";
 * import { RenderContext } from "./context.ts";
 * const html = await renderMarkdown("**ELBO**: $\\log p(x) \\ge \\mathcal{L}$", new RenderContext("."));
 * ```
 * @module
 */
import { Marked } from "marked";
import type { RenderContext } from "./context.ts";
import { escapeHtml } from "../text/html.ts";
import {
  decodeBase64,
  IMAGE_MIME_TYPES,
  mimeFromPath,
  prepareImage,
} from "./images.ts";
import { extractMath, restoreMath } from "./math.ts";
import { imageSources, sanitizeHtml } from "./sanitize.ts";

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Cell attachments as Jupyter stores them: name → { mime → base64 }. */
export type Attachments = Record<string, Record<string, unknown>>;

/** The HTML shown where an image could not be included. */
export function missingImageHtml(
  what: string,
  reason: string,
  number: number,
): string {
  return `<span class="problem-box">[imagen no incluida: ${
    escapeHtml(what)
  } — ${escapeHtml(reason)}]<sup class="problem-ref">[${number}]</sup></span>`;
}

/** Reads the bytes and type an image `src` refers to, or throws a Spanish reason. */
async function loadImageSource(
  src: string,
  ctx: RenderContext,
  attachments: Attachments | undefined,
): Promise<{ bytes: Uint8Array; mime: string }> {
  const data = src.match(/^data:([^;,]+)(;base64)?,([\s\S]*)$/i);
  if (data) {
    const mime = data[1].toLowerCase();
    const bytes = data[2]
      ? decodeBase64(data[3])
      : new TextEncoder().encode(decodeURIComponent(data[3]));
    return { bytes, mime };
  }
  if (/^attachment:/i.test(src)) {
    const name = decodeURIComponent(src.slice("attachment:".length));
    const bundle = attachments?.[name];
    if (!bundle) {
      throw new Error(
        `la celda no tiene un adjunto llamado «${name}» (adjuntos: ${
          Object.keys(attachments ?? {}).join(", ") || "ninguno"
        })`,
      );
    }
    const mime = IMAGE_MIME_TYPES.find((m) => m in bundle);
    if (!mime) {
      throw new Error(
        `el adjunto «${name}» no es una imagen (${
          Object.keys(bundle).join(", ")
        })`,
      );
    }
    const payload = bundle[mime] as string | string[];
    const bytes =
      mime === "image/svg+xml" && !/^[A-Za-z0-9+/=\s]+$/.test(String(payload))
        ? new TextEncoder().encode(
          Array.isArray(payload) ? payload.join("") : String(payload),
        )
        : decodeBase64(payload);
    return { bytes, mime };
  }
  if (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(src) && !/^file:/i.test(src) ||
    src.startsWith("//")
  ) {
    throw new Error(
      `imagen externa «${
        src.replace(/^[a-z]+:\/\//i, "")
      }»: el PDF se genera sin red; descárguela junto al notebook y use una ruta relativa`,
    );
  }
  const path = /^file:/i.test(src)
    ? new URL(src).pathname
    : decodeURIComponent(src.split(/[?#]/)[0]);
  const full = path.startsWith("/") ? path : `${ctx.baseDir}/${path}`;
  const mime = mimeFromPath(path);
  if (!mime) {
    throw new Error(
      `«${path}» no tiene extensión de imagen (png, jpg, gif, svg, webp)`,
    );
  }
  try {
    return { bytes: await Deno.readFile(full), mime };
  } catch {
    throw new Error(`no existe el archivo «${full}»`);
  }
}

/**
 * Resolves every `<img src>` of `html` to an embedded image, reporting those
 * that cannot be included; returns the mapping for {@link sanitizeHtml}.
 */
export async function resolveImages(
  html: string,
  ctx: RenderContext,
  attachments?: Attachments,
): Promise<(src: string) => string | { html: string }> {
  const resolved = new Map<string, string | { html: string }>();
  for (const src of imageSources(html)) {
    if (resolved.has(src)) continue;
    let result: string | { html: string };
    try {
      const { bytes, mime } = await loadImageSource(src, ctx, attachments);
      const image = await prepareImage(bytes, mime);
      if (!image.ok) throw new Error(image.reason);
      result = image.dataUrl;
    } catch (error) {
      const what = src.startsWith("data:")
        ? "imagen embebida"
        : src.replace(/^[a-z]+:\/\//i, "");
      const problem = ctx.report("image", (error as Error).message, what);
      result = {
        html: missingImageHtml(
          what,
          (error as Error).message,
          ctx.problems.indexOf(problem) + 1,
        ),
      };
    }
    resolved.set(src, result);
  }
  return (src) => resolved.get(src) ?? { html: "" };
}

/** Renders one markdown cell's source to clean HTML. */
export async function renderMarkdown(
  source: string,
  ctx: RenderContext,
  attachments?: Attachments,
): Promise<string> {
  const { text, spans } = extractMath(source);
  const html = marked.parse(text) as string;
  const image = await resolveImages(html, ctx, attachments);
  return restoreMath(sanitizeHtml(html, { image }), spans, ctx);
}

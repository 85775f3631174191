/**
 * Markdown cells to HTML: math cut out first (rendered by KaTeX after
 * sanitizing), markdown by `marked` (GitHub flavour), raw HTML cleaned,
 * images (attachments, relative files, `data:` URLs) decoded and embedded.
 * A paragraph that is only bold text ("**Respuesta P1 b)**") is marked as a
 * title line, which the print stylesheet keeps with what follows it.
 *
 * @example
 * ```ts
 * import { renderMarkdown } from "./markdown.ts";
 * import { RenderContext } from "./context.ts";
 * const html = await renderMarkdown("**ELBO**: $\\log p(x) \\ge \\mathcal{L}$", new RenderContext("."));
 * ```
 * @module
 */
import { Marked, type Tokens } from "marked";
import type { RenderContext } from "./context.ts";
import { escapeHtml } from "../text/html.ts";
import {
  decodeBase64,
  IMAGE_MIME_TYPES,
  imageHtml,
  mimeFromPath,
  prepareImage,
} from "./images.ts";
import { restoreMath } from "./math.ts";
import { extractMath } from "./math_scan.ts";
import { type ImageRef, sanitizeHtml } from "./sanitize.ts";

/** Whether a paragraph is a title line: nothing but one bold span. */
function isTitleLine(tokens: Tokens.Generic[]): boolean {
  const content = tokens.filter((t) => !(t.type === "text" && !t.raw.trim()));
  return content.length === 1 && content[0].type === "strong";
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    paragraph({ tokens }) {
      const inline = this.parser.parseInline(tokens);
      return isTitleLine(tokens)
        ? `<p class="title-line">${inline}</p>\n`
        : `<p>${inline}</p>\n`;
    },
  },
});

/** Cell attachments as Jupyter stores them: name → { mime → base64 }. */
export type Attachments = Record<string, Record<string, unknown>>;

/** The HTML shown where an image could not be included. */
function missingImageHtml(what: string, reason: string, number: number) {
  return `<span class="problem-box">[imagen no incluida: ${
    escapeHtml(what)
  } — ${escapeHtml(reason)}]<sup class="problem-ref">[${number}]</sup></span>`;
}

/** Bytes and type of an attachment (`attachment:name`), or a Spanish reason. */
function attachmentSource(
  name: string,
  attachments: Attachments | undefined,
): { bytes: Uint8Array; mime: string } {
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
  const text = Array.isArray(payload) ? payload.join("") : String(payload);
  const bytes = mime === "image/svg+xml" && !/^[A-Za-z0-9+/=\s]+$/.test(text)
    ? new TextEncoder().encode(text)
    : decodeBase64(payload);
  return { bytes, mime };
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
    return attachmentSource(
      decodeURIComponent(src.slice("attachment:".length)),
      attachments,
    );
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

/** The HTML in place of one `<img>`: the decoded image, or a reported notice. */
async function embedImage(
  ref: ImageRef,
  ctx: RenderContext,
  attachments: Attachments | undefined,
): Promise<string> {
  try {
    if (!ref.src.trim()) throw new Error("la etiqueta <img> no tiene src");
    const { bytes, mime } = await loadImageSource(ref.src, ctx, attachments);
    const image = await prepareImage(bytes, mime);
    if (!image.ok) throw new Error(image.reason);
    return imageHtml(image, ref);
  } catch (error) {
    const what = ref.src.startsWith("data:")
      ? "imagen embebida"
      : ref.src.replace(/^[a-z]+:\/\//i, "");
    const message = (error as Error).message;
    return missingImageHtml(what, message, ctx.report("image", message, what));
  }
}

/**
 * Sanitizes raw HTML and embeds its images (each `src` read and decoded
 * once, problems reported in document order).
 */
export async function cleanHtmlWithImages(
  html: string,
  ctx: RenderContext,
  options: { attachments?: Attachments; stylesheets?: boolean } = {},
): Promise<string> {
  const refs: ImageRef[] = [];
  const clean = sanitizeHtml(html, {
    stylesheets: options.stylesheets,
    image: (ref) => {
      refs.push(ref);
      return `\uE002${refs.length - 1}\uE003`;
    },
  });
  const done = new Map<string, string>();
  const embedded: string[] = [];
  for (const ref of refs) {
    const key = JSON.stringify(ref);
    if (!done.has(key)) {
      done.set(key, await embedImage(ref, ctx, options.attachments));
    }
    embedded.push(done.get(key)!);
  }
  return clean.replace(
    /\uE002(\d+)\uE003/g,
    (_, index: string) => embedded[Number(index)],
  );
}

/** Renders one markdown cell's source to clean HTML. */
export async function renderMarkdown(
  source: string,
  ctx: RenderContext,
  attachments?: Attachments,
): Promise<string> {
  const { text, spans } = extractMath(source);
  const html = marked.parse(text) as string;
  const clean = await cleanHtmlWithImages(html, ctx, { attachments });
  return restoreMath(clean, spans, ctx);
}

/**
 * Images for the page: every image is decoded here first (so a broken one is
 * reported instead of printing as an empty box) and embedded as a `data:` URL.
 * An animated GIF cannot animate on paper: it prints as a strip of its first,
 * middle and last frames (PNGs), captioned with their numbers.
 *
 * @example
 * ```ts ignore
 * import { imageHtml, prepareImage } from "./images.ts";
 * const bytes = await Deno.readFile("figura.png");
 * const image = await prepareImage(bytes, "image/png");
 * if (image.ok) console.log(imageHtml(image, { alt: "figura" }));
 * ```
 * @module
 */
import { escapeHtml } from "../text/html.ts";
import { decodeGifFrames } from "./gif.ts";

/** Image types the renderer embeds. */
export const IMAGE_MIME_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/svg+xml",
  "image/webp",
] as const;

/** One frame of an animated GIF, ready to embed. */
export interface EmbeddedFrame {
  /** 0-based frame number in the animation. */
  index: number;
  /** PNG of the frame as a `data:` URL. */
  dataUrl: string;
}

/** An image ready to embed, or why it cannot be. */
export type PreparedImage =
  | {
    ok: true;
    /** What to put in `src` (for an animation: its last frame). */
    dataUrl: string;
    /** Size in pixels (0 when it could not be measured). */
    width: number;
    height: number;
    /** The type it was given as. */
    mime: string;
    /** For an animated GIF: the frames to print and the animation's length. */
    animation?: { frameCount: number; frames: EmbeddedFrame[] };
  }
  | { ok: false; reason: string };

/** Mime type from a file name's extension (undefined when not an image). */
export function mimeFromPath(path: string): string | undefined {
  const ext = path.toLowerCase().split(/[?#]/)[0].match(/\.([a-z0-9]+)$/)?.[1];
  return ({
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    svg: "image/svg+xml",
    webp: "image/webp",
  } as Record<string, string>)[ext ?? ""];
}

/**
 * Decodes Jupyter's base64 image payload (a string or list of lines, maybe
 * with line breaks). Throws a Spanish message on anything that is not base64.
 */
export function decodeBase64(payload: string | string[]): Uint8Array {
  const text = Array.isArray(payload) ? payload.join("") : payload;
  try {
    return Uint8Array.fromBase64(text.replace(/\s+/g, ""));
  } catch {
    throw new Error("el contenido no es base64 válido");
  }
}

type CanvasModule = typeof import("canvas");
let canvasModule: Promise<CanvasModule | undefined> | undefined;

/** @napi-rs/canvas, loaded on first use (undefined if it cannot load here). */
function loadCanvas(): Promise<CanvasModule | undefined> {
  canvasModule ??= import("canvas").catch(() => undefined);
  return canvasModule;
}

function dataUrl(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${bytes.toBase64()}`;
}

const SIGNATURES: Record<string, (b: Uint8Array) => boolean> = {
  "image/png": (b) =>
    b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8,
  "image/gif": (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46,
  "image/webp": (b) =>
    b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45,
  "image/svg+xml": (b) =>
    /<svg[\s>]/i.test(new TextDecoder().decode(b.subarray(0, 4096))),
};

/** A GIF as PNGs of the frames to print (first, middle, last). */
function prepareGif(bytes: Uint8Array, canvas: CanvasModule): PreparedImage {
  let gif;
  try {
    gif = decodeGifFrames(bytes);
  } catch (error) {
    return {
      ok: false,
      reason: `no se pudo decodificar la imagen image/gif (${
        (error as Error).message
      })`,
    };
  }
  const { width, height } = gif;
  const frames = gif.frames.map(({ index, rgba }) => {
    const surface = canvas.createCanvas(width, height);
    const ctx = surface.getContext("2d");
    const image = ctx.createImageData(width, height);
    image.data.set(rgba);
    ctx.putImageData(image, 0, 0);
    const png = new Uint8Array(surface.toBuffer("image/png"));
    return { index, dataUrl: dataUrl("image/png", png) };
  });
  return {
    ok: true,
    dataUrl: frames[frames.length - 1].dataUrl,
    width,
    height,
    mime: "image/gif",
    animation: gif.frameCount > 1
      ? { frameCount: gif.frameCount, frames }
      : undefined,
  };
}

/**
 * Checks that `bytes` really is an image of type `mime` by decoding it, and
 * returns what to embed (for a GIF, PNGs of the frames to print).
 */
export async function prepareImage(
  bytes: Uint8Array,
  mime: string,
): Promise<PreparedImage> {
  const signature = SIGNATURES[mime];
  if (!signature) {
    return { ok: false, reason: `tipo de imagen no soportado: ${mime}` };
  }
  if (bytes.length === 0) return { ok: false, reason: "la imagen está vacía" };
  if (!signature(bytes)) {
    return {
      ok: false,
      reason: `los datos no son una imagen ${mime} (cabecera inválida)`,
    };
  }
  const canvas = await loadCanvas();
  if (!canvas) {
    // cannot decode here: trust the signature and let Chromium draw it
    return {
      ok: true,
      dataUrl: dataUrl(mime, bytes),
      width: 0,
      height: 0,
      mime,
    };
  }
  if (mime === "image/gif") return prepareGif(bytes, canvas);
  let image: Awaited<ReturnType<CanvasModule["loadImage"]>>;
  try {
    image = await canvas.loadImage(bytes);
  } catch (error) {
    return {
      ok: false,
      reason: `no se pudo decodificar la imagen ${mime} (${
        (error as Error).message
      })`,
    };
  }
  const { width, height } = image;
  if (!(width > 0 && height > 0) && mime !== "image/svg+xml") {
    return { ok: false, reason: `la imagen ${mime} no tiene tamaño` };
  }
  return { ok: true, dataUrl: dataUrl(mime, bytes), width, height, mime };
}

/** Attributes of the `<img>` that {@link imageHtml} writes. */
export interface ImageAttributes {
  /** Alternative text. */
  alt?: string;
  /** Width and height as given by the notebook (pixels or a percentage). */
  width?: string;
  height?: string;
  /** Extra classes. */
  className?: string;
}

/**
 * The HTML of a prepared image: one `<img>`, or for an animated GIF a strip
 * of its printed frames captioned "fotograma i de n".
 */
export function imageHtml(
  image: PreparedImage & { ok: true },
  attributes: ImageAttributes = {},
): string {
  const small = image.width > 0 && image.width <= 64 ? " pixelated" : "";
  const classes = `${attributes.className ?? ""}${small}`.trim();
  const common = `${classes ? ` class="${classes}"` : ""} alt="${
    escapeHtml(attributes.alt ?? "")
  }"`;
  if (!image.animation) {
    const size = [
      attributes.width ? ` width="${escapeHtml(attributes.width)}"` : "",
      attributes.height ? ` height="${escapeHtml(attributes.height)}"` : "",
    ].join("");
    return `<img${common} src="${image.dataUrl}"${size}>`;
  }
  const { frameCount, frames } = image.animation;
  // spans only: the strip may sit inside a paragraph of a markdown cell
  const cells = frames.map((frame) =>
    `<span class="gif-frame"><img${common} src="${frame.dataUrl}"><span class="gif-caption">fotograma ${
      frame.index + 1
    } de ${frameCount}</span></span>`
  ).join("");
  return `<span class="gif-strip">${cells}</span>`;
}

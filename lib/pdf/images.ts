/**
 * Images for the page: every image is decoded here first (so a broken one is
 * reported instead of printing as an empty box) and embedded as a `data:` URL.
 * GIFs become a PNG of their first frame (a printed page cannot animate).
 *
 * @example
 * ```ts
 * import { prepareImage } from "./images.ts";
 * const bytes = await Deno.readFile("figura.png");
 * const image = await prepareImage(bytes, "image/png");
 * if (image.ok) console.log(image.width, image.height, image.dataUrl.length);
 * ```
 * @module
 */
import { Buffer } from "node:buffer";

/** Image types the renderer embeds. */
export const IMAGE_MIME_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/svg+xml",
  "image/webp",
] as const;

/** An image ready to embed, or why it cannot be. */
export type PreparedImage =
  | { ok: true; dataUrl: string; width: number; height: number; mime: string }
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
 * with line breaks). Throws on characters that are not base64.
 */
export function decodeBase64(payload: string | string[]): Uint8Array {
  const text = (Array.isArray(payload) ? payload.join("") : payload).replace(
    /\s+/g,
    "",
  );
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new Error("el contenido no es base64 válido");
  }
  return new Uint8Array(Buffer.from(text, "base64"));
}

type CanvasModule = typeof import("canvas");
let canvasModule: Promise<CanvasModule | undefined> | undefined;

/** @napi-rs/canvas, loaded on first use (undefined if it cannot load here). */
function loadCanvas(): Promise<CanvasModule | undefined> {
  canvasModule ??= import("canvas").catch(() => undefined);
  return canvasModule;
}

function dataUrl(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`;
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

/**
 * Checks that `bytes` really is an image of type `mime` by decoding it, and
 * returns a `data:` URL to embed (first frame as PNG for a GIF).
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
  if (mime === "image/gif") {
    const surface = canvas.createCanvas(width, height);
    surface.getContext("2d").drawImage(image, 0, 0);
    const png = new Uint8Array(surface.toBuffer("image/png"));
    return {
      ok: true,
      dataUrl: dataUrl("image/png", png),
      width,
      height,
      mime,
    };
  }
  return { ok: true, dataUrl: dataUrl(mime, bytes), width, height, mime };
}

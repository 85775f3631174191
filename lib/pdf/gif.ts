/**
 * Frames of an animated GIF as they are shown (each frame composited over
 * the previous ones, honouring transparency and the disposal methods), decoded
 * with `omggif`. A printed page cannot animate: the renderer prints a strip
 * of the first, middle and last frames ({@link stripFrameIndexes}).
 *
 * @example
 * ```ts ignore
 * import { decodeGifFrames, stripFrameIndexes } from "./gif.ts";
 * const gif = await Deno.readFile("out/lab2/samples_by_epoch.gif");
 * const { frameCount, frames } = decodeGifFrames(gif, stripFrameIndexes);
 * console.log(frameCount, frames.map((f) => f.index));
 * ```
 * @module
 */
// @ts-types="@types/omggif"
import { GifReader } from "omggif";

/** One composited frame: RGBA pixels of the whole logical screen. */
export interface GifFrame {
  /** 0-based frame number. */
  index: number;
  /** `width * height * 4` bytes, row-major. */
  rgba: Uint8ClampedArray;
}

/** The frames asked for, and the animation's size and length. */
export interface DecodedGif {
  /** Logical screen width in pixels. */
  width: number;
  /** Logical screen height in pixels. */
  height: number;
  /** Number of frames in the file. */
  frameCount: number;
  /** The requested frames, in increasing order. */
  frames: GifFrame[];
}

/** The frames worth printing: first, middle and last (fewer when the GIF is shorter). */
export function stripFrameIndexes(frameCount: number): number[] {
  const wanted = [0, Math.floor((frameCount - 1) / 2), frameCount - 1];
  return [...new Set(wanted.filter((i) => i >= 0))];
}

/** Clears a frame's rectangle to transparent (disposal method 2). */
function clearRect(
  canvas: Uint8ClampedArray,
  width: number,
  frame: { x: number; y: number; width: number; height: number },
): void {
  const height = canvas.length / 4 / width;
  for (let y = frame.y; y < Math.min(height, frame.y + frame.height); y++) {
    const start = 4 * (y * width + frame.x);
    const end = 4 * (y * width + Math.min(width, frame.x + frame.width));
    canvas.fill(0, start, end);
  }
}

/**
 * Decodes a GIF and returns the frames `pick(frameCount)` names, each as the
 * viewer shows it at that point. Throws (with the decoder's reason) on a file
 * that is not a readable GIF.
 */
export function decodeGifFrames(
  bytes: Uint8Array,
  pick: (frameCount: number) => number[] = stripFrameIndexes,
): DecodedGif {
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  const frameCount = reader.numFrames();
  if (!(width > 0 && height > 0)) throw new Error("el GIF no tiene tamaño");
  if (frameCount === 0) throw new Error("el GIF no tiene fotogramas");
  const wanted = new Set(pick(frameCount));
  const last = Math.max(...wanted);
  let canvas = new Uint8ClampedArray(width * height * 4);
  const frames: GifFrame[] = [];
  for (let i = 0; i <= last && i < frameCount; i++) {
    const info = reader.frameInfo(i);
    const before = info.disposal === 3 ? canvas.slice() : undefined;
    reader.decodeAndBlitFrameRGBA(i, canvas);
    if (wanted.has(i)) frames.push({ index: i, rgba: canvas.slice() });
    if (info.disposal === 2) clearRect(canvas, width, info);
    if (before) canvas = before;
  }
  return { width, height, frameCount, frames };
}

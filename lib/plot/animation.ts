/**
 * Animated GIFs of figures or image batches (e.g. samples from a fixed
 * latent batch after every epoch).
 *
 * @module
 */
import { encodeBase64 } from "./base64.ts";
import { Figure, JUPYTER_DISPLAY } from "./figure.ts";
import { ensureParentDir } from "./files.ts";
import { encodeGif, type RgbaFrame } from "./gif_encoder.ts";
import { imageGrid } from "./image_grid.ts";
import type { ImageInput } from "./images.ts";

/** An encoded GIF animation that saves to a file and displays inline in Jupyter. */
export class GifAnimation {
  /** Wraps encoded GIF bytes of `frameCount` frames of `width` × `height`. */
  constructor(
    readonly bytes: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly frameCount: number,
  ) {}

  /** The GIF file bytes. */
  toGif(): Uint8Array {
    return this.bytes;
  }

  /** Writes the GIF, creating parent folders; returns the path. */
  async save(path: string): Promise<string> {
    await ensureParentDir(path);
    await Deno.writeFile(path, this.bytes);
    return path;
  }

  /** Jupyter rich display as `image/gif`. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "image/gif": encodeBase64(this.bytes) };
  }
}

/** Options of {@linkcode animateGif}. */
export interface AnimateOptions {
  /** Time per frame in milliseconds (default 500). */
  delayMs?: number;
  /** Time the last frame stays before looping (default max(delayMs, 1500)). */
  lastDelayMs?: number;
  /** Repetitions: 0 (default) loops forever, -1 plays once. */
  loop?: number;
  /** For image batches: a title per frame, e.g. `(i) => \`Época ${i + 1}\``. */
  titles?: readonly string[] | ((index: number) => string);
  /** For image batches: images per row (default 10). */
  columns?: number;
  /** For image batches: pixel scale (default 2). */
  scale?: number;
}

/**
 * Builds an animated GIF from figures or from image batches (each drawn with
 * {@linkcode imageGrid}). Frames of different sizes are centred on the largest.
 *
 * @example
 * ```ts
 * import { animateGif } from "./animation.ts";
 * // const gif = animateGif(samplesPerEpoch, { titles: (i) => `Época ${i + 1}`, delayMs: 400 });
 * // await gif.save("out/samples.gif");
 * ```
 */
export function animateGif(
  frames: readonly (Figure | ImageInput)[],
  options: AnimateOptions = {},
): GifAnimation {
  if (!Array.isArray(frames) || frames.length === 0) {
    throw new RangeError("animateGif(frames): expected at least one frame");
  }
  const titleOf = (i: number) =>
    typeof options.titles === "function"
      ? options.titles(i)
      : options.titles?.[i];
  const figures = frames.map((f, i) =>
    f instanceof Figure ? f : imageGrid(f, {
      title: titleOf(i),
      columns: options.columns,
      scale: options.scale,
    })
  );
  const width = Math.max(...figures.map((f) => f.width));
  const height = Math.max(...figures.map((f) => f.height));
  const delay = options.delayMs ?? 500;
  if (!(delay >= 0)) {
    throw new RangeError(`animateGif: delayMs must be ≥ 0, got ${delay}`);
  }
  const lastDelay = options.lastDelayMs ?? Math.max(delay, 1500);
  const rgbaFrames: RgbaFrame[] = figures.map((f, i) => {
    let fig = f;
    if (f.width !== width || f.height !== height) {
      fig = new Figure(width, height);
      fig.ctx.drawImage(
        f.canvas,
        Math.floor((width - f.width) / 2),
        Math.floor((height - f.height) / 2),
      );
    }
    return {
      width,
      height,
      rgba: fig.pixels(),
      delayMs: i === figures.length - 1 ? lastDelay : delay,
    };
  });
  return new GifAnimation(
    encodeGif(rgbaFrames, { loop: options.loop }),
    width,
    height,
    figures.length,
  );
}

/** Saves an animation (or raw GIF bytes) to `path`, creating parent folders; returns the path. */
export async function saveGif(
  path: string,
  gif: GifAnimation | Uint8Array,
): Promise<string> {
  await ensureParentDir(path);
  await Deno.writeFile(path, gif instanceof GifAnimation ? gif.bytes : gif);
  return path;
}

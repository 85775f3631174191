/**
 * The `Figure` type: a canvas that saves as PNG and displays inline in the
 * Deno Jupyter kernel.
 *
 * @module
 */
import {
  type Canvas as NapiCanvas,
  createCanvas,
  type SKRSContext2D,
} from "canvas";
import { encodeBase64 } from "./base64.ts";
import { COLORS } from "./style.ts";
import { ensureParentDir } from "./files.ts";

/** Symbol the Deno Jupyter kernel looks up to render an object (`Deno.jupyter.$display`). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for(
  "Jupyter.display",
) as never;

/** The `@napi-rs/canvas` canvas a {@linkcode Figure} draws on. */
export type Canvas = NapiCanvas;
/** The canvas's 2-D drawing context (the web's `CanvasRenderingContext2D`). */
export type Context2D = SKRSContext2D;

/**
 * A drawn figure backed by an `@napi-rs/canvas` canvas.
 *
 * When a figure is the last expression of a notebook cell (or is passed to
 * `Deno.jupyter.display`), the Deno kernel shows it as a PNG image.
 *
 * @example
 * ```ts
 * import { Figure } from "./figure.ts";
 * const fig = new Figure(200, 100);
 * fig.ctx.fillRect(10, 10, 50, 50);
 * await fig.save("out/square.png");
 * ```
 */
export class Figure {
  /** The underlying canvas. */
  readonly canvas: Canvas;
  /** Its 2-D drawing context. */
  readonly ctx: Context2D;

  /** Creates a blank figure of `width` × `height` pixels filled with `background`. */
  constructor(
    width: number,
    height: number,
    background: string = COLORS.background,
  ) {
    if (
      !(Number.isInteger(width) && width > 0 && Number.isInteger(height) &&
        height > 0)
    ) {
      throw new RangeError(
        `Figure size must be positive integers, got ${width}×${height}`,
      );
    }
    this.canvas = createCanvas(width, height);
    this.ctx = this.canvas.getContext("2d");
    this.ctx.fillStyle = background;
    this.ctx.fillRect(0, 0, width, height);
  }

  /** Width in pixels. */
  get width(): number {
    return this.canvas.width;
  }

  /** Height in pixels. */
  get height(): number {
    return this.canvas.height;
  }

  /** Encodes the figure as PNG bytes. */
  toPng(): Uint8Array {
    return new Uint8Array(this.canvas.toBuffer("image/png"));
  }

  /** RGBA pixels of the whole figure (row-major, 4 bytes per pixel). */
  pixels(): Uint8ClampedArray {
    return this.ctx.getImageData(0, 0, this.width, this.height).data;
  }

  /** Writes the figure as a PNG file, creating parent folders; returns the path. */
  async save(path: string): Promise<string> {
    await ensureParentDir(path);
    await Deno.writeFile(path, this.toPng());
    return path;
  }

  /** Jupyter rich display: the PNG, base64-encoded. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "image/png": encodeBase64(this.toPng()) };
  }
}

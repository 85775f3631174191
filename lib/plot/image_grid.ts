/**
 * A grid of grayscale images (samples from the prior, a batch of digits).
 *
 * @module
 */
import { Figure } from "./figure.ts";
import { drawImage, type ImageInput, toImageBatch } from "./images.ts";
import { COLORS, font, TEXT } from "./style.ts";

/** Options of {@linkcode imageGrid}. */
export interface ImageGridOptions {
  /** Images per row (default: 10, or fewer when there are fewer images). */
  columns?: number;
  /** Title drawn above the grid (none by default). */
  title?: string;
  /** Each image pixel becomes a `scale`×`scale` block (default 2). */
  scale?: number;
  /** White gap between images, in pixels (default 2). */
  gap?: number;
  /** Draw at most this many images (default: all). */
  limit?: number;
}

/** Outer margin of grid figures, in pixels. */
export const GRID_MARGIN = 10;
/** Height reserved for a title line, in pixels. */
export const TITLE_HEIGHT = 30;

/**
 * Draws a batch of images in [0, 1] as a grid, row by row.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { imageGrid } from "./image_grid.ts";
 * const x = tf.randomUniform([20, 28, 28, 1]);
 * const fig = imageGrid(x, { columns: 10, title: "Muestras de la prior" });
 * x.dispose();
 * await fig.save("out/samples.png");
 * ```
 */
export function imageGrid(
  images: ImageInput,
  options: ImageGridOptions = {},
): Figure {
  const batch = toImageBatch(images, "imageGrid(images)");
  const count = Math.min(batch.count, options.limit ?? batch.count);
  if (count < 1) {
    throw new RangeError("imageGrid(images): the batch holds no images");
  }
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const columns = Math.min(options.columns ?? 10, count);
  if (!(Number.isInteger(columns) && columns > 0)) {
    throw new RangeError(
      `imageGrid: columns must be a positive integer, got ${options.columns}`,
    );
  }
  if (!(Number.isInteger(scale) && scale > 0)) {
    throw new RangeError(
      `imageGrid: scale must be a positive integer, got ${options.scale}`,
    );
  }
  const rows = Math.ceil(count / columns);
  const cellW = batch.width * scale, cellH = batch.height * scale;
  const gridW = columns * cellW + (columns - 1) * gap;
  const gridH = rows * cellH + (rows - 1) * gap;
  const top = GRID_MARGIN + (options.title ? TITLE_HEIGHT : 0);
  const width = Math.max(
    gridW + 2 * GRID_MARGIN,
    options.title ? titleWidth(options.title) : 0,
  );
  const fig = new Figure(width, top + gridH + GRID_MARGIN);
  const left = Math.floor((width - gridW) / 2);
  if (options.title) drawTitle(fig, options.title, width / 2, GRID_MARGIN);
  for (let i = 0; i < count; i++) {
    const r = Math.floor(i / columns), c = i % columns;
    drawImage(
      fig.ctx,
      batch,
      i,
      left + c * (cellW + gap),
      top + r * (cellH + gap),
      scale,
    );
  }
  return fig;
}

/** Approximate pixel width a title needs (with margins). */
export function titleWidth(title: string): number {
  return Math.ceil(title.length * TEXT.title * 0.62) + 2 * GRID_MARGIN;
}

/** Draws a centred bold title whose top is at `y`. */
export function drawTitle(
  fig: Figure,
  title: string,
  cx: number,
  y: number,
): void {
  const ctx = fig.ctx;
  ctx.fillStyle = COLORS.ink;
  ctx.font = font(TEXT.title, "bold");
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(title, cx, y + 4);
}

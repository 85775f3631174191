/**
 * Originals next to their reconstructions.
 *
 * @module
 */
import { Figure } from "./figure.ts";
import { drawImage, type ImageInput, toImageBatch } from "./images.ts";
import { COLORS, font, TEXT } from "./style.ts";
import { drawTitle, GRID_MARGIN, TITLE_HEIGHT } from "./image_grid.ts";

/** Options of {@linkcode reconstructionFigure}. */
export interface ReconstructionOptions {
  /** How many pairs to show (default: min(N, 10)). */
  count?: number;
  /** Title above the figure (default "Reconstrucciones"). */
  title?: string;
  /** Row labels (default ["Original", "Reconstrucción"]). */
  rowLabels?: [string, string];
  /** Pixel scale (default 2). */
  scale?: number;
  /** Gap between images (default 2). */
  gap?: number;
}

/**
 * Two rows: originals on top, their reconstructions below, column by column.
 *
 * @example
 * ```ts
 * import { reconstructionFigure } from "./reconstruction.ts";
 * // const fig = reconstructionFigure(x, vae.reconstruct(x));
 * ```
 */
export function reconstructionFigure(
  originals: ImageInput,
  reconstructions: ImageInput,
  options: ReconstructionOptions = {},
): Figure {
  const a = toImageBatch(originals, "reconstructionFigure(originals)");
  const b = toImageBatch(
    reconstructions,
    "reconstructionFigure(reconstructions)",
  );
  if (a.height !== b.height || a.width !== b.width) {
    throw new RangeError(
      `reconstructionFigure: originals are ${a.height}×${a.width} but reconstructions are ${b.height}×${b.width}`,
    );
  }
  const count = Math.min(options.count ?? 10, a.count, b.count);
  if (count < 1) {
    throw new RangeError("reconstructionFigure: no images to show");
  }
  const scale = options.scale ?? 2, gap = options.gap ?? 2;
  const title = options.title ?? "Reconstrucciones";
  const labels = options.rowLabels ?? ["Original", "Reconstrucción"];
  const ctx0 = new Figure(1, 1).ctx;
  ctx0.font = font(TEXT.label);
  const labelW =
    Math.ceil(Math.max(...labels.map((l) => ctx0.measureText(l).width))) + 12;
  const cellW = a.width * scale, cellH = a.height * scale;
  const gridW = count * cellW + (count - 1) * gap;
  const top = GRID_MARGIN + (title ? TITLE_HEIGHT : 0);
  const width = GRID_MARGIN + labelW + gridW + GRID_MARGIN;
  const fig = new Figure(width, top + 2 * cellH + 3 * gap + GRID_MARGIN);
  if (title) drawTitle(fig, title, width / 2, GRID_MARGIN);
  const left = GRID_MARGIN + labelW;
  const ctx = fig.ctx;
  ctx.font = font(TEXT.label);
  ctx.fillStyle = COLORS.ink;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let row = 0; row < 2; row++) {
    const y = top + row * (cellH + 3 * gap);
    ctx.fillText(labels[row], left - 8, y + cellH / 2);
    for (let i = 0; i < count; i++) {
      drawImage(ctx, row === 0 ? a : b, i, left + i * (cellW + gap), y, scale);
    }
  }
  return fig;
}

/**
 * Several figures composed into one (e.g. cross-entropy vs MSE).
 *
 * @module
 */
import { Figure } from "./figure.ts";
import { COLORS, font, TEXT } from "./style.ts";

/** Options of {@linkcode sideBySide}. */
export interface SideBySideOptions {
  /** "row" (default) puts figures left to right, "column" top to bottom. */
  direction?: "row" | "column";
  /** Space between figures in pixels (default 16). */
  gap?: number;
  /** An overall title above everything. */
  title?: string;
}

/**
 * Composes two or more figures side by side, each under its own title.
 *
 * @example
 * ```ts
 * import { sideBySide } from "./side_by_side.ts";
 * // sideBySide([lossCurves(hBce), lossCurves(hMse)], ["Entropía cruzada", "Error cuadrático medio"]);
 * ```
 */
export function sideBySide(
  figures: readonly Figure[],
  titles: readonly string[] = [],
  options: SideBySideOptions = {},
): Figure {
  if (
    !Array.isArray(figures) || figures.length === 0 ||
    !figures.every((f) => f instanceof Figure)
  ) {
    throw new TypeError(
      "sideBySide(figures): expected a non-empty array of Figure",
    );
  }
  if (titles.length > 0 && titles.length !== figures.length) {
    throw new RangeError(
      `sideBySide: ${figures.length} figures but ${titles.length} titles`,
    );
  }
  const gap = options.gap ?? 16;
  const row = (options.direction ?? "row") === "row";
  const captionH = titles.length ? TEXT.title + 16 : 0;
  const headH = options.title ? TEXT.title + 20 : 0;
  const boxes = figures.map((f) => ({ w: f.width, h: f.height + captionH }));
  const width = row
    ? boxes.reduce((a, b) => a + b.w, 0) + gap * (figures.length + 1)
    : Math.max(...boxes.map((b) => b.w)) + 2 * gap;
  const height = headH +
    (row
      ? Math.max(...boxes.map((b) => b.h)) + 2 * gap
      : boxes.reduce((a, b) => a + b.h, 0) + gap * (figures.length + 1));
  const out = new Figure(width, height);
  const ctx = out.ctx;
  ctx.fillStyle = COLORS.ink;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  if (options.title) {
    ctx.font = font(TEXT.title + 2, "bold");
    ctx.fillText(options.title, width / 2, 10);
  }
  let x = gap, y = headH + gap;
  figures.forEach((f, i) => {
    const fx = row ? x : Math.floor((width - f.width) / 2);
    if (titles.length) {
      ctx.font = font(TEXT.title, "bold");
      ctx.fillStyle = COLORS.ink;
      ctx.fillText(titles[i], fx + f.width / 2, y + 4);
    }
    ctx.drawImage(f.canvas, fx, y + captionH);
    if (row) x += f.width + gap;
    else y += f.height + captionH + gap;
  });
  return out;
}

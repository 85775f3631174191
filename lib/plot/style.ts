/**
 * Shared look of every figure: fonts, colours and sizes.
 *
 * @module
 */

/** Font family list used for all text; DejaVu Sans covers Spanish accents and subscripts. */
export const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", sans-serif';

/** Builds a CSS font string such as `bold 16px "DejaVu Sans", sans-serif`. */
export function font(
  sizePx: number,
  weight: "normal" | "bold" = "normal",
): string {
  return `${weight === "bold" ? "bold " : ""}${sizePx}px ${FONT_FAMILY}`;
}

/** Text sizes in pixels. */
export const TEXT = { title: 17, label: 14, tick: 12, legend: 13 } as const;

/** Background, ink and grid colours. */
export const COLORS = {
  background: "#ffffff",
  ink: "#222222",
  axis: "#444444",
  grid: "#e3e3e3",
  frame: "#bbbbbb",
} as const;

/**
 * Ten categorical colours (the "tab10" palette), one per MNIST digit.
 *
 * @example
 * ```ts
 * import { DIGIT_COLORS } from "./style.ts";
 * DIGIT_COLORS[3]; // "#d62728"
 * ```
 */
export const DIGIT_COLORS: readonly string[] = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

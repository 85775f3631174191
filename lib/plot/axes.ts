/**
 * Cartesian axes on a figure: frame, grid, ticks, axis labels, title,
 * lines and points, and an outside legend.
 *
 * @module
 */
import type { SKRSContext2D } from "canvas";
import { COLORS, font, TEXT } from "./style.ts";
import { formatTick, niceTicks } from "./ticks.ts";

/** A rectangle in figure pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Options of {@linkcode Axes}. */
export interface AxesOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Data range of x (default from ticks). */
  xDomain: [number, number];
  /** Data range of y. */
  yDomain: [number, number];
  /** Only integer ticks on x (epochs). */
  integerX?: boolean;
  /** Width kept free on the right of the plot area for a legend. */
  legendWidth?: number;
  /** Height kept free at the bottom of the panel (below the x label) for a legend row. */
  bottomReserve?: number;
}

/** One legend entry: a line or a point marker with a label. */
export interface LegendEntry {
  label: string;
  color: string;
  kind?: "line" | "point";
  dash?: number[];
}

/**
 * Axes laid out inside `panel`: computes the plot area from the tick label
 * sizes and maps data coordinates to pixels.
 */
export class Axes {
  /** The plot area (inside the frame). */
  readonly area: Rect;
  /** Tick positions on x. */
  readonly xTicks: number[];
  /** Tick positions on y. */
  readonly yTicks: number[];
  readonly #x0: number;
  readonly #x1: number;
  readonly #y0: number;
  readonly #y1: number;

  /** Lays out axes in `panel` of the figure drawn by `ctx`. */
  constructor(
    readonly ctx: SKRSContext2D,
    readonly panel: Rect,
    readonly options: AxesOptions,
  ) {
    let [x0, x1] = options.xDomain;
    let [y0, y1] = options.yDomain;
    if (x0 === x1) [x0, x1] = [x0 - 0.5, x1 + 0.5];
    if (y0 === y1) {
      [y0, y1] = [
        y0 - (Math.abs(y0) * 0.1 || 1),
        y1 + (Math.abs(y1) * 0.1 || 1),
      ];
    }
    let xt = niceTicks(x0, x1, 6).filter((t) =>
      t >= x0 - 1e-9 && t <= x1 + 1e-9
    );
    if (options.integerX) {
      const step = Math.max(1, Math.ceil((x1 - x0) / 8));
      xt = [];
      for (let t = Math.ceil(x0); t <= x1 + 1e-9; t += step) xt.push(t);
    }
    const yt = niceTicks(y0, y1, 5).filter((t) =>
      t >= y0 - 1e-9 && t <= y1 + 1e-9
    );
    this.xTicks = xt;
    this.yTicks = yt;
    [this.#x0, this.#x1, this.#y0, this.#y1] = [x0, x1, y0, y1];
    ctx.font = font(TEXT.tick);
    const yLabelsW = Math.max(
      ...yt.map((t) => ctx.measureText(this.#fmtY(t)).width),
      10,
    );
    const left = panel.x + 8 + (options.yLabel ? TEXT.label + 10 : 0) +
      yLabelsW + 8;
    const top = panel.y + (options.title ? TEXT.title + 18 : 10);
    const bottom = panel.y + panel.height - (options.bottomReserve ?? 0) -
      (8 + TEXT.tick + 8 + (options.xLabel ? TEXT.label + 10 : 0));
    const right = panel.x + panel.width - 14 - (options.legendWidth ?? 0);
    this.area = {
      x: left,
      y: top,
      width: Math.max(10, right - left),
      height: Math.max(10, bottom - top),
    };
  }

  #fmtY(t: number): string {
    return formatTick(t, stepOf(this.yTicks));
  }

  /** Pixel x of data value `v`. */
  x(v: number): number {
    return this.area.x +
      (v - this.#x0) / (this.#x1 - this.#x0) * this.area.width;
  }

  /** Pixel y of data value `v`. */
  y(v: number): number {
    return this.area.y + this.area.height -
      (v - this.#y0) / (this.#y1 - this.#y0) * this.area.height;
  }

  /** Draws grid, frame, ticks with labels, axis labels and title. */
  drawFrame(): void {
    const { ctx, area, options } = this;
    ctx.save();
    ctx.lineWidth = 1;
    ctx.strokeStyle = COLORS.grid;
    for (const t of this.xTicks) {
      line(
        ctx,
        crisp(this.x(t)),
        area.y,
        crisp(this.x(t)),
        area.y + area.height,
      );
    }
    for (const t of this.yTicks) {
      line(
        ctx,
        area.x,
        crisp(this.y(t)),
        area.x + area.width,
        crisp(this.y(t)),
      );
    }
    ctx.strokeStyle = COLORS.axis;
    ctx.strokeRect(
      crisp(area.x),
      crisp(area.y),
      Math.round(area.width),
      Math.round(area.height),
    );
    ctx.fillStyle = COLORS.ink;
    ctx.font = font(TEXT.tick);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const bottom = area.y + area.height;
    const xStep = stepOf(this.xTicks);
    for (const t of this.xTicks) {
      line(ctx, crisp(this.x(t)), bottom, crisp(this.x(t)), bottom + 5);
      ctx.fillText(formatTick(t, xStep), this.x(t), bottom + 8);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of this.yTicks) {
      line(ctx, area.x - 5, crisp(this.y(t)), area.x, crisp(this.y(t)));
      ctx.fillText(this.#fmtY(t), area.x - 8, this.y(t));
    }
    ctx.font = font(TEXT.label);
    if (options.xLabel) {
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      ctx.fillText(
        options.xLabel,
        area.x + area.width / 2,
        this.panel.y + this.panel.height - (options.bottomReserve ?? 0) - 4,
      );
    }
    if (options.yLabel) {
      ctx.save();
      ctx.translate(this.panel.x + 6, area.y + area.height / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(options.yLabel, 0, 0);
      ctx.restore();
    }
    if (options.title) {
      ctx.font = font(TEXT.title, "bold");
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(options.title, area.x + area.width / 2, this.panel.y + 6);
    }
    ctx.restore();
  }

  /** Runs `draw` clipped to the plot area. */
  clipped(draw: () => void): void {
    const { ctx, area } = this;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y, area.width, area.height);
    ctx.clip();
    draw();
    ctx.restore();
  }

  /** Draws a polyline through the points (skipping non-finite values) with optional markers. */
  line(
    xs: number[],
    ys: number[],
    color: string,
    style: { dash?: number[]; width?: number; markers?: boolean } = {},
  ): void {
    const ctx = this.ctx;
    this.clipped(() => {
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = style.width ?? 2;
      ctx.setLineDash(style.dash ?? []);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < xs.length; i++) {
        if (!Number.isFinite(ys[i])) {
          pen = false;
          continue;
        }
        const px = this.x(xs[i]), py = this.y(ys[i]);
        if (pen) ctx.lineTo(px, py);
        else ctx.moveTo(px, py);
        pen = true;
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (style.markers ?? xs.length <= 30) {
        for (let i = 0; i < xs.length; i++) {
          if (!Number.isFinite(ys[i])) continue;
          ctx.beginPath();
          ctx.arc(this.x(xs[i]), this.y(ys[i]), 3, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    });
  }

  /** The rectangle on the right of the plot area kept free for a legend. */
  legendOrigin(): { x: number; y: number } {
    return { x: this.area.x + this.area.width + 14, y: this.area.y };
  }
}

/** Size a legend with these entries takes. */
export function legendSize(
  ctx: SKRSContext2D,
  entries: LegendEntry[],
): { width: number; height: number } {
  ctx.font = font(TEXT.legend);
  const textW = Math.max(
    0,
    ...entries.map((e) => ctx.measureText(e.label).width),
  );
  return {
    width: Math.ceil(textW) + 46,
    height: entries.length * LEGEND_ROW + 12,
  };
}

const LEGEND_ROW = TEXT.legend + 9;

/** Draws a legend's white frame and sets the text style of its labels. */
function drawLegendFrame(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  ctx.fillStyle = "rgba(255,255,255,0.92)";
  ctx.strokeStyle = COLORS.frame;
  ctx.lineWidth = 1;
  ctx.fillRect(x, y, width, height);
  ctx.strokeRect(crisp(x), crisp(y), width, height);
  ctx.font = font(TEXT.legend);
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
}

/**
 * Draws one legend entry: its swatch (a 26 px line, or a dot at its middle)
 * starting at `left`, and its label 6 px after, centred on `cy`.
 */
function drawLegendEntry(
  ctx: SKRSContext2D,
  e: LegendEntry,
  left: number,
  cy: number,
): void {
  ctx.strokeStyle = e.color;
  ctx.fillStyle = e.color;
  if ((e.kind ?? "line") === "line") {
    ctx.lineWidth = 2;
    ctx.setLineDash(e.dash ?? []);
    line(ctx, left, cy, left + 26, cy);
    ctx.setLineDash([]);
  } else {
    ctx.beginPath();
    ctx.arc(left + 13, cy, 5, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.fillStyle = COLORS.ink;
  ctx.fillText(e.label, left + 32, cy);
}

/** Draws a framed legend with its top-left corner at (x, y). */
export function drawLegend(
  ctx: SKRSContext2D,
  entries: LegendEntry[],
  x: number,
  y: number,
): void {
  const { width, height } = legendSize(ctx, entries);
  ctx.save();
  drawLegendFrame(ctx, x, y, width, height);
  entries.forEach((e, i) =>
    drawLegendEntry(ctx, e, x + 8, y + 6 + i * LEGEND_ROW + LEGEND_ROW / 2)
  );
  ctx.restore();
}

/** Size of a one-row legend. */
export function legendRowSize(
  ctx: SKRSContext2D,
  entries: LegendEntry[],
): { width: number; height: number } {
  ctx.font = font(TEXT.legend);
  const w = entries.reduce(
    (acc, e) => acc + ctx.measureText(e.label).width + 40 + 18,
    -18,
  );
  return { width: Math.ceil(w) + 12, height: LEGEND_ROW + 10 };
}

/** Draws a one-row framed legend centred at `cx` with its top at `y`. */
export function drawLegendRow(
  ctx: SKRSContext2D,
  entries: LegendEntry[],
  cx: number,
  y: number,
): void {
  const { width, height } = legendRowSize(ctx, entries);
  ctx.save();
  drawLegendFrame(ctx, cx - width / 2, y, width, height);
  let left = cx - width / 2 + 8;
  for (const e of entries) {
    drawLegendEntry(ctx, e, left, y + height / 2);
    left += ctx.measureText(e.label).width + 40 + 18;
  }
  ctx.restore();
}

function stepOf(ticks: number[]): number {
  return ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
}

function crisp(v: number): number {
  return Math.round(v) + 0.5;
}

function line(
  ctx: SKRSContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

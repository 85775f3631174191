/**
 * Training curves: total loss (train and validation), reconstruction and KL.
 *
 * @module
 */
import {
  Axes,
  drawLegendRow,
  type LegendEntry,
  legendRowSize,
} from "./axes.ts";
import { Figure } from "./figure.ts";
import { DIGIT_COLORS } from "./style.ts";

/** One epoch of a training history (a subset of `EpochRecord` from `lib/vae`). */
export interface LossRecord {
  /** Epoch index from 0, as in `EpochRecord`; drawn as epoch + 1. */
  epoch: number;
  /** Mean training loss per image (−ELBO). */
  loss: number;
  /** Mean reconstruction term per image. */
  reconstruction: number;
  /** Mean KL term per image. */
  kl: number;
  /** Validation ELBO per image (higher is better); plotted as −valElbo. */
  valElbo?: number;
}

/** Names of the curves {@linkcode lossCurves} can draw. */
export type LossSeries = "loss" | "valLoss" | "reconstruction" | "kl";

/** Options of {@linkcode lossCurves}. */
export interface LossCurvesOptions {
  /**
   * Curves to draw on a single panel. By default two panels: total loss
   * (train and validation) and its terms (reconstruction and KL).
   */
  series?: LossSeries[];
  /** Figure title (default "Curvas de pérdida"); panel titles follow it. */
  title?: string;
  /** Legend labels per series (Spanish defaults). */
  labels?: Partial<Record<LossSeries, string>>;
  /** Label of the horizontal axis (default "época"). */
  xLabel?: string;
  /** Label of the vertical axis (default "pérdida por imagen"). */
  yLabel?: string;
  /** Figure width (default 1000 for two panels, 620 for one). */
  width?: number;
  /** Figure height (default 400). */
  height?: number;
}

/** Default Spanish legend labels. */
export const LOSS_LABELS: Record<LossSeries, string> = {
  loss: "entrenamiento (\u2212ELBO)",
  valLoss: "validaci\u00f3n (\u2212ELBO)",
  reconstruction: "reconstrucci\u00f3n",
  kl: "KL",
};

const STYLE: Record<LossSeries, { color: string; dash?: number[] }> = {
  loss: { color: DIGIT_COLORS[0] },
  valLoss: { color: DIGIT_COLORS[1], dash: [7, 4] },
  reconstruction: { color: DIGIT_COLORS[2] },
  kl: { color: DIGIT_COLORS[3] },
};

function valueOf(r: LossRecord, s: LossSeries): number {
  if (s === "valLoss") {
    return r.valElbo === undefined || r.valElbo === null ? NaN : -r.valElbo;
  }
  return r[s];
}

/**
 * Plots a training history. The validation curve is −valElbo, so that all
 * curves are losses (lower is better); the legend says so.
 *
 * @example
 * ```ts
 * import { lossCurves } from "./loss_curves.ts";
 * const fig = lossCurves([
 *   { epoch: 0, loss: 180, reconstruction: 170, kl: 10, valElbo: -165 },
 *   { epoch: 1, loss: 150, reconstruction: 138, kl: 12, valElbo: -148 },
 * ]);
 * await fig.save("out/loss.png");
 * ```
 */
export function lossCurves(
  history: readonly LossRecord[],
  options: LossCurvesOptions = {},
): Figure {
  if (!Array.isArray(history) || history.length === 0) {
    throw new RangeError(
      "lossCurves(history): the history is empty; train at least one epoch",
    );
  }
  history.forEach((r, i) => {
    if (typeof r?.epoch !== "number" || typeof r.loss !== "number") {
      throw new TypeError(
        `lossCurves(history): entry ${i} is not {epoch, loss, reconstruction, kl, valElbo?}: ${
          JSON.stringify(r)
        }`,
      );
    }
  });
  const labels = { ...LOSS_LABELS, ...options.labels };
  const hasVal = history.some((r) => typeof r.valElbo === "number");
  const panels: { title: string; series: LossSeries[] }[] = options.series
    ? [{
      title: options.title ?? "Curvas de p\u00e9rdida",
      series: options.series,
    }]
    : [
      {
        title: options.title ?? "P\u00e9rdida total",
        series: hasVal ? ["loss", "valLoss"] : ["loss"],
      },
      {
        title: "T\u00e9rminos de la p\u00e9rdida (entrenamiento)",
        series: ["reconstruction", "kl"],
      },
    ];
  const width = options.width ?? (panels.length === 2 ? 1000 : 620);
  const height = options.height ?? 400;
  const fig = new Figure(width, height);
  const xs = history.map((r) => r.epoch + 1);
  const panelW = width / panels.length;
  const xMin = Math.min(...xs), xMax = Math.max(...xs);
  // A little room so the markers at the first and last epoch are not cut.
  const xPad = Math.max(0.15, (xMax - xMin) * 0.03);
  panels.forEach((panel, p) => {
    const ys = panel.series.map((s) => history.map((r) => valueOf(r, s)));
    const finite = ys.flat().filter(Number.isFinite);
    if (finite.length === 0) {
      throw new RangeError(
        `lossCurves: no finite values for ${panel.series.join(", ")}`,
      );
    }
    let lo = Math.min(...finite), hi = Math.max(...finite);
    const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.05 || 1;
    lo -= pad;
    hi += pad;
    if (lo < 0 && Math.min(...finite) >= 0) lo = 0;
    const entries: LegendEntry[] = panel.series.map((s) => ({
      label: labels[s],
      ...STYLE[s],
    }));
    const rect = { x: p * panelW, y: 0, width: panelW, height };
    // The legend is a row under the x label: it never covers the data.
    const legend = legendRowSize(fig.ctx, entries);
    const axes = new Axes(fig.ctx, rect, {
      title: panel.title,
      xLabel: options.xLabel ?? "\u00e9poca",
      yLabel: options.yLabel ?? "p\u00e9rdida por imagen",
      xDomain: [xMin - xPad, xMax + xPad],
      yDomain: [lo, hi],
      integerX: true,
      bottomReserve: legend.height + 10,
    });
    axes.drawFrame();
    panel.series.forEach((s, i) =>
      axes.line(xs, ys[i], STYLE[s].color, { dash: STYLE[s].dash })
    );
    drawLegendRow(
      fig.ctx,
      entries,
      axes.area.x + axes.area.width / 2,
      height - legend.height - 6,
    );
  });
  return fig;
}

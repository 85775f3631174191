/**
 * The 2-D latent space of a data set, one colour per digit.
 *
 * @module
 */
import { Axes, drawLegend, type LegendEntry, legendSize } from "./axes.ts";
import { Figure } from "./figure.ts";
import { isTensorLike, type TensorLike } from "./images.ts";
import { DIGIT_COLORS } from "./style.ts";

/** Options of {@linkcode latentScatter}. */
export interface LatentScatterOptions {
  /** Title (default "Espacio latente"). */
  title?: string;
  /** Label of the horizontal axis (default "z₁"). */
  xLabel?: string;
  /** Label of the vertical axis (default "z₂"). */
  yLabel?: string;
  /** Names of the classes 0..9 in the legend (default the digits). */
  classNames?: string[];
  /** Figure width in pixels (default 700). */
  width?: number;
  /** Figure height in pixels (default 540). */
  height?: number;
  /** Point radius in pixels (default 2.2). */
  radius?: number;
}

/**
 * Scatter of latent means `z` (shape [N,2], or 2N values as [z₁, z₂] pairs)
 * coloured by `labels` (0..9), with a legend of the classes outside the data.
 *
 * @example
 * ```ts
 * import { latentScatter } from "./latent_scatter.ts";
 * // const { mu } = vae.encode(xVal);
 * // latentScatter(mu, validation.labels, { title: "Validación" });
 * ```
 */
export function latentScatter(
  z: TensorLike | ArrayLike<number>,
  labels?: TensorLike | ArrayLike<number>,
  options: LatentScatterOptions = {},
): Figure {
  let values: ArrayLike<number>;
  if (isTensorLike(z)) {
    if (z.shape.length !== 2 || z.shape[1] !== 2) {
      throw new RangeError(
        `latentScatter(z): expected shape [N,2], got [${
          z.shape.join(",")
        }]; a larger latent space needs a 2-D projection first`,
      );
    }
    values = z.dataSync();
  } else {
    values = z;
    if (values.length % 2 !== 0) {
      throw new RangeError(
        `latentScatter(z): expected N pairs (2N values), got ${values.length} values`,
      );
    }
  }
  const n = values.length / 2;
  if (n < 1) throw new RangeError("latentScatter(z): no points");
  const labs = labels === undefined
    ? undefined
    : isTensorLike(labels)
    ? labels.dataSync()
    : labels;
  if (labs && labs.length !== n) {
    throw new RangeError(
      `latentScatter: ${n} points but ${labs.length} labels`,
    );
  }
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = values[2 * i], b = values[2 * i + 1];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    x0 = Math.min(x0, a),
      x1 = Math.max(x1, a),
      y0 = Math.min(y0, b),
      y1 = Math.max(y1, b);
  }
  if (!Number.isFinite(x0)) {
    throw new RangeError("latentScatter(z): every point is NaN or infinite");
  }
  const px = (x1 - x0) * 0.05 || 0.5, py = (y1 - y0) * 0.05 || 0.5;
  const fig = new Figure(options.width ?? 700, options.height ?? 540);
  const names = options.classNames ?? DIGIT_COLORS.map((_, i) => String(i));
  const present = new Set<number>();
  if (labs) { for (let i = 0; i < n; i++) present.add(labs[i]); }
  const entries: LegendEntry[] = labs
    ? [...present].sort((a, b) => a - b).map((c) => ({
      label: names[c] ?? String(c),
      color: colorOf(c),
      kind: "point" as const,
    }))
    : [];
  const legend = legendSize(fig.ctx, entries);
  const axes = new Axes(fig.ctx, {
    x: 0,
    y: 0,
    width: fig.width,
    height: fig.height,
  }, {
    title: options.title ?? "Espacio latente",
    xLabel: options.xLabel ?? "z\u2081",
    yLabel: options.yLabel ?? "z\u2082",
    xDomain: [x0 - px, x1 + px],
    yDomain: [y0 - py, y1 + py],
    legendWidth: entries.length ? legend.width + 12 : 0,
  });
  axes.drawFrame();
  const r = options.radius ?? 2.2;
  const ctx = fig.ctx;
  axes.clipped(() => {
    ctx.globalAlpha = 0.75;
    for (let i = 0; i < n; i++) {
      const a = values[2 * i], b = values[2 * i + 1];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      ctx.fillStyle = labs ? colorOf(labs[i]) : DIGIT_COLORS[0];
      ctx.beginPath();
      ctx.arc(axes.x(a), axes.y(b), r, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  });
  if (entries.length) {
    const o = axes.legendOrigin();
    drawLegend(ctx, entries, o.x, o.y);
  }
  return fig;
}

function colorOf(label: number): string {
  return DIGIT_COLORS[((label % 10) + 10) % 10];
}

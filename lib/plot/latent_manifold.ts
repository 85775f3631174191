/**
 * The latent manifold: decoder outputs over a grid of standard-Normal
 * quantiles of a 2-D latent space.
 *
 * @module
 */
import * as tf from "tf";
import { Figure } from "./figure.ts";
import {
  drawImage,
  type ImageBatch,
  type ImageInput,
  type TensorLike,
  toImageBatch,
} from "./images.ts";
import { normalQuantileGrid } from "./normal_quantile.ts";
import { COLORS, font, TEXT } from "./style.ts";
import { drawTitle, GRID_MARGIN, TITLE_HEIGHT } from "./image_grid.ts";
import type { Tensor2D } from "../backend/tf_types.ts";

/** A decoder: latent codes [n², latentDim] → images in [0, 1] ([n²,H,W,1] or [n²,H·W]). */
export type DecodeFn = (z: Tensor2D) => TensorLike | Promise<TensorLike>;

/** Options of {@linkcode latentManifold}. */
export interface LatentManifoldOptions {
  /** Grid size n (n × n images; default 15). */
  n?: number;
  /** Lowest probability of the quantile grid (default 0.05). */
  pMin?: number;
  /** Highest probability of the quantile grid (default 0.95). */
  pMax?: number;
  /** Latent size; dimensions beyond the first two are set to 0 (default 2). */
  latentDim?: number;
  /** Title (default "Variedad latente (cuantiles de N(0, 1))"). */
  title?: string;
  /** Pixel scale (default 1 when n ≥ 12, else 2). */
  scale?: number;
}

/**
 * The latent codes of the manifold grid, row-major: row r (top to bottom) has
 * z₂ = q[n−1−r], column c has z₁ = q[c], q = Normal quantiles of pMin…pMax.
 * Returns a flat array of n²·latentDim values.
 */
export function manifoldCodes(
  n: number,
  latentDim = 2,
  pMin = 0.05,
  pMax = 0.95,
): Float32Array {
  if (!(Number.isInteger(latentDim) && latentDim >= 2)) {
    throw new RangeError(
      `latentManifold: latentDim must be an integer ≥ 2, got ${latentDim}`,
    );
  }
  const q = normalQuantileGrid(n, pMin, pMax);
  const z = new Float32Array(n * n * latentDim);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = (r * n + c) * latentDim;
      z[i] = q[c];
      z[i + 1] = q[n - 1 - r];
    }
  }
  return z;
}

/**
 * Decodes a grid of latent codes at standard-Normal quantiles and draws the
 * n × n images with z₁ along x and z₂ along y (top = high z₂).
 * `source` is a decoder (its output tensor and intermediates are disposed) or
 * already-decoded n² images in {@linkcode manifoldCodes} order.
 *
 * @example
 * ```ts
 * import { latentManifold } from "./latent_manifold.ts";
 * // const fig = await latentManifold((z) => vae.decode(z), { n: 15 });
 * ```
 */
export async function latentManifold(
  source: DecodeFn | ImageInput,
  options: LatentManifoldOptions = {},
): Promise<Figure> {
  const n = options.n ?? 15;
  const pMin = options.pMin ?? 0.05, pMax = options.pMax ?? 0.95;
  const q = normalQuantileGrid(n, pMin, pMax);
  let batch: ImageBatch;
  if (typeof source === "function") {
    const latentDim = options.latentDim ?? 2;
    const codes = manifoldCodes(n, latentDim, pMin, pMax);
    const engine = tf.engine();
    engine.startScope();
    try {
      const z = tf.tensor2d(codes, [n * n, latentDim]);
      const out = await source(z);
      const b = toImageBatch(out, "latentManifold(decode(z))");
      batch = { ...b, data: Float32Array.from(b.data) };
    } finally {
      engine.endScope();
    }
  } else {
    batch = toImageBatch(source, "latentManifold(images)");
  }
  if (batch.count < n * n) {
    throw new RangeError(
      `latentManifold: need n² = ${n * n} images, got ${batch.count}`,
    );
  }
  const scale = options.scale ?? (n >= 12 ? 1 : 2);
  const cellW = batch.width * scale, cellH = batch.height * scale;
  const title = options.title ?? "Variedad latente (cuantiles de N(0, 1))";
  const leftAxis = 64, bottomAxis = 52;
  const top = GRID_MARGIN + TITLE_HEIGHT;
  const gridW = n * cellW, gridH = n * cellH;
  const width = Math.max(leftAxis + gridW + 2 * GRID_MARGIN, 380);
  const left = leftAxis +
    Math.floor((width - leftAxis - GRID_MARGIN - gridW) / 2);
  const fig = new Figure(width, top + gridH + bottomAxis);
  drawTitle(fig, title, width / 2, GRID_MARGIN);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      drawImage(
        fig.ctx,
        batch,
        r * n + c,
        left + c * cellW,
        top + r * cellH,
        scale,
      );
    }
  }
  const ctx = fig.ctx;
  ctx.fillStyle = COLORS.ink;
  ctx.strokeStyle = COLORS.axis;
  ctx.font = font(TEXT.tick);
  const every = Math.max(1, Math.ceil(n / 5));
  const marks = [
    ...new Set([
      ...Array.from({ length: n }, (_, i) => i).filter((i) => i % every === 0),
      n - 1,
    ]),
  ];
  const fmt = (v: number) => v.toFixed(2).replace("-", "\u2212");
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const c of marks) {
    const x = left + (c + 0.5) * cellW;
    ctx.fillRect(Math.round(x), top + gridH, 1, 5);
    ctx.fillText(fmt(q[c]), x, top + gridH + 7);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const r of marks) {
    const y = top + (r + 0.5) * cellH;
    ctx.fillRect(left - 5, Math.round(y), 5, 1);
    ctx.fillText(fmt(q[n - 1 - r]), left - 8, y);
  }
  ctx.font = font(TEXT.label);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText("z\u2081", left + gridW / 2, fig.height - 6);
  ctx.save();
  ctx.translate(12, top + gridH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "top";
  ctx.fillText("z\u2082", 0, 0);
  ctx.restore();
  return fig;
}

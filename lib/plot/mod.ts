/**
 * Figures for the VAE labs, drawn with `@napi-rs/canvas`: image grids,
 * reconstructions, the latent scatter and manifold, loss curves, side-by-side
 * comparisons, animated GIFs and Markdown tables. Every figure saves as PNG
 * (GIF for animations, Markdown for tables) and displays inline in the Deno
 * Jupyter kernel.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { imageGrid, show } from "./mod.ts";
 * const x = tf.randomUniform([16, 28, 28, 1]);
 * const fig = imageGrid(x, { columns: 8, title: "Muestras" });
 * x.dispose();
 * await show(fig, { path: "out/muestras.png" });
 * ```
 *
 * @module
 */
export {
  type Canvas,
  type Context2D,
  Figure,
  JUPYTER_DISPLAY,
} from "./figure.ts";
export type { Tensor2D } from "../backend/tf_types.ts";
export {
  type ImageArray,
  type ImageBatch,
  type ImageInput,
  type ImageSetLike,
  type TensorLike,
  toImageBatch,
} from "./images.ts";
export { imageGrid, type ImageGridOptions } from "./image_grid.ts";
export {
  reconstructionFigure,
  type ReconstructionOptions,
} from "./reconstruction.ts";
export { latentScatter, type LatentScatterOptions } from "./latent_scatter.ts";
export {
  type DecodeFn,
  latentManifold,
  type LatentManifoldOptions,
  manifoldCodes,
} from "./latent_manifold.ts";
export { normalQuantile, normalQuantileGrid } from "./normal_quantile.ts";
export {
  LOSS_LABELS,
  lossCurves,
  type LossCurvesOptions,
  type LossRecord,
  type LossSeries,
} from "./loss_curves.ts";
export { sideBySide, type SideBySideOptions } from "./side_by_side.ts";
export {
  animateGif,
  type AnimateOptions,
  GifAnimation,
  saveGif,
} from "./animation.ts";
export { encodeGif, type GifOptions, type RgbaFrame } from "./gif_encoder.ts";
export { show, type Showable, type ShowOptions } from "./show.ts";
export {
  escapeCell,
  formatCell,
  Table,
  table,
  type TableValue,
} from "./table.ts";
export { niceTicks } from "./ticks.ts";

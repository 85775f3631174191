/**
 * Image batches as the figures accept them: tfjs tensors of shape
 * [N,H,W,1], [N,H,W] or [N,H·W] (square images), or plain arrays with dims.
 *
 * @module
 */

/** Anything with a tfjs-like `shape` and `dataSync()` (a `tf.Tensor`). */
export interface TensorLike {
  /** Tensor shape. */
  readonly shape: number[];
  /** The values, row-major. */
  dataSync(): ArrayLike<number>;
}

/** A plain image batch: `count` images of `height` × `width` values in [0, 1], row-major. */
export interface ImageArray {
  /** Pixel values in [0, 1], image after image, row-major. */
  data: ArrayLike<number>;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** Number of images (default: as many as `data` holds). */
  count?: number;
}

/** The `ImageSet` of `lib/data` (`images` holds N·784 values in [0, 1]). */
export interface ImageSetLike {
  /** Pixel values in [0, 1], image after image. */
  images: ArrayLike<number>;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** Number of images. */
  count: number;
}

/** Every accepted way to pass a batch of grayscale images. */
export type ImageInput = TensorLike | ImageArray | ImageSetLike;

/** A batch of grayscale images, normalized. */
export interface ImageBatch {
  /** Pixel values in [0, 1], image after image, row-major. */
  data: ArrayLike<number>;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
}

/** True when `x` looks like a tfjs tensor. */
export function isTensorLike(x: unknown): x is TensorLike {
  return typeof x === "object" && x !== null &&
    Array.isArray((x as TensorLike).shape) &&
    typeof (x as TensorLike).dataSync === "function";
}

/**
 * Normalizes any {@linkcode ImageInput} to an {@linkcode ImageBatch}; `what`
 * names the argument in error messages.
 *
 * @example
 * ```ts
 * import { toImageBatch } from "./images.ts";
 * const b = toImageBatch({ data: new Float32Array(2 * 4), height: 2, width: 2 }, "images");
 * b.count; // 2
 * ```
 */
export function toImageBatch(input: ImageInput, what = "images"): ImageBatch {
  if (isTensorLike(input)) {
    const shape = input.shape;
    let count: number, height: number, width: number;
    if (shape.length === 4 && shape[3] === 1) {
      [count, height, width] = shape;
    } else if (shape.length === 3) {
      [count, height, width] = shape;
    } else if (shape.length === 2) {
      count = shape[0];
      const side = Math.round(Math.sqrt(shape[1]));
      if (side * side !== shape[1]) {
        throw new RangeError(
          `${what}: a [N,D] tensor must hold square images (D = side²), got D=${
            shape[1]
          }; pass [N,H,W,1] instead`,
        );
      }
      height = width = side;
    } else {
      throw new RangeError(
        `${what}: expected a tensor of shape [N,H,W,1], [N,H,W] or [N,H·W], got [${
          shape.join(",")
        }]`,
      );
    }
    return { data: input.dataSync(), count, height, width };
  }
  const obj = input as Partial<ImageArray & ImageSetLike>;
  const data = obj.data ?? obj.images;
  const { height, width } = obj;
  if (
    data === undefined || typeof data.length !== "number" ||
    !Number.isInteger(height) || !Number.isInteger(width) || height! <= 0 ||
    width! <= 0
  ) {
    throw new TypeError(
      `${what}: expected a tf.Tensor, {data, height, width} or an ImageSet {images, count, height, width}`,
    );
  }
  const per = height! * width!;
  const count = obj.count ?? Math.floor(data.length / per);
  if (count * per > data.length) {
    throw new RangeError(
      `${what}: ${count} images of ${height}×${width} need ${
        count * per
      } values, got ${data.length}`,
    );
  }
  return { data, count, height: height!, width: width! };
}

/** Maps a value in [0, 1] to a gray level 0..255 (clamped; NaN → 0). */
export function grayLevel(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return Math.round(v * 255);
}

/** Draws image `index` of `batch` at (x, y), each pixel as a `scale`×`scale` block. */
export function drawImage(
  ctx: {
    createImageData(w: number, h: number): { data: Uint8ClampedArray };
    putImageData(img: never, x: number, y: number): void;
  },
  batch: ImageBatch,
  index: number,
  x: number,
  y: number,
  scale: number,
): void {
  const { height, width, data } = batch;
  const w = width * scale, h = height * scale;
  const img = ctx.createImageData(w, h);
  const out = img.data;
  const base = index * height * width;
  for (let py = 0; py < h; py++) {
    const row = base + Math.floor(py / scale) * width;
    for (let px = 0; px < w; px++) {
      const g = grayLevel(data[row + Math.floor(px / scale)]);
      const o = (py * w + px) * 4;
      out[o] = out[o + 1] = out[o + 2] = g;
      out[o + 3] = 255;
    }
  }
  ctx.putImageData(img as never, Math.round(x), Math.round(y));
}

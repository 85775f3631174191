import * as tf from "tf";
import type { ImageSet } from "./image_set.ts";
import type { Tensor } from "../backend/tf_types.ts";

/** Tensor layouts: `"flat"` is [N, H·W] (dense models), `"image"` is [N, H, W, 1] (conv models). */
export type ImageLayout = "flat" | "image";

/**
 * The images of a set as a float32 tensor, [N, H·W] or [N, H, W, 1]. The
 * caller owns (and must dispose) the tensor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { imagesToTensor } from "./tensor.ts";
 * import type { ImageSet } from "./image_set.ts";
 * const train: ImageSet = { images: new Float32Array(10 * 4), labels: Int32Array.from({ length: 10 }, (_, i) => i % 2), count: 10, height: 2, width: 2 };
 * const x = imagesToTensor(train, "flat"); // [N, height·width]
 * assert.deepEqual(x.shape, [10, 4]);
 * x.dispose();
 * ```
 */
export function imagesToTensor(
  set: ImageSet,
  layout: ImageLayout = "image",
): Tensor {
  if (layout === "flat") {
    return tf.tensor2d(set.images, [set.count, set.height * set.width]);
  }
  if (layout === "image") {
    return tf.tensor4d(set.images, [set.count, set.height, set.width, 1]);
  }
  throw new RangeError(
    `imagesToTensor: layout must be "flat" or "image", got ${
      JSON.stringify(layout)
    }`,
  );
}

/**
 * The labels of a set as an int32 tensor [N] (or one-hot float32 [N, depth]
 * when `oneHotDepth` is given). The caller must dispose it.
 */
export function labelsOf(set: ImageSet, oneHotDepth?: number): Tensor {
  const y = tf.tensor1d(set.labels, "int32");
  if (oneHotDepth === undefined) return y;
  const h = tf.oneHot(y, oneHotDepth);
  y.dispose();
  return h;
}

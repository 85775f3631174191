/**
 * `Conv2DBackpropFilter` for the tfjs WASM backend (stock tfjs 4.22 has none,
 * so no convolution can be trained on `wasm`).
 *
 * Strategy: im2col + one large matrix product. The patches matrix is written
 * transposed, P[(kh,kw,ci), (b,oh,ow)], straight into the WASM heap from
 * JavaScript; then the backend's own BatchMatMul (XNNPACK) computes
 * dW = P · dy[(b,oh,ow), co], which is already dW in [KH,KW,CI,CO] order.
 *
 * @module
 */
import type { KernelConfig } from "tf";
import { convGeometry } from "./conv_geometry.ts";
import {
  free,
  type Info,
  type KernelArgs,
  runKernel,
  view,
} from "./wasm_access.ts";

function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): Info {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const g = convGeometry(
    x.shape,
    filterShape,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
    attrs.dataFormat,
  );
  const rows = g.filterHeight * g.filterWidth * g.inChannels;
  const cols = g.batch * g.outHeight * g.outWidth;
  const patches = backend.makeOutput([1, rows, cols], "float32");
  // Views are taken after every allocation: the heap may have grown.
  const p = backend.typedArrayFromHeap(patches);
  const xs = backend.typedArrayFromHeap(x);
  const { inHeight: H, inWidth: W, inChannels: C } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = g;
  // One pass over x per filter tap (kh, kw): each input pixel's C channels
  // are read contiguously and written to C rows at the same column, so x is
  // streamed KH·KW times instead of being read with a C·stride stride.
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const rowBase = (kh * g.filterWidth + kw) * C * cols;
      let col = 0;
      for (let b = 0; b < g.batch; b++) {
        for (let oh = 0; oh < OH; oh++, col += OW) {
          const ih = oh * sh - g.padTop + kh;
          if (ih < 0 || ih >= H) {
            for (let ci = 0; ci < C; ci++) {
              const o = rowBase + ci * cols + col;
              p.fill(0, o, o + OW);
            }
            continue;
          }
          const xr = (b * H + ih) * W * C;
          let iw = kw - g.padLeft;
          for (let ow = 0; ow < OW; ow++, iw += sw) {
            let o = rowBase + col + ow;
            if (iw < 0 || iw >= W) {
              for (let ci = 0; ci < C; ci++, o += cols) p[o] = 0;
              continue;
            }
            let src = xr + iw * C;
            for (let ci = 0; ci < C; ci++, o += cols) p[o] = xs[src++];
          }
        }
      }
    }
  }
  const product = runKernel("BatchMatMul", backend, {
    a: patches,
    b: view(dy, [1, cols, g.outChannels]),
  }, { transposeA: false, transposeB: false });
  free(backend, patches);
  return view(product, filterShape);
}

/** Kernel config registered by `useBackend("wasm")`. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter as unknown as KernelConfig["kernelFunc"],
};

/**
 * `Conv2DBackpropInput` for few input channels (the transposed convolution
 * that outputs the conv VAE's single-channel logits, and any dx with ≤ 4
 * channels): one matrix product Q = dy · Wᵀ over all taps at once, then a
 * scatter-add of each tap's slice into dx (col2im). XNNPACK's convolution
 * with 1–4 output channels is a matrix-vector product per pixel and ran at
 * ~2 GFLOP/s; the product here has 9·CI columns.
 *
 * @module
 */
import type { ConvGeometry } from "./conv_geometry.ts";
import {
  free,
  type Info,
  runKernel,
  view,
  type WasmBackend,
} from "./wasm_access.ts";

/** Channel counts of dx up to which the col2im path is used. */
export const COL2IM_MAX_CHANNELS = 4;

/** dx[b, ih, iw, ci] = Σ dy[b, oh, ow, co] · W[kh, kw, ci, co] over ih = oh·s − pad + kh. */
export function backpropInputCol2im(
  backend: WasmBackend,
  dy: Info,
  filter: Info,
  g: ConvGeometry,
): Info {
  const { batch: B, inHeight: H, inWidth: W, inChannels: CI } = g;
  const { outHeight: OH, outWidth: OW, outChannels: CO } = g;
  const KH = g.filterHeight, KW = g.filterWidth;
  const taps = KH * KW * CI;
  const rows = B * OH * OW;
  // Q[r, (kh, kw, ci)] = Σ_co dy[r, co] · W[(kh, kw, ci), co]
  const q = runKernel("BatchMatMul", backend, {
    a: view(dy, [1, rows, CO]),
    b: view(filter, [1, taps, CO]),
  }, { transposeA: false, transposeB: true });
  const dx = backend.makeOutput([B, H, W, CI], "float32");
  const out = backend.typedArrayFromHeap(dx);
  const qs = backend.typedArrayFromHeap(q);
  out.fill(0);
  const { strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  let r = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, r++) {
        const qRow = r * taps;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - padTop + kh;
          if (ih < 0 || ih >= H) continue;
          const dxRow = (b * H + ih) * W;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw - padLeft + kw;
            if (iw < 0 || iw >= W) continue;
            let o = (dxRow + iw) * CI;
            let i = qRow + (kh * KW + kw) * CI;
            for (let ci = 0; ci < CI; ci++) out[o++] += qs[i++];
          }
        }
      }
    }
  }
  free(backend, q);
  return dx;
}

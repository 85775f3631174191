/**
 * A small GIF89a encoder: one global 256-colour palette, LZW-compressed
 * frames, per-frame delays and the NETSCAPE2.0 loop extension.
 *
 * @module
 */

/** One frame: RGBA pixels (4 bytes per pixel, row-major). */
export interface RgbaFrame {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Pixels, 4 bytes each (red, green, blue, alpha). */
  rgba: Uint8Array | Uint8ClampedArray;
  /** Display time of this frame in milliseconds (rounded to 10 ms). */
  delayMs: number;
}

/** Options of {@linkcode encodeGif}. */
export interface GifOptions {
  /** Number of repetitions: 0 (default) loops forever; -1 writes no loop extension (play once). */
  loop?: number;
}

/** A palette of at most 256 colours and the palette index of every pixel of every frame. */
export interface Quantized {
  /** 256 × RGB bytes. */
  palette: Uint8Array;
  /** One index array per frame. */
  indices: Uint8Array[];
}

/** Opaque RGB of pixel i, composited over white when it is translucent. */
function rgbAt(rgba: Uint8Array | Uint8ClampedArray, i: number): number {
  const a = rgba[4 * i + 3];
  let r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
  if (a !== 255) {
    const t = a / 255;
    r = Math.round(r * t + 255 * (1 - t));
    g = Math.round(g * t + 255 * (1 - t));
    b = Math.round(b * t + 255 * (1 - t));
  }
  return (r << 16) | (g << 8) | b;
}

/**
 * Maps all frames to one palette: exact when they use ≤ 256 distinct colours,
 * the 256 grays when every pixel is gray, otherwise a 6×6×6 colour cube plus
 * 40 grays with nearest-colour mapping.
 */
export function quantize(frames: readonly RgbaFrame[]): Quantized {
  const distinct = new Map<number, number>();
  let gray = true, overflow = false;
  outer: for (const f of frames) {
    const n = f.width * f.height;
    for (let i = 0; i < n; i++) {
      const c = rgbAt(f.rgba, i);
      if (
        gray && ((c >> 16) !== (c & 0xff) || ((c >> 8) & 0xff) !== (c & 0xff))
      ) gray = false;
      if (!overflow && !distinct.has(c)) {
        if (distinct.size === 256) overflow = true;
        else distinct.set(c, distinct.size);
      }
      if (overflow && !gray) break outer;
    }
  }
  const palette = new Uint8Array(768);
  let indexOf: (c: number) => number;
  if (!overflow) {
    for (const [c, i] of distinct) {
      palette[3 * i] = c >> 16;
      palette[3 * i + 1] = (c >> 8) & 0xff;
      palette[3 * i + 2] = c & 0xff;
    }
    indexOf = (c) => distinct.get(c)!;
  } else if (gray) {
    for (let i = 0; i < 256; i++) {
      palette[3 * i] = palette[3 * i + 1] = palette[3 * i + 2] = i;
    }
    indexOf = (c) => c & 0xff;
  } else {
    const levels = [0, 51, 102, 153, 204, 255];
    let k = 0;
    for (const r of levels) {
      for (const g of levels) {
        for (const b of levels) palette.set([r, g, b], 3 * k++);
      }
    }
    const grays: number[] = [];
    for (let i = 0; i < 40; i++) {
      const v = Math.round(((i + 1) * 255) / 41);
      grays.push(v);
      palette.set([v, v, v], 3 * k++);
    }
    const cache = new Map<number, number>();
    indexOf = (c) => {
      let idx = cache.get(c);
      if (idx !== undefined) return idx;
      const r = c >> 16, g = (c >> 8) & 0xff, b = c & 0xff;
      const [ri, gi, bi] = [r, g, b].map((v) => Math.round(v / 51));
      const cr = levels[ri], cg = levels[gi], cb = levels[bi];
      let best = ri * 36 + gi * 6 + bi;
      let err = (r - cr) ** 2 + (g - cg) ** 2 + (b - cb) ** 2;
      const mean = (r + g + b) / 3;
      const gIdx = Math.min(39, Math.max(0, Math.round((mean * 41) / 255) - 1));
      for (const j of [gIdx - 1, gIdx, gIdx + 1]) {
        if (j < 0 || j > 39) continue;
        const v = grays[j];
        const e = (r - v) ** 2 + (g - v) ** 2 + (b - v) ** 2;
        if (e < err) [err, best] = [e, 216 + j];
      }
      cache.set(c, best);
      idx = best;
      return idx;
    };
  }
  const indices = frames.map((f) => {
    const n = f.width * f.height;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = indexOf(rgbAt(f.rgba, i));
    return out;
  });
  return { palette, indices };
}

/** Growable byte buffer. */
class ByteWriter {
  #buf = new Uint8Array(1 << 16);
  #len = 0;
  byte(b: number): void {
    if (this.#len === this.#buf.length) {
      const next = new Uint8Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf[this.#len++] = b;
  }
  u16(v: number): void {
    this.byte(v & 0xff);
    this.byte((v >> 8) & 0xff);
  }
  bytes(bs: ArrayLike<number>): void {
    for (let i = 0; i < bs.length; i++) this.byte(bs[i]);
  }
  ascii(s: string): void {
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
  }
  result(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/**
 * LZW-compresses palette indices as GIF image data with minimum code size 8;
 * returns the code stream packed LSB-first (before splitting into sub-blocks).
 */
export function lzwEncode(indices: Uint8Array): Uint8Array {
  const minCodeSize = 8;
  const clear = 1 << minCodeSize, eoi = clear + 1;
  const out = new ByteWriter();
  let bitBuf = 0, bitCount = 0;
  let codeSize = minCodeSize + 1;
  const emit = (code: number) => {
    bitBuf |= code << bitCount;
    bitCount += codeSize;
    while (bitCount >= 8) {
      out.byte(bitBuf & 0xff);
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  };
  let table = new Map<number, number>();
  let next = eoi + 1;
  emit(clear);
  if (indices.length > 0) {
    let prefix = indices[0];
    for (let i = 1; i < indices.length; i++) {
      const k = indices[i];
      const key = (prefix << 8) | k;
      const found = table.get(key);
      if (found !== undefined) {
        prefix = found;
        continue;
      }
      emit(prefix);
      if (next === 4096) {
        emit(clear);
        table = new Map();
        next = eoi + 1;
        codeSize = minCodeSize + 1;
      } else {
        if (next >= 1 << codeSize) codeSize++;
        table.set(key, next++);
      }
      prefix = k;
    }
    emit(prefix);
  }
  emit(eoi);
  if (bitCount > 0) out.byte(bitBuf & 0xff);
  return out.result();
}

/**
 * Encodes frames of equal size as an animated GIF89a.
 *
 * @example
 * ```ts
 * import { encodeGif } from "./gif_encoder.ts";
 * const rgba = new Uint8Array(4 * 4 * 4).fill(255);
 * const gif = encodeGif([{ width: 4, height: 4, rgba, delayMs: 100 }]);
 * new TextDecoder().decode(gif.subarray(0, 6)); // "GIF89a"
 * ```
 */
export function encodeGif(
  frames: readonly RgbaFrame[],
  options: GifOptions = {},
): Uint8Array {
  if (frames.length === 0) throw new RangeError("encodeGif: no frames");
  const { width, height } = frames[0];
  if (!(width > 0 && height > 0 && width < 65536 && height < 65536)) {
    throw new RangeError(
      `encodeGif: frame size ${width}×${height} is outside 1…65535`,
    );
  }
  frames.forEach((f, i) => {
    if (f.width !== width || f.height !== height) {
      throw new RangeError(
        `encodeGif: frame ${i} is ${f.width}×${f.height}, frame 0 is ${width}×${height}`,
      );
    }
    if (f.rgba.length !== 4 * width * height) {
      throw new RangeError(
        `encodeGif: frame ${i} has ${f.rgba.length} bytes, expected ${
          4 * width * height
        }`,
      );
    }
  });
  const { palette, indices } = quantize(frames);
  const w = new ByteWriter();
  w.ascii("GIF89a");
  w.u16(width);
  w.u16(height);
  w.byte(0xf7); // global colour table, 8 bits per primary, 256 entries
  w.byte(0); // background colour index
  w.byte(0); // pixel aspect ratio
  w.bytes(palette);
  const loop = options.loop ?? 0;
  if (loop >= 0) {
    w.bytes([0x21, 0xff, 0x0b]);
    w.ascii("NETSCAPE2.0");
    w.bytes([0x03, 0x01]);
    w.u16(loop);
    w.byte(0);
  }
  frames.forEach((f, i) => {
    w.bytes([0x21, 0xf9, 0x04, 0x04]); // graphic control: disposal "leave in place", no transparency
    w.u16(Math.max(0, Math.round(f.delayMs / 10)));
    w.bytes([0, 0]);
    w.byte(0x2c);
    w.u16(0);
    w.u16(0);
    w.u16(width);
    w.u16(height);
    w.byte(0); // no local colour table, not interlaced
    w.byte(8); // LZW minimum code size
    const data = lzwEncode(indices[i]);
    for (let o = 0; o < data.length; o += 255) {
      const n = Math.min(255, data.length - o);
      w.byte(n);
      w.bytes(data.subarray(o, o + n));
    }
    w.byte(0);
  });
  w.byte(0x3b);
  return w.result();
}

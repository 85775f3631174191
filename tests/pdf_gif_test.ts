/**
 * The GIF frames the PDF renderer prints: decoded from the kit's own GIFs
 * (`encodeGif`, `animateGif`) back to the exact pixels they were made from,
 * and composited like a viewer for the disposal methods and transparency the
 * kit's encoder never writes (GIFs from elsewhere, written with omggif's
 * writer).
 */
import assert from "node:assert/strict";
// @ts-types="@types/omggif"
import { GifWriter } from "omggif";
import { Figure } from "../lib/plot/figure.ts";
import { animateGif } from "../lib/plot/animation.ts";
import { encodeGif, type RgbaFrame } from "../lib/plot/gif_encoder.ts";
import { decodeGifFrames, stripFrameIndexes } from "../lib/pdf/gif.ts";
import { seededRandom } from "../lib/random/prng.ts";

Deno.test("stripFrameIndexes: first, middle and last, never twice", () => {
  assert.deepEqual(stripFrameIndexes(1), [0]);
  assert.deepEqual(stripFrameIndexes(2), [0, 1]);
  assert.deepEqual(stripFrameIndexes(3), [0, 1, 2]);
  assert.deepEqual(stripFrameIndexes(5), [0, 2, 4]);
  assert.deepEqual(stripFrameIndexes(30), [0, 14, 29]);
});

Deno.test("encodeGif's frames decode back to the same pixels", () => {
  const random = seededRandom(7);
  const palette = Array.from({ length: 200 }, () => [
    random.nextInt(256),
    random.nextInt(256),
    random.nextInt(256),
  ]);
  const width = 37, height = 23;
  const frames: RgbaFrame[] = Array.from({ length: 6 }, () => {
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const [r, g, b] = palette[random.nextInt(palette.length)];
      rgba.set([r, g, b, 255], 4 * p);
    }
    return { width, height, rgba, delayMs: 100 };
  });
  const decoded = decodeGifFrames(
    encodeGif(frames),
    (n) => [...Array(n).keys()],
  );
  assert.equal(decoded.frameCount, 6);
  assert.equal(decoded.width, width);
  assert.equal(decoded.height, height);
  decoded.frames.forEach((frame, i) => {
    assert.equal(frame.index, i);
    assert.deepEqual(
      Array.from(frame.rgba),
      Array.from(frames[i].rgba),
      `frame ${i}`,
    );
  });
});

Deno.test("animateGif's strip frames are the figures it was made from", () => {
  const figures = [0, 1, 2, 3, 4, 5, 6].map((i) => {
    const fig = new Figure(50, 30, "#ffffff");
    fig.ctx.fillStyle = `rgb(${30 * i}, 80, ${200 - 25 * i})`;
    fig.ctx.fillRect(5 * i, 0, 10, 30);
    return fig;
  });
  const gif = animateGif(figures, { delayMs: 200 });
  const { frameCount, frames } = decodeGifFrames(gif.toGif());
  assert.equal(frameCount, 7);
  assert.deepEqual(frames.map((f) => f.index), [0, 3, 6]);
  for (const frame of frames) {
    assert.deepEqual(
      Array.from(frame.rgba),
      Array.from(figures[frame.index].pixels()),
      `frame ${frame.index}`,
    );
  }
});

Deno.test("frames are composited: transparency, restore to background, restore to previous", () => {
  const w = 4, h = 3;
  const buffer = new Uint8Array(4096);
  // palette: 0 red, 1 blue, 2 green, 3 (transparent where asked)
  const writer = new GifWriter(buffer, w, h, {
    palette: [0xff0000, 0x0000ff, 0x00ff00, 0x000000],
    loop: 0,
  });
  writer.addFrame(0, 0, w, h, Array(w * h).fill(0), { delay: 10 });
  // a blue 2×2 patch at (1, 1), then restore its area to background
  writer.addFrame(1, 1, 2, 2, [1, 1, 1, 1], { delay: 10, disposal: 2 });
  // one green pixel at (0, 0), the rest transparent; then restore to previous
  writer.addFrame(0, 0, 2, 1, [2, 3], {
    delay: 10,
    transparent: 3,
    disposal: 3,
  });
  // a frame that only adds a blue pixel at (3, 0)
  writer.addFrame(3, 0, 1, 1, [1], { delay: 10 });
  const gif = buffer.slice(0, writer.end());
  const { frames } = decodeGifFrames(gif, (n) => [...Array(n).keys()]);
  const at = (frame: number, x: number, y: number) =>
    Array.from(
      frames[frame].rgba.subarray(4 * (y * w + x), 4 * (y * w + x) + 4),
    );
  const RED = [255, 0, 0, 255],
    BLUE = [0, 0, 255, 255],
    GREEN = [0, 255, 0, 255];
  const CLEAR = [0, 0, 0, 0];
  assert.deepEqual(at(0, 2, 2), RED);
  assert.deepEqual(at(1, 1, 1), BLUE);
  assert.deepEqual(at(1, 0, 0), RED);
  // frame 2: the patch is gone (disposal 2), green drawn, pixel (1, 0) shows through
  assert.deepEqual(at(2, 1, 1), CLEAR);
  assert.deepEqual(at(2, 0, 0), GREEN);
  assert.deepEqual(at(2, 1, 0), RED);
  // frame 3: frame 2 undone (disposal 3), so no green; the new blue pixel
  assert.deepEqual(at(3, 0, 0), RED);
  assert.deepEqual(at(3, 1, 1), CLEAR);
  assert.deepEqual(at(3, 3, 0), BLUE);
});

Deno.test("a file that is not a readable GIF throws a reason", () => {
  const gif = animateGif([new Figure(8, 8)]).toGif();
  assert.throws(() => decodeGifFrames(gif.subarray(0, gif.length - 20)));
  assert.throws(() => decodeGifFrames(new TextEncoder().encode("GIF89a")));
});

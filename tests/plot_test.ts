import assert from "node:assert/strict";
import * as tf from "tf";
import { createCanvas, loadImage } from "canvas";
import {
  animateGif,
  encodeGif,
  Figure,
  imageGrid,
  JUPYTER_DISPLAY,
  latentManifold,
  latentScatter,
  lossCurves,
  manifoldCodes,
  niceTicks,
  normalQuantile,
  normalQuantileGrid,
  reconstructionFigure,
  saveGif,
  show,
  sideBySide,
  table,
} from "../lib/plot/mod.ts";
import { tableCount, tableProblems } from "./notebook_markdown.ts";
import { marked } from "marked";
import { lzwEncode } from "../lib/plot/gif_encoder.ts";
import { DIGIT_COLORS } from "../lib/plot/style.ts";
import { useBackend } from "../lib/backend/mod.ts";

await useBackend("cpu");

/** Decodes PNG/GIF bytes with Skia (independent of our encoders) and returns RGBA pixels. */
async function decode(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const img = await loadImage(bytes);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0);
  return {
    width: img.width,
    height: img.height,
    rgba: ctx.getImageData(0, 0, img.width, img.height).data,
  };
}

function grayAt(
  d: { width: number; rgba: Uint8ClampedArray },
  x: number,
  y: number,
): number {
  const o = (y * d.width + x) * 4;
  assert.equal(d.rgba[o], d.rgba[o + 1], `pixel (${x},${y}) is not gray`);
  assert.equal(d.rgba[o], d.rgba[o + 2], `pixel (${x},${y}) is not gray`);
  return d.rgba[o];
}

/** The colour of an opaque `hex` drawn with `alpha` over white, as hex. */
function overWhite(hex: string, alpha: number): string {
  return "#" + [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16);
    return Math.round(c * alpha + 255 * (1 - alpha)).toString(16).padStart(
      2,
      "0",
    );
  }).join("");
}

function countRgb(
  d: { width: number; height: number; rgba: Uint8ClampedArray },
  hex: string,
  where?: (x: number, y: number) => boolean,
): { n: number; meanX: number; meanY: number } {
  const r = parseInt(hex.slice(1, 3), 16),
    g = parseInt(hex.slice(3, 5), 16),
    b = parseInt(hex.slice(5, 7), 16);
  const tol = 2;
  let n = 0, sx = 0, sy = 0;
  for (let y = 0; y < d.height; y++) {
    for (let x = 0; x < d.width; x++) {
      const o = (y * d.width + x) * 4;
      const near = Math.abs(d.rgba[o] - r) <= tol &&
        Math.abs(d.rgba[o + 1] - g) <= tol &&
        Math.abs(d.rgba[o + 2] - b) <= tol;
      if (near && (!where || where(x, y))) {
        n++, sx += x, sy += y;
      }
    }
  }
  return { n, meanX: sx / n, meanY: sy / n };
}

Deno.test("normalQuantile matches high-precision reference values (mpmath, 30 digits)", () => {
  // sqrt(2) * erfinv(2p - 1), computed with mpmath at 30 significant digits.
  const reference: [number, number][] = [
    [1e-10, -6.3613409024040562],
    [1e-5, -4.2648907939228246],
    [0.001, -3.0902323061678135],
    [0.02425, -1.9729610513118849],
    [0.05, -1.6448536269514727],
    [0.1, -1.2815515655446005],
    [0.25, -0.67448975019608174],
    [0.5, 0],
    [0.75, 0.67448975019608174],
    [0.9, 1.2815515655446005],
    [0.95, 1.6448536269514727],
    [0.97575, 1.9729610513118849],
    [0.975, 1.9599639845400542],
    [0.999, 3.0902323061678135],
    [0.9999999, 5.1993375821928169],
  ];
  for (const [p, q] of reference) {
    const got = normalQuantile(p);
    assert.ok(
      Math.abs(got - q) <= 1.5e-9 * Math.abs(q) + 1e-15,
      `Φ⁻¹(${p}) = ${got}, expected ${q}`,
    );
  }
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.throws(() => normalQuantile(1.5), /\[0, 1\].*1\.5/);
  assert.throws(() => normalQuantile(NaN), /NaN/);
  const grid = normalQuantileGrid(3);
  assert.ok(
    Math.abs(grid[0] + 1.6448536269514727) < 1e-8,
    `grid[0] = ${grid[0]}`,
  );
  assert.ok(Math.abs(grid[1]) < 1e-12, `grid[1] = ${grid[1]}`);
  assert.ok(
    Math.abs(grid[2] - 1.6448536269514727) < 1e-8,
    `grid[2] = ${grid[2]}`,
  );
  assert.throws(() => normalQuantileGrid(0), /positive integer/);
});

Deno.test("niceTicks covers the range with 1-2-5 steps", () => {
  assert.deepEqual(niceTicks(0.3, 9.2, 5), [0, 2, 4, 6, 8, 10]);
  // span 0.67 / 5 = 0.134 → step 0.2
  assert.deepEqual(niceTicks(-0.26, 0.41, 5), [-0.4, -0.2, 0, 0.2, 0.4, 0.6]);
  assert.deepEqual(niceTicks(101, 149, 5), [100, 110, 120, 130, 140, 150]);
});

Deno.test("imageGrid: expected size, gray values per pixel, gaps, same figure from tensor or array", async () => {
  const n = 5, h = 28, w = 28;
  const data = new Float32Array(n * h * w);
  for (let k = 0; k < n; k++) data.fill(k / 10, k * h * w, (k + 1) * h * w);
  data[1 * h * w + 3 * w + 5] = 1; // image 1: one white pixel at row 3, column 5
  const before = tf.memory().numTensors;
  const t4 = tf.tensor4d(data, [n, h, w, 1]);
  const t2 = tf.tensor2d(data, [n, h * w]);
  const figs = [
    imageGrid(t4, { columns: 3, scale: 2, gap: 2 }),
    imageGrid(t2, { columns: 3, scale: 2, gap: 2 }),
    imageGrid({ data, height: h, width: w }, { columns: 3, scale: 2, gap: 2 }),
  ];
  tf.dispose([t4, t2]);
  assert.equal(tf.memory().numTensors, before);
  const pngs = figs.map((f) => f.toPng());
  assert.deepEqual(pngs[1], pngs[0]);
  assert.deepEqual(pngs[2], pngs[0]);
  const d = await decode(pngs[0]);
  // 3 columns of 56 px + 2 gaps of 2 px + 10 px margins; 2 rows.
  assert.equal(d.width, 3 * 56 + 2 * 2 + 2 * 10);
  assert.equal(d.height, 2 * 56 + 2 + 2 * 10);
  const left = 10, top = 10, step = 58;
  for (let k = 0; k < n; k++) {
    const x = left + (k % 3) * step + 40,
      y = top + Math.floor(k / 3) * step + 40;
    assert.equal(grayAt(d, x, y), Math.round((k / 10) * 255), `image ${k}`);
  }
  // The white pixel of image 1 is a 2×2 block at (10+58+10, 10+6).
  for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    assert.equal(grayAt(d, left + step + 10 + dx, top + 6 + dy), 255);
  }
  assert.equal(grayAt(d, left + step + 12, top + 6), Math.round(0.1 * 255));
  assert.equal(grayAt(d, left + step + 10, top + 8), Math.round(0.1 * 255));
  assert.equal(
    grayAt(d, left + 57, top + 20),
    255,
    "gap between images is white",
  );
  assert.throws(
    () =>
      imageGrid({
        data: new Float32Array(10),
        height: 28,
        width: 28,
        count: 1,
      }),
    /784/,
  );
  assert.throws(() => imageGrid(tf.zeros([2, 7]) as tf.Tensor2D), /square/);
});

Deno.test("reconstructionFigure puts originals above reconstructions", async () => {
  const n = 4, px = 784;
  const a = new Float32Array(n * px).fill(0),
    b = new Float32Array(n * px).fill(0.05);
  const fig = reconstructionFigure({ data: a, height: 28, width: 28 }, {
    data: b,
    height: 28,
    width: 28,
  }, { title: "Reconstrucciones" });
  const d = await decode(fig.toPng());
  // Text is ink (#222 = 34) blended with white, so values 0 and 13 only come from the images.
  let n0 = 0, n13 = 0, maxY0 = 0, minY13 = Infinity;
  for (let y = 0; y < d.height; y++) {
    for (let x = 0; x < d.width; x++) {
      const v = d.rgba[(y * d.width + x) * 4];
      if (v === 0) n0++, maxY0 = Math.max(maxY0, y);
      if (v === 13) n13++, minY13 = Math.min(minY13, y);
    }
  }
  assert.equal(n0, n * 56 * 56);
  assert.equal(n13, n * 56 * 56);
  assert.ok(maxY0 < minY13, "originals are above reconstructions");
  assert.throws(
    () =>
      reconstructionFigure({ data: a, height: 28, width: 28 }, {
        data: b,
        height: 14,
        width: 56,
      }),
    /28×28.*14×56/,
  );
});

Deno.test("latentScatter colours points by digit and keeps the legend off the data", async () => {
  const n = 200;
  const z = new Float32Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2 ? 7 : 3;
    z[2 * i] = (i % 2 ? 1 : -1) + 0.1 * Math.sin(i);
    z[2 * i + 1] = 0.2 * Math.cos(i * 1.7);
  }
  const zt = tf.tensor2d(z, [n, 2]);
  const fig = latentScatter(zt, labels, { title: "Prueba" });
  zt.dispose();
  const d = await decode(fig.toPng());
  assert.equal(d.width, 700);
  const inPlot = (x: number) => x < 600;
  // Points are drawn with alpha 0.75 over the white plot area.
  const c3 = countRgb(d, overWhite(DIGIT_COLORS[3], 0.75), inPlot);
  const c7 = countRgb(d, overWhite(DIGIT_COLORS[7], 0.75), inPlot);
  assert.ok(c3.n > 50 && c7.n > 50, `coloured points drawn (${c3.n}, ${c7.n})`);
  assert.ok(
    c3.meanX < c7.meanX - 100,
    "digit 3 (z₁≈−1) left of digit 7 (z₁≈+1)",
  );
  // Legend: only the present digits, drawn right of the plot area.
  assert.ok(countRgb(d, DIGIT_COLORS[3], (x) => x >= 600).n > 20);
  assert.equal(countRgb(d, DIGIT_COLORS[0]).n, 0);
  assert.throws(
    () => latentScatter(tf.zeros([3, 4]) as tf.Tensor2D, undefined),
    /\[N,2\].*\[3,4\]/,
  );
  assert.throws(
    () => latentScatter(z, new Int32Array(3)),
    /200 points but 3 labels/,
  );
});

Deno.test("latentManifold decodes a grid of Normal quantiles and disposes its tensors", async () => {
  const n = 3;
  const q = [-1.6448536269514727, 0, 1.6448536269514727];
  let seen: number[][] = [];
  const decode1 = (z: tf.Tensor2D) => {
    seen = z.arraySync();
    // constant images whose value encodes z₁: 0.02, 0.05, 0.08 (dark, unlike any text pixel)
    const v = z.slice([0, 0], [-1, 1]).div(1.6448536269514727).mul(0.03).add(
      0.05,
    );
    return v.reshape([-1, 1, 1, 1]).tile([1, 28, 28, 1]);
  };
  const before = tf.memory().numTensors;
  const fig = await latentManifold(decode1, { n, scale: 2 });
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  assert.equal(seen.length, 9);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      assert.ok(
        Math.abs(seen[r * n + c][0] - q[c]) < 1e-6 &&
          Math.abs(seen[r * n + c][1] - q[n - 1 - r]) < 1e-6,
      );
    }
  }
  const d = await decode(fig.toPng());
  const levels = [0.02, 0.05, 0.08].map((v) => Math.round(v * 255));
  const cols = levels.map((g) => {
    let count = 0, sx = 0;
    for (let i = 0; i < d.width * d.height; i++) {
      if (d.rgba[4 * i] === g) count++, sx += i % d.width;
    }
    return { count, meanX: sx / count };
  });
  for (const c of cols) assert.equal(c.count, 3 * 56 * 56);
  assert.ok(
    cols[0].meanX < cols[1].meanX && cols[1].meanX < cols[2].meanX,
    "z₁ grows to the right",
  );
  // Pre-decoded images in manifoldCodes order give the same figure.
  const codes = manifoldCodes(n);
  const imgs = new Float32Array(9 * 784);
  for (let i = 0; i < 9; i++) {
    imgs.fill(
      codes[2 * i] / 1.6448536269514727 * 0.03 + 0.05,
      i * 784,
      (i + 1) * 784,
    );
  }
  const fig2 = await latentManifold({ data: imgs, height: 28, width: 28 }, {
    n,
    scale: 2,
  });
  assert.deepEqual((await decode(fig2.toPng())).rgba, d.rgba);
  await assert.rejects(
    () => latentManifold({ data: imgs, height: 28, width: 28 }, { n: 4 }),
    /16 images, got 9/,
  );
});

Deno.test("lossCurves draws −valElbo as the validation loss", async () => {
  const history = Array.from({ length: 8 }, (_, i) => {
    const loss = 200 - 10 * i;
    return {
      epoch: i,
      loss,
      reconstruction: loss - 20,
      kl: 20,
      valElbo: -loss,
    };
  });
  const d = await decode(lossCurves(history).toPng());
  assert.equal(d.width, 1000);
  assert.equal(d.height, 400);
  const plot1 = (x: number, y: number) => x < 500 && y < 320;
  const train = countRgb(d, DIGIT_COLORS[0], plot1),
    val = countRgb(d, DIGIT_COLORS[1], plot1);
  assert.ok(
    train.n > 50 && val.n > 50,
    `both curves drawn (${train.n}, ${val.n})`,
  );
  // valElbo = −loss, so the validation curve lies on the training curve.
  assert.ok(
    Math.abs(train.meanY - val.meanY) < 6,
    `curves coincide (${train.meanY} vs ${val.meanY})`,
  );
  assert.ok(
    countRgb(d, DIGIT_COLORS[2], (x) => x > 500).n > 50,
    "reconstruction in the second panel",
  );
  const noVal = await decode(
    lossCurves(history.map(({ valElbo: _, ...r }) => r)).toPng(),
  );
  assert.equal(
    countRgb(noVal, DIGIT_COLORS[1]).n,
    0,
    "no validation curve without valElbo",
  );
  const klOnly = await decode(lossCurves(history, { series: ["kl"] }).toPng());
  assert.equal(klOnly.width, 620);
  assert.equal(countRgb(klOnly, DIGIT_COLORS[0]).n, 0);
  assert.ok(countRgb(klOnly, DIGIT_COLORS[3]).n > 50);
  assert.throws(() => lossCurves([]), /empty/);
});

Deno.test("sideBySide composes figures with titles", async () => {
  const a = new Figure(100, 50, "#ff0000"), b = new Figure(120, 80, "#0000ff");
  const fig = sideBySide([a, b], ["BCE", "MSE"], { gap: 10 });
  assert.equal(fig.width, 100 + 120 + 3 * 10);
  const d = await decode(fig.toPng());
  assert.equal(countRgb(d, "#ff0000").n, 100 * 50);
  assert.equal(countRgb(d, "#0000ff").n, 120 * 80);
  assert.ok(countRgb(d, "#ff0000").meanX < countRgb(d, "#0000ff").meanX);
  assert.throws(
    () => sideBySide([a, b], ["solo uno"]),
    /2 figures but 1 titles/,
  );
  const col = sideBySide([a, b], [], { direction: "column", gap: 10 });
  assert.equal(col.height, 50 + 80 + 3 * 10);
});

Deno.test("GIF encoder: Skia decodes the first frame exactly, PNG/GIF display bundles", async () => {
  const w = 37, h = 23;
  const frame = (k: number) => {
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) {
      const v = (i * 7 + k * 50) % 256;
      rgba.set([v, v, v, 255], 4 * i);
    }
    return { width: w, height: h, rgba, delayMs: 120 };
  };
  const gif = encodeGif([frame(0), frame(1), frame(2)]);
  assert.equal(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
  assert.ok(new TextDecoder().decode(gif).includes("NETSCAPE2.0"));
  const d = await decode(gif);
  assert.equal(d.width, w);
  assert.equal(d.height, h);
  for (let i = 0; i < w * h; i++) {
    assert.equal(d.rgba[4 * i], (i * 7) % 256, `pixel ${i}`);
  }
  // Noise forces > 4096 LZW codes (table resets); still decodes exactly.
  const big = 300;
  const rgba = new Uint8Array(big * big * 4);
  let s = 12345;
  for (let i = 0; i < big * big; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const v = s >>> 24;
    rgba.set([v, v, v, 255], 4 * i);
  }
  const noise = await decode(
    encodeGif([{ width: big, height: big, rgba, delayMs: 0 }]),
  );
  for (let i = 0; i < big * big; i++) {
    if (noise.rgba[4 * i] !== rgba[4 * i]) assert.fail(`noise pixel ${i}`);
  }
  // Colour images with > 256 colours map to the nearest palette colour.
  const col = new Uint8Array(64 * 64 * 4);
  for (let i = 0; i < 64 * 64; i++) {
    col.set([(i * 4) % 256, (i >> 4) % 256, (i * 13) % 256, 255], 4 * i);
  }
  const dc = await decode(
    encodeGif([{ width: 64, height: 64, rgba: col, delayMs: 0 }]),
  );
  let worst = 0;
  for (let i = 0; i < col.length; i += 4) {
    const e = Math.hypot(
      dc.rgba[i] - col[i],
      dc.rgba[i + 1] - col[i + 1],
      dc.rgba[i + 2] - col[i + 2],
    );
    worst = Math.max(worst, e);
  }
  // The 6×6×6 cube is 51 apart per channel: at most 25.5·√3 ≈ 44.2 from any colour.
  assert.ok(worst <= 44.2, `colour quantization error ${worst}`);
  assert.ok(lzwEncode(new Uint8Array(0)).length > 0);
  assert.throws(
    () => encodeGif([frame(0), { ...frame(1), width: 5 }]),
    /frame 1 is 5×23/,
  );
});

Deno.test("animateGif: frames from image batches, saved and decoded by an independent reader", async () => {
  const batches = [0.0, 0.5, 1.0].map((v) => ({
    data: new Float32Array(4 * 784).fill(v),
    height: 28,
    width: 28,
  }));
  const anim = animateGif(batches, {
    titles: (i) => `Época ${i + 1}`,
    delayMs: 200,
    columns: 2,
  });
  assert.equal(anim.frameCount, 3);
  const dir = await Deno.makeTempDir();
  const path = await saveGif(`${dir}/sub/anim.gif`, anim);
  const bytes = await Deno.readFile(path);
  assert.deepEqual(bytes, anim.bytes);
  const d = await decode(bytes);
  assert.equal(d.width, anim.width);
  assert.equal(
    grayAt(d, 10 + 30, 10 + 30 + 30),
    0,
    "first frame shows the black batch",
  );
  const bundle = anim[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(bundle), ["image/gif"]);
  assert.deepEqual(
    Uint8Array.from(atob(bundle["image/gif"]), (c) => c.charCodeAt(0)),
    anim.bytes,
  );
  // Every frame, its delay and the loop count, read back with Pillow when it is installed.
  const py = await pillowPython();
  if (!py) {
    console.warn(
      "SKIP: Pillow (python3-pil) not installed; only the first GIF frame was checked",
    );
  } else {
    const script = `from PIL import Image
im = Image.open(${JSON.stringify(path)})
out = []
for i in range(im.n_frames):
    im.seek(i)
    g = im.convert("L")
    out.append((g.getpixel((40, 70)), im.info.get("duration"), im.info.get("loop")))
print(out)`;
    const r = await new Deno.Command(py, { args: ["-c", script] }).output();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    assert.equal(
      new TextDecoder().decode(r.stdout).trim(),
      "[(0, 200, 0), (128, 200, 0), (255, 1500, 0)]",
    );
  }
  await Deno.remove(dir, { recursive: true });
});

async function pillowPython(): Promise<string | undefined> {
  for (const py of ["python3", "/usr/bin/python3"]) {
    try {
      const r = await new Deno.Command(py, {
        args: ["-c", "import PIL"],
        stderr: "null",
        stdout: "null",
      }).output();
      if (r.code === 0) return py;
    } catch { /* not installed */ }
  }
  return undefined;
}

Deno.test("Figure: save creates folders, Jupyter bundle is the PNG, show() is a no-op in a terminal", async () => {
  const fig = new Figure(30, 20, "#808080");
  const dir = await Deno.makeTempDir();
  const path = await fig.save(`${dir}/a/b/fig.png`);
  const d = await decode(await Deno.readFile(path));
  assert.equal(d.width, 30);
  assert.equal(grayAt(d, 15, 10), 128);
  const bundle = fig[JUPYTER_DISPLAY]();
  assert.deepEqual(
    Uint8Array.from(atob(bundle["image/png"]), (c) => c.charCodeAt(0)),
    fig.toPng(),
  );
  assert.equal(await show(fig), undefined);
  const saved = await show(fig, { path: `${dir}/shown.png` });
  assert.equal(saved, `${dir}/shown.png`);
  assert.ok((await Deno.stat(saved!)).size > 0);
  assert.throws(() => new Figure(0, 10), /positive integers/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("table: a `|` in a header or value stays in its cell, and marked renders every row whole", () => {
  const t = table(["N", "|diferencia| / error est.", "a\\b"], [
    [100, 0.12345, "x|y"],
    [1_000_000, 2.5e-5, "línea\notra"],
  ]);
  const md = t.toMarkdown();
  assert.equal(tableCount(md), 1);
  assert.deepEqual(tableProblems(md), []);
  // What a front end shows: marked's HTML, cell by cell.
  const html = marked.parse(md, { gfm: true, async: false });
  const cells = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, "g"))].map((
      m,
    ) => m[1]);
  assert.deepEqual(cells("th"), ["N", "|diferencia| / error est.", "a\\b"]);
  assert.deepEqual(cells("td"), [
    "100",
    "0.1235",
    "x|y",
    "1000000",
    "2.5e-5",
    "línea otra",
  ]);
  // The unescaped header the notebooks used to write is what the check catches.
  assert.equal(
    tableProblems("| N | |diferencia| / error est. |\n|---:|---:|\n| 1 | 2 |")
      .length,
    1,
  );
  const bundle = t[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/markdown"], md);
  assert.match(bundle["text/plain"], /^ +N {2}\|diferencia\| \/ error est\./);
  assert.throws(() => table(["a", "b"], [[1]]), /row 1 has 1 values/);
});

Deno.test("table: text columns left-aligned, number and mixed columns right-aligned, in Markdown and plain text", () => {
  const t = table(["modelo", "KL", "nota"], [
    ["entropía cruzada", 3.574, "a"],
    ["error cuadrático", 0.0374, 2],
  ]);
  assert.deepEqual(t.textColumns(), [true, false, false]);
  const html = marked.parse(t.toMarkdown(), { gfm: true, async: false });
  // marked writes GFM alignment as align="…" (Notebook 6's bundled marked as
  // style="text-align:…", checked in Chromium): one per cell, row by row.
  const aligns = [...html.matchAll(/<t[hd] align="(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(aligns, Array(3).fill(["left", "right", "right"]).flat());
  assert.equal(
    t.toText(),
    [
      "modelo                KL  nota",
      "entropía cruzada  3.5740     a",
      "error cuadrático  0.0374     2",
    ].join("\n"),
  );
  // No rows: nothing is known to be text, so every column aligns right.
  assert.deepEqual(table(["a"], []).textColumns(), [false]);
});

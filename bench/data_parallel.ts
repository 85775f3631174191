/**
 * Data-parallel training across threads: the threaded tfjs WASM build cannot
 * start in Deno (it spawns classic workers from blob URLs), so instead each
 * extra core runs a Deno module worker with its own single-threaded WASM
 * backend and model replica. Every step, the batch is split into equal
 * slices; the workers receive the current weights and return their slice's
 * gradients, the main thread computes its own slice meanwhile, averages the
 * gradients (the mean of equal-size slice means is the batch mean) and takes
 * the Adam step. Same model, same optimizer, same loss as single-threaded.
 *
 * @module
 */
import * as tf from "tf";
import type { BenchModel, BenchVae } from "./models.ts";
import type { EpochResult } from "./train_loop.ts";
import { vaeLoss } from "./train_loop.ts";
import type { WorkerReply, WorkerRequest } from "./dp_worker.ts";

class Replica {
  readonly worker: Worker;
  private pending: ((r: WorkerReply) => void) | null = null;
  constructor() {
    this.worker = new Worker(new URL("./dp_worker.ts", import.meta.url), {
      type: "module",
    });
    this.worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const resolve = this.pending;
      this.pending = null;
      resolve?.(e.data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      const resolve = this.pending;
      this.pending = null;
      resolve?.({ type: "error", message: e.message });
    };
  }
  request(msg: WorkerRequest, transfer: Transferable[] = []) {
    return new Promise<WorkerReply>((resolve) => {
      this.pending = resolve;
      this.worker.postMessage(msg, transfer);
    }).then((r) => {
      if (r.type === "error") {
        throw new Error(`data-parallel worker: ${r.message}`);
      }
      return r;
    });
  }
}

/**
 * Trains like `train` in `train_loop.ts`, with `threads` threads (the main
 * thread plus `threads − 1` workers). `images` is the flat data
 * ([N·784] floats in [0, 1]).
 */
export async function trainDataParallel(
  vae: BenchVae,
  model: BenchModel,
  data: Float32Array,
  count: number,
  opts: {
    threads: number;
    epochs: number;
    batch: number;
    backend: "wasm" | "cpu";
    learningRate?: number;
    seed?: number;
    onEpoch?: (r: EpochResult) => void | Promise<void>;
  },
): Promise<EpochResult[]> {
  const { threads, batch } = opts;
  if (batch % threads !== 0) {
    throw new Error(
      `--batch ${batch} must be a multiple of --threads ${threads}`,
    );
  }
  const slice = batch / threads;
  const replicas = Array.from({ length: threads - 1 }, () => new Replica());
  try {
    await Promise.all(replicas.map((r) =>
      r.request({
        type: "init",
        model,
        backend: opts.backend,
        images: data,
        count,
      })
    ));
    const images = tf.tensor(data, [count, ...vae.inputShape]);
    const optimizer = tf.train.adam(
      opts.learningRate ?? 1e-3,
      0.9,
      0.999,
      1e-8,
    );
    const vars = [
      ...vae.encoder.trainableWeights,
      ...vae.decoder.trainableWeights,
    ].map((w) => w.read() as tf.Variable);
    const steps = Math.floor(count / batch);
    const results: EpochResult[] = [];
    let seed = (opts.seed ?? 0) * 1000003;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const t0 = performance.now();
      let total = 0;
      for (let s = 0; s < steps; s++) {
        const weights = vars.map((v) => v.dataSync() as Float32Array);
        const replies = replicas.map((r, i) =>
          r.request(
            {
              type: "step",
              weights: i === replicas.length - 1
                ? weights
                : weights.map((w) => w.slice()),
              start: s * batch + (i + 1) * slice,
              size: slice,
              seed: ++seed,
            },
            i === replicas.length - 1
              ? weights.map((w) => w.buffer as ArrayBuffer)
              : [],
          )
        );
        const x = tf.slice(images, s * batch, slice);
        const mySeed = ++seed;
        const { value, grads } = tf.variableGrads(
          () => vaeLoss(vae, x, mySeed),
          vars,
        );
        const others = await Promise.all(replies);
        total += value.dataSync()[0];
        const averaged = tf.tidy(() => {
          const out: tf.NamedTensorMap = {};
          vars.forEach((v, i) => {
            let g = grads[v.name];
            for (const o of others) {
              if (o.type !== "grads") continue;
              g = tf.add(g, tf.tensor(o.grads[i], v.shape));
            }
            out[v.name] = tf.div(g, threads);
          });
          return out;
        });
        for (const o of others) if (o.type === "grads") total += o.loss;
        optimizer.applyGradients(
          vars.map((v) => ({ name: v.name, tensor: averaged[v.name] })),
        );
        tf.dispose([
          x,
          value,
          ...Object.values(grads),
          ...Object.values(averaged),
        ]);
      }
      const seconds = (performance.now() - t0) / 1000;
      const r = {
        epoch,
        loss: total / (steps * threads),
        seconds,
        imagesPerSecond: steps * batch / seconds,
      };
      results.push(r);
      await opts.onEpoch?.(r);
    }
    optimizer.dispose();
    images.dispose();
    return results;
  } finally {
    for (const r of replicas) r.worker.terminate();
  }
}

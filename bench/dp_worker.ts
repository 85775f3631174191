/**
 * Worker side of the data-parallel trainer (see `data_parallel.ts`): holds a
 * replica of the model and the training images, and for each step receives
 * the current weights and a batch slice, and returns the loss and the
 * gradients of that slice.
 *
 * @module
 */
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import { type BenchModel, buildBenchVae } from "./models.ts";
import { vaeLoss } from "./train_loop.ts";

/** Messages the worker understands. */
export type WorkerRequest =
  | {
    type: "init";
    model: BenchModel;
    backend: "wasm" | "cpu";
    images: Float32Array;
    count: number;
  }
  | {
    type: "step";
    weights: Float32Array[];
    start: number;
    size: number;
    seed: number;
  }
  | { type: "close" };

/** Replies: `ready` after init, `grads` after a step, `error` on failure. */
export type WorkerReply =
  | { type: "ready" }
  | { type: "grads"; loss: number; grads: Float32Array[] }
  | { type: "error"; message: string };

const self = globalThis as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(msg: WorkerReply, transfer?: Transferable[]): void;
  close(): void;
};

let images: tf.Tensor | null = null;
let vars: tf.Variable[] = [];
let vae: ReturnType<typeof buildBenchVae> | null = null;

async function handle(msg: WorkerRequest): Promise<void> {
  if (msg.type === "init") {
    await useBackend(msg.backend);
    vae = buildBenchVae(msg.model, 0);
    images = tf.tensor(msg.images, [msg.count, ...vae.inputShape]);
    vars = [...vae.encoder.trainableWeights, ...vae.decoder.trainableWeights]
      .map((w) => w.read() as tf.Variable);
    self.postMessage({ type: "ready" });
  } else if (msg.type === "step") {
    if (!vae || !images) throw new Error("dp_worker: step before init");
    vars.forEach((v, i) => {
      const t = tf.tensor(msg.weights[i], v.shape);
      v.assign(t);
      t.dispose();
    });
    const x = tf.slice(images, msg.start, msg.size);
    const model = vae;
    const { value, grads } = tf.variableGrads(
      () => vaeLoss(model, x, msg.seed),
      vars,
    );
    const out = vars.map((v) => grads[v.name].dataSync() as Float32Array);
    const loss = value.dataSync()[0];
    tf.dispose([x, value, ...Object.values(grads)]);
    self.postMessage(
      { type: "grads", loss, grads: out },
      out.map((g) => g.buffer as ArrayBuffer),
    );
  } else {
    self.close();
  }
}

self.onmessage = (e) => {
  handle(e.data).catch((err) =>
    self.postMessage({ type: "error", message: String(err?.stack ?? err) })
  );
};

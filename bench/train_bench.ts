/**
 * `deno task bench`: training speed of vaelab against PyTorch, in one run.
 *
 * For each model (conv: the TF CVAE on 2,048 digits, batch 64; dense:
 * 784-400-20 on 8,192 digits, batch 128; 2 epochs, the last one timed) it
 * alternates, `--runs` times: vaelab as students get it (`VAE.fit`, threads
 * `auto`), the peer with 1 thread, vaelab with 1 thread, the peer with 2
 * threads, vaelab with 2 threads; each in its own process. It prints the
 * machine (CPU model, cores, load before and after), the peer's
 * configurations and BLAS, images per second (median over runs), the ratio
 * to the peer's faster configuration, the 2-thread scaling, the fraction of
 * the measured matmul peak, and the loss parity between thread counts (the
 * same steps must give the same loss within 1 %). The last line is all of it
 * as JSON.
 *
 *   deno task bench                       # both models, one round
 *   deno task bench --models conv --runs 3
 *   deno task bench --no-peer             # vaelab only
 *   deno task bench --webgpu              # also vaelab on the webgpu backend (adapter named)
 *
 * @module
 */
import {
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import { type BenchModel, benchModels } from "./models.ts";
import { machineInfo, peerBlas } from "./machine.ts";
import { type Config, median, runOurs, runPeer } from "./processes.ts";

const DEFAULT_PEER = new URL(
  "../../shared/anchors/torch_vae_bench.py",
  import.meta.url,
).pathname;

/** The workloads: images and batch per model. */
const WORK: Record<BenchModel, { images: number; batch: number }> = {
  conv: { images: 2048, batch: 64 },
  dense: { images: 8192, batch: 128 },
};

/** The configurations of one round, in the order they run. */
const ROUND: Config[] = [
  { who: "vaelab", threads: "auto" },
  { who: "pytorch", threads: 1 },
  { who: "vaelab", threads: 1 },
  { who: "pytorch", threads: 2 },
  { who: "vaelab", threads: 2 },
];

const label = (c: Config) => `${c.who} ${c.backend ?? c.threads}`;

/** `--webgpu`: vaelab on the webgpu backend, after the round's other runs. */
const WEBGPU: Config = { who: "vaelab", threads: 1, backend: "webgpu" };
const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(2)} %`;

async function benchModel(
  model: BenchModel,
  opts: {
    epochs: number;
    runs: number;
    peer: string | null;
    images?: number;
    webgpu?: boolean;
  },
) {
  const work = { ...WORK[model], epochs: opts.epochs };
  if (opts.images) work.images = opts.images;
  const rates = new Map<string, number[]>();
  const last = new Map<string, Record<string, unknown>>();
  for (let r = 0; r < opts.runs; r++) {
    for (const config of opts.webgpu ? [...ROUND, WEBGPU] : ROUND) {
      if (config.who === "pytorch" && !opts.peer) continue;
      const key = label(config);
      let result;
      try {
        result = config.who === "vaelab"
          ? await runOurs(model, work, config.threads, config.backend)
          : await runPeer(opts.peer!, model, work, config.threads as number);
      } catch (error) {
        console.error(`  ${model} ${key}: ${(error as Error).message}`);
        continue;
      }
      rates.set(key, [...rates.get(key) ?? [], result.images_per_second]);
      last.set(key, result);
      console.error(
        `  ${model} ${key.padEnd(14)} ${
          result.images_per_second.toFixed(1).padStart(9)
        } images/s  loss ${Number(result.loss).toFixed(3)}` +
          (config.threads === "auto"
            ? `  (auto: ${result.threads} thread(s), ${result.threads_reason})`
            : "") +
          (config.backend ? `  (${result.adapter})` : ""),
      );
    }
  }
  const rate = (key: string) => median(rates.get(key) ?? []);
  const ours = rate("vaelab auto");
  const peer1 = rate("pytorch 1"), peer2 = rate("pytorch 2");
  const peerBest = Math.max(peer1 || 0, peer2 || 0) || null;
  const loss = (key: string) => Number(last.get(key)?.loss);
  const one = last.get("vaelab 1") ?? {};
  const summary = {
    model,
    ...work,
    vaelab_threads_auto: last.get("vaelab auto")?.threads,
    vaelab_threads_reason: last.get("vaelab auto")?.threads_reason,
    images_per_second: {
      vaelab_auto: ours,
      vaelab_1: rate("vaelab 1"),
      vaelab_2: rate("vaelab 2"),
      pytorch_1: peer1 || null,
      pytorch_2: peer2 || null,
    },
    peer_best_threads: peerBest === null ? null : (peer1 >= peer2 ? 1 : 2),
    ratio_to_peer_best: peerBest ? ours / peerBest : null,
    scaling_2_over_1: rate("vaelab 2") / rate("vaelab 1"),
    fraction_of_matmul_peak_1_thread: one.fraction_of_matmul_peak,
    matmul_gflops_1_thread: one.matmul_gflops,
    train_gflops_1_thread: one.train_gflops,
    loss: {
      vaelab_auto: loss("vaelab auto"),
      vaelab_1: loss("vaelab 1"),
      vaelab_2: loss("vaelab 2"),
    },
    loss_parity_2_vs_1: Math.abs(loss("vaelab 2") / loss("vaelab 1") - 1),
    peak_rss_mib: last.get("vaelab auto")?.peak_rss_mib,
    webgpu: opts.webgpu
      ? webgpuSummary(rate, loss, last.get("vaelab webgpu"))
      : null,
  };
  return summary;
}

/** The webgpu run against vaelab's wasm runs (`--webgpu`). */
function webgpuSummary(
  rate: (key: string) => number,
  loss: (key: string) => number,
  run: Record<string, unknown> | undefined,
) {
  const ips = rate("vaelab webgpu");
  return {
    adapter: run?.adapter ?? null,
    images_per_second: ips || null,
    ratio_to_vaelab_auto: ips ? ips / rate("vaelab auto") : null,
    loss: loss("vaelab webgpu"),
    loss_parity_vs_1_thread: Math.abs(
      loss("vaelab webgpu") / loss("vaelab 1") - 1,
    ),
    matmul_gflops: run?.matmul_gflops ?? null,
    fraction_of_matmul_peak: run?.fraction_of_matmul_peak ?? null,
    peak_rss_mib: run?.peak_rss_mib ?? null,
  };
}

function printTable(summaries: Awaited<ReturnType<typeof benchModel>>[]) {
  console.log(
    "| model (data, batch) | vaelab (auto: threads) | vaelab 1 thread | vaelab 2 threads | PyTorch 1 thread | PyTorch 2 threads | vaelab / PyTorch best | 2 / 1 threads | loss 2 vs 1 thread |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of summaries) {
    const r = s.images_per_second;
    const f = (v: number | null) => v === null ? "–" : v.toFixed(0);
    console.log(
      `| ${s.model} (${s.images} images, ${s.batch}) | ${
        f(r.vaelab_auto)
      } (${s.vaelab_threads_auto}) | ${f(r.vaelab_1)} | ${f(r.vaelab_2)} | ${
        f(r.pytorch_1)
      } | ${f(r.pytorch_2)} | ${
        s.ratio_to_peer_best === null ? "–" : s.ratio_to_peer_best.toFixed(2)
      } | ${s.scaling_2_over_1.toFixed(2)} | ${
        pct(s.loss.vaelab_2, s.loss.vaelab_1)
      } |`,
    );
  }
  for (const s of summaries.filter((s) => s.webgpu)) {
    const w = s.webgpu!;
    console.log(
      `webgpu, ${s.model}: ${
        w.images_per_second?.toFixed(1)
      } images/s on ${w.adapter} = ${
        w.ratio_to_vaelab_auto?.toFixed(3)
      }x vaelab auto (wasm); loss vs wasm 1 thread ${
        (w.loss_parity_vs_1_thread * 100).toFixed(2)
      } %; matmul ${w.matmul_gflops} GFLOP/s`,
    );
  }
}

async function main(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    models: { type: "string", default: benchModels.join(",") },
    epochs: { type: "string", default: "2" },
    runs: { type: "string", default: "1" },
    images: { type: "string" },
    peer: { type: "string", default: DEFAULT_PEER },
    "no-peer": { type: "boolean", default: false },
    webgpu: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(
      "uso: deno task bench [--models conv,dense] [--epochs E] [--runs R] [--images N] [--peer torch_vae_bench.py] [--no-peer] [--webgpu]",
    );
    return;
  }
  const models = values.models.split(",").map((m) => {
    if (!(benchModels as readonly string[]).includes(m)) {
      throw new UsageError(
        `--models debe ser una lista de ${
          benchModels.join(", ")
        }; se recibió "${m}"`,
      );
    }
    return m as BenchModel;
  });
  const epochs = integerFlag("epochs", values.epochs);
  const runs = integerFlag("runs", values.runs);
  const images = values.images === undefined
    ? undefined
    : integerFlag("images", values.images, 2);
  let peer: string | null = values["no-peer"] ? null : values.peer;
  if (peer) {
    try {
      Deno.statSync(peer);
    } catch {
      console.error(`sin par: no existe ${peer} (use --peer o --no-peer)`);
      peer = null;
    }
  }
  const machine = {
    ...machineInfo(),
    peer: peer ? await peerBlas(peer) : null,
  };
  console.error(JSON.stringify(machine));
  const summaries = [];
  for (const model of models) {
    summaries.push(
      await benchModel(model, {
        epochs,
        runs,
        peer,
        images,
        webgpu: values.webgpu,
      }),
    );
  }
  const after = Deno.loadavg();
  printTable(summaries);
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB; load ${
      machine.load.map((l) => l.toFixed(2)).join(" ")
    } before, ${after.map((l) => l.toFixed(2)).join(" ")} after`,
  );
  console.log(JSON.stringify({ machine, load_after: after, summaries }));
}

if (import.meta.main) await runMain("bench", main);

/**
 * Where a training step's time goes, per kernel (tf.profile), for the step
 * students run (`VAE` + `FusedAdam`, as in `VAE.fit`):
 * `deno run -A bench/profile_step.ts --model conv --batch 64 [--threads 1]`.
 * Prints the step time, each kernel's total and share, and the convolutions
 * with their shapes and GFLOP/s.
 *
 * @module
 */
import * as tf from "tf";
import { useBackend, wasmThreadCount } from "../lib/backend/mod.ts";
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
} from "../lib/cli/mod.ts";
import { VAE } from "../lib/vae/mod.ts";
import { FusedAdam } from "../lib/vae/adam.ts";

async function main(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    model: { type: "string", default: "conv" },
    batch: { type: "string", default: "64" },
    threads: { type: "string", default: "1" },
  });
  const model = choiceFlag("model", values.model, ["conv", "dense"]);
  const batch = integerFlag("batch", values.batch);
  await useBackend("wasm", {
    threads: values.threads === "auto"
      ? "auto"
      : integerFlag("threads", values.threads),
  });
  const vae = model === "conv"
    ? VAE.conv({ seed: 0 })
    : VAE.dense({ seed: 0, hiddenSizes: [400], latentDim: 20 });
  const x = tf.tidy(() =>
    tf.randomUniform([batch, ...vae.inputShape], 0, 1, "float32", 1).round()
  );
  const opt = new FusedAdam(1e-3);
  const vars = vae.trainableWeights();
  const step = () =>
    tf.tidy(() => {
      opt.minimize(() => vae.lossTerms(x, 1).loss, false, vars);
    });
  for (let i = 0; i < 10; i++) step();
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) step();
  const ms = (performance.now() - t0) / 10;
  const prof = await tf.profile(() => {
    step();
  });
  const byName = new Map<string, { ms: number; n: number }>();
  for (const k of prof.kernels) {
    const e = byName.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += k.kernelTimeMs as number;
    e.n++;
    byName.set(k.name, e);
  }
  const total = prof.kernels.reduce(
    (a, k) => a + (k.kernelTimeMs as number),
    0,
  );
  console.log(
    `${model}, batch ${batch}, ${wasmThreadCount()} thread(s): step ${
      ms.toFixed(1)
    } ms (${
      (batch / ms * 1000).toFixed(0)
    } img/s); ${prof.kernels.length} kernels, ${total.toFixed(1)} ms profiled`,
  );
  for (
    const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(
      0,
      16,
    )
  ) {
    console.log(
      `${name.padEnd(24)} ${e.ms.toFixed(2).padStart(8)} ms ${
        (100 * e.ms / total).toFixed(1).padStart(5)
      } %  x${e.n}`,
    );
  }
  for (const k of prof.kernels.filter((k) => k.name.startsWith("Conv2D"))) {
    console.log(
      k.name.padEnd(22),
      JSON.stringify(k.inputShapes).padEnd(34),
      (k.kernelTimeMs as number).toFixed(2),
      "ms",
    );
  }
}

if (import.meta.main) await runMain("profile_step", main);

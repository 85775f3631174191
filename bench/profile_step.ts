/**
 * Per-kernel time of one training step (tf.profile), to see where a step's
 * time goes: `deno run -A bench/profile_step.ts --model conv --batch 64`.
 *
 * @module
 */
import * as tf from "tf";
import { backendNames, useBackend } from "../lib/backend/mod.ts";
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
} from "../lib/cli/mod.ts";
import { convVae, denseVae } from "./models.ts";
import { vaeLoss } from "./train_loop.ts";

async function main(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    model: { type: "string", default: "conv" },
    batch: { type: "string", default: "64" },
    backend: { type: "string", default: "wasm" },
  });
  const model = choiceFlag("model", values.model, ["conv", "dense"]);
  const batch = integerFlag("batch", values.batch);
  await useBackend(choiceFlag("backend", values.backend, backendNames));
  const vae = model === "conv" ? convVae() : denseVae();
  const x = tf.randomUniform([batch, ...vae.inputShape]);
  const opt = tf.train.adam(1e-3);
  const step = () => opt.minimize(() => vaeLoss(vae, x, 1), false);
  for (let i = 0; i < 3; i++) step();
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) step();
  const ms = (performance.now() - t0) / 5;
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
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  console.log(
    `step ${ms.toFixed(1)} ms (${
      (batch / ms * 1000).toFixed(0)
    } img/s), kernels ${prof.kernels.length}`,
  );
  for (const [name, e] of rows.slice(0, 25)) {
    console.log(
      `${name.padEnd(24)} ${e.ms.toFixed(2).padStart(8)} ms  x${e.n}`,
    );
  }
  const convs = prof.kernels.filter((k) => k.name.startsWith("Conv2D"));
  for (const k of convs) {
    console.log(
      k.name,
      JSON.stringify(k.inputShapes),
      (k.kernelTimeMs as number).toFixed(2),
    );
  }
}

if (import.meta.main) await runMain("profile_step", main);

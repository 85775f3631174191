/**
 * The notebooks' training work, without Jupyter: the same data, models,
 * epochs, batch size and learning rate as the full mode of
 * `solutions/lab1_elbo_dense_vae.ipynb` (dense 784-512-256-16, Gaussian
 * decoder, 50 epochs of 9,000 digits, batch 128) and
 * `solutions/lab2_conv_vae.ipynb` (conv VAE J = 2 on binarized digits,
 * cross-entropy then MSE from the same initial weights, 30 epochs each,
 * batch 32), with seeded weights so runs can be compared. Prints the training
 * time, the process's CPU time over it (on a shared machine a one-thread
 * run's CPU seconds are close to what it takes on idle cores) and the final
 * validation ELBO as JSON.
 *
 *   deno run -A bench/labs.ts --lab 1
 *   deno run -A bench/labs.ts --lab 2 --epochs 3   # a shorter run
 *
 * @module
 */
import process from "node:process";
import type * as tf from "tf";
import { useBackend, wasmThreadCount } from "../lib/backend/mod.ts";
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
} from "../lib/cli/mod.ts";
import { imagesToTensor, loadMnist } from "../lib/data/mod.ts";
import {
  buildConvDecoder,
  buildConvEncoder,
  buildDenseDecoder,
  buildDenseEncoder,
  type EpochRecord,
  VAE,
} from "../lib/vae/mod.ts";

async function timed(
  vae: VAE,
  x: tf.Tensor,
  xVal: tf.Tensor,
  epochs: number,
  batchSize: number,
) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const history: EpochRecord[] = await vae.fit(x, {
    epochs,
    batchSize,
    learningRate: 1e-3,
    seed: 0,
    validation: xVal,
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    valElbo: history.at(-1)!.valElbo!,
    imagesPerSecond: history.at(-1)!.imagesPerSecond,
  };
}

async function lab1(epochs: number) {
  const data = loadMnist({ validationFraction: 0.1, seed: 0 });
  const x = imagesToTensor(data.train, "flat");
  const xVal = imagesToTensor(data.validation, "flat");
  const vae = new VAE({
    encoder: buildDenseEncoder(784, [512, 256], 16, { seed: 0 }),
    decoder: buildDenseDecoder(16, [256, 512], 784, "gaussian", { seed: 1 }),
    likelihood: "gaussian",
  });
  return { dense_gaussian: await timed(vae, x, xVal, epochs, 128) };
}

async function lab2(epochs: number) {
  const data = loadMnist({
    validationFraction: 0.1,
    seed: 0,
    binarize: "threshold",
  });
  const x = imagesToTensor(data.train, "image");
  const xVal = imagesToTensor(data.validation, "image");
  const make = (likelihood: "bernoulli" | "mse") =>
    new VAE({
      encoder: buildConvEncoder(2, { seed: 0 }),
      decoder: buildConvDecoder(2, { seed: 1 }),
      likelihood,
    });
  return {
    conv_bernoulli: await timed(make("bernoulli"), x, xVal, epochs, 32),
    conv_mse: await timed(make("mse"), x, xVal, epochs, 32),
  };
}

async function main(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    lab: { type: "string", default: "1" },
    epochs: { type: "string" },
  });
  const lab = choiceFlag("lab", values.lab, ["1", "2"]);
  const epochs = values.epochs === undefined
    ? (lab === "1" ? 50 : 30)
    : integerFlag("epochs", values.epochs);
  await useBackend("wasm");
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const models = lab === "1" ? await lab1(epochs) : await lab2(epochs);
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    lab,
    epochs,
    threads: wasmThreadCount(),
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    models,
    load: Deno.loadavg(),
  }));
}

if (import.meta.main) await runMain("labs", main);

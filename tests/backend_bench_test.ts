/**
 * The benchmark command (`deno task bench`): flag errors, JSON output, the
 * data-parallel path, and the FLOP count checked against the models' layers.
 */
import assert from "node:assert/strict";
import type * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import { buildBenchVae, flopsPerImage } from "../bench/models.ts";

const root = new URL("../", import.meta.url);

async function bench(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/run_one.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

for (
  const [args, pattern] of [
    [
      ["--bogus"],
      /opción desconocida --bogus; opciones válidas: --model, --images/,
    ],
    [
      ["--model", "mlp2"],
      /--model debe ser uno de conv, dense; se recibió "mlp2"/,
    ],
    [["--epochs", "-1"], /--epochs debe ser un entero ≥ 1, se recibió "-1"/],
    [["--batch", "0"], /--batch debe ser un entero ≥ 1, se recibió "0"/],
    [
      ["--backend", "webgl"],
      /--backend debe ser uno de wasm, cpu, webgpu, auto; se recibió "webgl"/,
    ],
    [
      ["--images", "20000"],
      /--images debe ser como mucho 10000 .*se recibió "20000"/,
    ],
    [
      ["--workers", "3", "--trainer", "bench"],
      /--batch 64 debe ser múltiplo de --workers 3/,
    ],
    [["--workers", "2"], /--workers mayor que 1 necesita --trainer bench/],
    [
      ["--threads", "2", "--backend", "cpu"],
      /--threads mayor que 1 necesita --backend wasm/,
    ],
  ] as [string[], RegExp][]
) {
  Deno.test(`bench ${args.join(" ")}: one-line error, exit 2`, async () => {
    const r = await bench(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.equal(r.stdout, "");
  });
}

for (
  const args of [
    ["--model", "dense", "--images", "256", "--batch", "64"],
    [
      "--model",
      "conv",
      "--images",
      "128",
      "--epochs",
      "1",
      "--trainer",
      "bench",
    ],
    [
      "--model",
      "dense",
      "--images",
      "256",
      "--batch",
      "64",
      "--trainer",
      "bench",
      "--threads",
      "2",
    ],
  ]
) {
  Deno.test(`bench ${args.join(" ")}: JSON per epoch and a summary`, async () => {
    const r = await bench([...args, "--no-probe"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const epochs = Number(args[args.indexOf("--epochs") + 1] || 2) || 2;
    assert.equal(lines.length, epochs + 1);
    for (const [i, l] of lines.slice(0, -1).entries()) {
      assert.equal(l.epoch, i);
      assert.ok(Number.isFinite(l.loss) && l.loss > 0);
      assert.ok(l.images_per_second > 0);
    }
    const summary = lines.at(-1);
    assert.equal(summary.images_per_second, lines.at(-2).images_per_second);
    assert.ok(summary.flops_per_image > 0 && summary.peak_rss_mib > 0);
  });
}

Deno.test("FLOPs per image match a count from the built layers' shapes", async () => {
  await useBackend("cpu");
  for (const model of ["conv", "dense"] as const) {
    const vae = buildBenchVae(model);
    let macs = 0;
    let first = -1;
    for (const layer of [...vae.encoder.layers, ...vae.decoder.layers]) {
      const w = layer.getWeights()[0];
      if (!w) continue;
      const out = layer.outputShape as number[];
      const inp = layer.inputSpec?.[0]?.shape ??
        (layer.input as tf.SymbolicTensor).shape;
      let m: number;
      if (layer.getClassName() === "Dense") m = w.size;
      else if (layer.getClassName() === "Conv2D") {
        m = out[1]! * out[2]! * w.size; // per output pixel: KH·KW·Cin·Cout
      } else {
        m = (inp[1] as number) * (inp[2] as number) * w.size; // transposed
      }
      if (first < 0) first = m;
      macs += m;
    }
    const f = flopsPerImage(model);
    assert.equal(f.forwardMacs, macs, model);
    assert.equal(f.trainFlops, 2 * (3 * macs - first), model);
  }
});

Deno.test("deno task bench: every configuration in one run, the peer's faster one as yardstick, loss parity", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "bench/train_bench.ts",
      "--models",
      "dense",
      "--images",
      "256",
      "--epochs",
      "1",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const { machine, summaries: [s] } = JSON.parse(
    stdout.trim().split("\n").at(-1)!,
  );
  assert.ok(machine.cpu.length > 0 && machine.cores >= 1, machine);
  assert.match(stdout, /\| dense \(256 images, 128\) \|/);
  const r = s.images_per_second;
  for (const k of ["vaelab_auto", "vaelab_1", "vaelab_2"]) {
    assert.ok(r[k] > 0, `${k}: ${r[k]}`);
  }
  // Same data, seed and steps: the thread count must not change the loss.
  assert.ok(s.loss_parity_2_vs_1 < 0.01, JSON.stringify(s.loss));
  assertAlmost(s.scaling_2_over_1, r.vaelab_2 / r.vaelab_1);
  if (machine.peer?.torch) {
    const best = Math.max(r.pytorch_1, r.pytorch_2);
    assert.equal(s.peer_best_threads, r.pytorch_1 >= r.pytorch_2 ? 1 : 2);
    assertAlmost(s.ratio_to_peer_best, r.vaelab_auto / best);
  } else {
    console.warn("(PyTorch not installed: the peer part was skipped)");
  }
});

function assertAlmost(actual: number, expected: number) {
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.abs(expected),
    `${actual} vs ${expected}`,
  );
}

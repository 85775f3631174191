/**
 * The commands on WebGPU: `deno task train --backend webgpu` trains and
 * draws on the adapter and names it, the default `auto` says in one line
 * what it chose, `--backend webgpu` without an adapter ends with one Spanish
 * line, and the benchmark reports WebGPU figures with the adapter's
 * description and the same loss as wasm.
 */
import assert from "node:assert/strict";
import { adapter, gpuTest } from "./webgpu_support.ts";

const root = new URL("../", import.meta.url);

async function run(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}

Deno.test({
  name: "deno task train --backend webgpu trains, draws and names the adapter",
  ...gpuTest,
  fn: async () => {
    const out = await Deno.makeTempDir();
    const r = await run([
      "cli/train.ts",
      "--backend",
      "webgpu",
      "--model",
      "dense",
      "--images",
      "300",
      "--epochs",
      "2",
      "--out",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.stderr.includes(`backend webgpu (${adapter.summary})`),
      r.stderr,
    );
    const saved = JSON.parse(await Deno.readTextFile(`${out}/history.json`));
    assert.equal(saved.backend, "webgpu");
    assert.equal(saved.history.length, 2);
    assert.ok(saved.history[1].loss < saved.history[0].loss);
    assert.ok(Number.isFinite(saved.history[1].valElbo));
    for (const f of ["samples", "reconstructions", "losses", "latent"]) {
      const png = await Deno.readFile(`${out}/${f}.png`);
      assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], f);
    }
    await Deno.remove(out, { recursive: true });
  },
});

Deno.test({
  name:
    "deno task train's default (auto) says in one line what it chose and why",
  ...gpuTest,
  fn: async () => {
    const out = await Deno.makeTempDir();
    const r = await run([
      "cli/train.ts",
      "--model",
      "dense",
      "--images",
      "200",
      "--epochs",
      "1",
      "--out",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.split("\n").filter((l) => /^backend \w+: /.test(l));
    assert.equal(lines.length, 1, r.stderr);
    const chosen = lines[0].match(/^backend (\w+):/)![1];
    if (adapter.software) {
      assert.equal(chosen, "wasm");
      assert.match(lines[0], /por software/);
    }
    assert.match(r.stderr, new RegExp(`validación 20, backend ${chosen}`));
    assert.doesNotMatch(r.stderr, /XDG_RUNTIME_DIR/);
    await Deno.remove(out, { recursive: true });
  },
});

Deno.test("deno task train --backend webgpu without any adapter: one Spanish line, exit 1", async () => {
  const r = await run(
    ["cli/train.ts", "--backend", "webgpu", "--images", "100", "--epochs", "1"],
    { DENO_WEBGPU_BACKEND: Deno.build.os === "darwin" ? "vulkan" : "metal" },
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr.trim(),
    /^train: no se puede usar el backend webgpu: no hay ningún adaptador WebGPU .*Use --backend wasm/,
  );
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
});

Deno.test({
  name:
    "the benchmark reports webgpu with the adapter's description and wasm's loss",
  ...gpuTest,
  fn: async () => {
    const r = await run([
      "bench/train_bench.ts",
      "--models",
      "dense",
      "--images",
      "128",
      "--epochs",
      "1",
      "--no-peer",
      "--webgpu",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { summaries: [s] } = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    assert.equal(s.webgpu.adapter, adapter.summary);
    assert.ok(s.webgpu.images_per_second > 0, JSON.stringify(s.webgpu));
    assert.ok(
      s.webgpu.loss_parity_vs_1_thread < 0.01,
      JSON.stringify(s.webgpu),
    );
    assert.ok(s.webgpu.matmul_gflops > 0, JSON.stringify(s.webgpu));
    assert.ok(
      r.stdout.includes(`webgpu, dense: `) &&
        r.stdout.includes(`images/s on ${adapter.summary} = `),
      r.stdout,
    );
  },
});

/**
 * The adapter running out of memory, for real: a fresh process under a
 * kernel memory cap (RLIMIT_DATA, `prlimit`) fills Mesa's Vulkan software
 * adapter (lavapipe, whose "GPU memory" is the process's) with 100 MiB
 * tensors until the driver reports out-of-memory; the next read must stop
 * with the Spanish WebGpuOutOfMemoryError, and nothing after it may run on
 * invalid buffers. Also: a tensor larger than the adapter's binding limit is
 * a Spanish WebGpuValidationError, not zeros. Vulkan only — Mesa's OpenGL
 * path (llvmpipe through EGL) over-commits and never reports out of memory.
 */
import assert from "node:assert/strict";
import { gpuTest, runScript } from "./webgpu_support.ts";

const FILL_UNTIL_ERROR = `
  import * as tf from "tf";
  import { findAdapter, useBackend } from "./lib/backend/mod.ts";
  if ((await findAdapter()).report.status !== "ok") {
    console.log("NO-VULKAN-ADAPTER");
    Deno.exit(0);
  }
  await useBackend("webgpu");
  const kept = [];
  let filled = 0;
  try {
    for (let i = 0; i < 80; i++) {
      kept.push(tf.fill([25 << 20], 1)); // 100 MiB
      const s = tf.sum(kept.at(-1));
      if ((await s.data())[0] !== 25 << 20) throw new Error("wrong sum " + i);
      s.dispose();
      filled++;
    }
    console.log("NO ERROR after", filled);
  } catch (e) {
    console.log("filled", filled);
    console.log(e.name + ": " + e.message);
    // Sticky: later work is refused too, not computed on invalid buffers.
    try { tf.add(kept[0], 1).dataSync(); console.log("LATER OP RAN"); }
    catch (e2) { console.log("later: " + e2.name); }
  }
`;

Deno.test({
  name:
    "webgpu out of memory (lavapipe under a 3 GiB cap): a Spanish error that says what to do",
  ...gpuTest,
  fn: async () => {
    const r = await runScript(FILL_UNTIL_ERROR, {
      env: { DENO_WEBGPU_BACKEND: "vulkan" }, // wgpu held to Vulkan
      prefix: ["prlimit", `--data=${3 * 1024 ** 3}`],
    });
    if (r.stdout.includes("NO-VULKAN-ADAPTER")) {
      console.warn(
        "(sin adaptador Vulkan: apt-get install mesa-vulkan-drivers; omitida)",
      );
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const filled = Number(r.stdout.match(/filled (\d+)/)?.[1]);
    assert.ok(filled >= 5 && filled < 30, r.stdout); // ~2 GiB fit under the cap
    assert.match(
      r.stdout,
      /WebGpuOutOfMemoryError: la GPU \(llvmpipe.*\) se quedó sin memoria \(.+\)\. Reduzca el tamaño del lote \(--batch \/ batchSize\).*--backend wasm/,
    );
    assert.match(r.stdout, /later: WebGpuOutOfMemoryError/);
    assert.doesNotMatch(r.stdout, /LATER OP RAN|NO ERROR/);
  },
});

Deno.test({
  name:
    "webgpu: a tensor beyond the adapter's binding limit is a Spanish WebGpuValidationError",
  ...gpuTest,
  fn: async () => {
    const r = await runScript(`
      import * as tf from "tf";
      import { useBackend, webGpuStatus } from "./lib/backend/mod.ts";
      await useBackend("webgpu");
      const limit = (tf.backend() as unknown as { device: GPUDevice }).device
        .limits.maxStorageBufferBindingSize;
      const n = Math.ceil(limit / 4) + 1024; // just over the limit
      try {
        const s = tf.sum(tf.fill([n], 1));
        console.log("sum", (await s.data())[0]);
      } catch (e) {
        console.log(e.name + ": " + e.message);
      }
      console.log("failure", webGpuStatus()?.failure?.name);
    `);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /WebGpuValidationError: la GPU \(.+\) rechazó una operación \(.+\)\. Suele ser un tensor mayor que el máximo del adaptador/,
    );
    assert.doesNotMatch(r.stdout, /^sum /m);
  },
});

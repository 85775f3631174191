/**
 * The multi-threaded WASM backend (useBackend("wasm", {threads})), each case
 * in a fresh Deno process since the thread count is fixed at the backend's
 * first start.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);

async function run(code: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000), // a process kept alive by threads fails
  }).output();
  return {
    code: out.code,
    text: new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr),
  };
}

Deno.test("threads: 2 starts a 2-thread pool whose results match cpu, and the process exits", async () => {
  const r = await run(`
    import * as tf from "tf";
    import { useBackend, wasmThreadCount } from "./lib/backend/mod.ts";
    import { assertAllClose } from "./lib/testing/allclose.ts";
    await useBackend("wasm", { threads: 2 });
    console.log("threads", wasmThreadCount());
    const f = (x, w) => tf.sum(tf.mul(tf.conv2dTranspose(tf.relu(tf.conv2d(x, w, 2, "same")), w, x.shape, 2, "same"), x));
    const grads = async () => {
      const x = tf.randomUniform([4, 28, 28, 16], -1, 1, "float32", 1);
      const w = tf.randomUniform([3, 3, 16, 32], -1, 1, "float32", 2);
      const a = tf.randomUniform([256, 300], -1, 1, "float32", 3);
      const b = tf.randomUniform([300, 200], -1, 1, "float32", 4);
      const g = tf.grads(f)([x, w]);
      return [...g, tf.matMul(a, b)].map((t) => [t.shape, t.dataSync()]);
    };
    const threaded = await grads();
    await useBackend("cpu");
    const reference = await grads();
    threaded.forEach(([s, d], i) => assertAllClose(tf.tensor(d, s), tf.tensor(reference[i][1], reference[i][0]), { rtol: 1e-4, atol: 1e-3 }));
    await useBackend("wasm");
    await useBackend("wasm", { threads: 1 }).catch((e) => console.log(String(e)));
    console.log("done");
  `);
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /threads 2/);
  assert.match(
    r.text,
    /already runs with 2 thread\(s\); threads can only be chosen before its first start/,
  );
  assert.match(r.text, /done/);
});

Deno.test("VAELAB_THREADS sets the default; a bad value is named", async () => {
  const code = `
    import { useBackend, wasmThreadCount } from "./lib/backend/mod.ts";
    await useBackend();
    console.log("threads", wasmThreadCount());
  `;
  const ok = await run(code, { VAELAB_THREADS: "2" });
  assert.equal(ok.code, 0, ok.text);
  assert.match(ok.text, /threads 2/);
  const single = await run(code, { VAELAB_THREADS: "1" });
  assert.match(single.text, /threads 1/);
  const bad = await run(code, { VAELAB_THREADS: "two" });
  assert.notEqual(bad.code, 0);
  assert.match(
    bad.text,
    /VAELAB_THREADS must be a positive integer.*or 'auto', got 'two'/,
  );
});

Deno.test("threads default to auto: the choice follows the measured idle cores and is reported", async () => {
  const r = await run(`
    import { useBackend, wasmThreadChoice, wasmThreadCount } from "./lib/backend/mod.ts";
    await useBackend();
    console.log(JSON.stringify({ running: wasmThreadCount(), choice: wasmThreadChoice() }));
  `);
  assert.equal(r.code, 0, r.text);
  const { running, choice } = JSON.parse(r.text.trim().split("\n").at(-1)!);
  assert.equal(running, choice.threads);
  assert.equal(choice.cores, navigator.hardwareConcurrency);
  assert.ok(choice.idleCores >= 0 && choice.idleCores <= choice.cores + 1e-9);
  // Every core only when (nearly) all are idle; never more threads than cores.
  const expected = Math.max(
    1,
    Math.min(choice.cores, Math.floor(choice.idleCores + 0.4)),
  );
  assert.equal(choice.threads, expected, choice.reason);
  assert.match(choice.reason, /cores idle over 200 ms/);
});

Deno.test("threads auto without permission to start the threaded build (the grading sandbox) is 1", async () => {
  const dir = await Deno.makeTempDir();
  const script = `${dir}/sandboxed.ts`;
  await Deno.writeTextFile(
    script,
    `import { useBackend, wasmThreadChoice, wasmThreadCount } from "${
      new URL("lib/backend/mod.ts", root).href
    }";
     await useBackend();
     console.log(wasmThreadCount(), wasmThreadChoice()?.reason);`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--config",
      new URL("deno.json", root).pathname,
      "--allow-read",
      "--no-prompt",
      script,
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(dir, { recursive: true });
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.match(text, /^1 no permission to start the threaded build/m);
});

Deno.test("threads auto with another process busy on one core starts fewer threads than cores", async () => {
  const busy = new Deno.Command(Deno.execPath(), {
    args: ["eval", "const end = Date.now() + 20000; while (Date.now() < end);"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const r = await run(`
      import { useBackend, wasmThreadChoice } from "./lib/backend/mod.ts";
      await useBackend();
      console.log(JSON.stringify(wasmThreadChoice()));
    `);
    assert.equal(r.code, 0, r.text);
    const choice = JSON.parse(r.text.trim().split("\n").at(-1)!);
    assert.ok(choice.idleCores <= choice.cores - 0.6, choice.reason);
    assert.ok(choice.threads < choice.cores, choice.reason);
  } finally {
    busy.kill();
    await busy.status;
  }
});

import assert from "node:assert/strict";
import * as tf from "tf";
import { backendNames, useBackend } from "../lib/backend/mod.ts";

const root = new URL("../", import.meta.url);

/** Runs a script in a fresh Deno process (a fresh tfjs) and returns its output. */
async function runScript(code: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  return text;
}

Deno.test("useBackend silences the tfjs node-backend banner on cpu and wasm", async () => {
  const text = await runScript(`
    import * as tf from "tf";
    import { useBackend } from "./lib/backend/mod.ts";
    console.log(await useBackend("cpu"));
    tf.tensor([1, 2]).dataSync();
    console.log(await useBackend("wasm"));
    tf.tensor([1, 2]).dataSync();
  `);
  assert.match(text, /cpu\s+wasm/);
  assert.doesNotMatch(text, /node backend|tfjs-node/);
});

Deno.test("without useBackend, stock tfjs does print the banner (control)", async () => {
  const text = await runScript(`
    import * as tf from "tf";
    await tf.setBackend("cpu");
    tf.tensor([1, 2]).dataSync();
  `);
  assert.match(text, /install our node\s+backend/);
});

Deno.test("useBackend selects, is idempotent, and registers the wasm kernels", async () => {
  assert.deepEqual([...backendNames], ["wasm", "cpu", "webgpu", "auto"]);
  assert.equal(await useBackend(), "wasm");
  assert.equal(await useBackend("wasm"), "wasm");
  assert.ok(tf.getKernel("Conv2DBackpropFilter", "wasm"));
  assert.equal(await useBackend("cpu"), "cpu");
  assert.equal(await useBackend("wasm"), "wasm");
});

Deno.test("useBackend rejects an unknown name, naming the valid choices", async () => {
  await assert.rejects(
    () => useBackend("webgl" as "cpu"),
    /unknown backend 'webgl': valid choices are 'wasm', 'cpu'/,
  );
});

/**
 * `--backend auto` and the adapter it looks at: software adapters are told
 * from GPUs, auto picks wasm on a machine with no GPU and says why in one
 * line, its speed probe (forced onto the software adapter) measures WebGPU
 * slower and keeps wasm, a runtime without WebGPU or without any adapter
 * never crashes auto and gets a Spanish error from `webgpu`, VAELAB_BACKEND
 * is validated, and the grader can never end up on WebGPU.
 */
import assert from "node:assert/strict";
import {
  chooseBackend,
  describeAdapter,
  isSoftwareAdapter,
  useBackend,
  type WebGpuAdapterInfo,
} from "../lib/backend/mod.ts";
import { adapter, gpuTest, noAdapter, runScript } from "./webgpu_support.ts";

const info = (description: string, extra: Partial<WebGpuAdapterInfo> = {}) => ({
  vendor: "",
  architecture: "",
  device: "",
  description,
  ...extra,
});

Deno.test("software adapters are told from GPUs by isFallbackAdapter or their name", () => {
  const software = [
    info("llvmpipe (LLVM 15.0.6, 256 bits)"), // Mesa GL or Vulkan, no flag
    info("whatever", { isFallbackAdapter: true }),
    info("SwiftShader Device (Subzero)"),
    info("Microsoft Basic Render Driver"),
    info("softpipe"),
  ];
  const hardware = [
    info("NVIDIA GeForce RTX 3060", { vendor: "4318" }),
    info("AMD Radeon Graphics (RADV RENOIR)", { vendor: "4098" }),
    info("Intel(R) Iris(R) Xe Graphics (TGL GT2)", { vendor: "32902" }),
    info("Apple M1", { vendor: "apple", isFallbackAdapter: false }),
    info("", { vendor: "4318", architecture: "ampere" }),
  ];
  for (const i of software) {
    assert.equal(isSoftwareAdapter(i), true, i.description);
  }
  for (const i of hardware) {
    assert.equal(isSoftwareAdapter(i), false, i.description);
  }
  assert.equal(
    describeAdapter(
      info("llvmpipe (LLVM 15.0.6, 256 bits)", { vendor: "65541" }),
    ),
    "llvmpipe (LLVM 15.0.6, 256 bits) (Mesa, por software)",
  );
  assert.equal(
    describeAdapter(info("", { vendor: "4318", architecture: "ampere" })),
    "NVIDIA ampere",
  );
});

/** Linux with no GPU device node at all: any adapter must be software. */
function linuxWithoutGpuDevices(): boolean {
  if (Deno.build.os !== "linux") return false;
  const entries = (dir: string) => {
    try {
      return [...Deno.readDirSync(dir)].map((e) => e.name);
    } catch {
      return [];
    }
  };
  return !entries("/dev/dri").some((n) => n.startsWith("renderD")) &&
    !entries("/dev").some((n) => n.startsWith("nvidia"));
}

Deno.test({
  name:
    "the adapter of a machine without GPU devices is classified as software",
  ignore: noAdapter || !linuxWithoutGpuDevices(),
  fn: () => {
    assert.equal(adapter.software, true, adapter.summary);
    assert.match(adapter.summary, /por software/);
  },
});

Deno.test({
  name:
    "auto on a machine whose only adapter is software: wasm, and one line saying why",
  ignore: noAdapter || !adapter.software,
  fn: async () => {
    const r = await runScript(`
      import { backendChoice, useBackend } from "./lib/backend/mod.ts";
      const lines = [];
      console.log("active", await useBackend("auto", { report: (l) => lines.push(l) }));
      console.log(JSON.stringify(lines), backendChoice().probe);
    `);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^active wasm$/m);
    const lines = JSON.parse(r.stdout.split("\n")[1].replace(/ null$/, ""));
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^backend wasm: el único adaptador WebGPU es «.+por software\)», que no es una GPU y es más lento que WASM$/,
    );
  },
});

Deno.test({
  name:
    "auto's speed probe, run on the software adapter, measures it slower and keeps wasm",
  ...gpuTest,
  ignore: noAdapter || !adapter.software,
  fn: async () => {
    const choice = await chooseBackend(() => useBackend("wasm"), {
      probeSoftware: true,
      probe: { batch: 4, reps: 1 },
    });
    assert.equal(choice.backend, "wasm", choice.line);
    assert.ok(
      choice.probe!.webgpu > choice.probe!.wasm,
      JSON.stringify(choice),
    );
    assert.match(
      choice.line,
      /^backend wasm: la GPU «.+» no es más rápida que WASM \(un paso de prueba tarda [\d.]+ ms en webgpu y [\d.]+ ms en wasm\)$/,
    );
    console.log(`  ${choice.line}`);
    await useBackend("wasm");
  },
});

for (
  const [what, setup, env, summary] of [
    [
      "a runtime without WebGPU",
      `Object.defineProperty(navigator, "gpu", { value: undefined });`,
      {},
      /este entorno no ofrece WebGPU/,
    ],
    [
      "no adapter at all",
      "",
      { DENO_WEBGPU_BACKEND: Deno.build.os === "darwin" ? "vulkan" : "metal" },
      /no hay ningún adaptador WebGPU/,
    ],
  ] as const
) {
  Deno.test(`${what}: auto falls back to wasm, webgpu refuses in Spanish`, async () => {
    const r = await runScript(
      `
      ${setup}
      import { useBackend } from "./lib/backend/mod.ts";
      console.log("auto ->", await useBackend("auto"));
      try { await useBackend("webgpu"); console.log("webgpu started"); }
      catch (e) { console.log(e.name + ": " + e.message); }
    `,
      { env },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^backend wasm: .+$/m);
    assert.match(r.stdout, summary);
    assert.match(r.stdout, /^auto -> wasm$/m);
    assert.match(
      r.stdout,
      /WebGpuUnavailableError: no se puede usar el backend webgpu: .+\. Use --backend wasm/,
    );
    assert.doesNotMatch(r.stdout, /webgpu started/);
  });
}

Deno.test("VAELAB_BACKEND: unset means auto, a valid name is taken, others are refused in Spanish", async () => {
  const code = `
    import { backendFromEnv } from "./lib/backend/mod.ts";
    try { console.log(backendFromEnv()); } catch (e) { console.log(e.message); }
  `;
  const run = async (value?: string) =>
    (await runScript(code, {
      env: value === undefined ? {} : { VAELAB_BACKEND: value },
    }))
      .stdout.trim();
  const unset = Deno.env.get("VAELAB_BACKEND");
  if (unset === undefined) assert.equal(await run(), "auto");
  assert.equal(await run(""), "auto");
  assert.equal(await run("webgpu"), "webgpu");
  assert.equal(await run(" wasm "), "wasm");
  assert.equal(
    await run("webgl"),
    'VAELAB_BACKEND debe ser uno de wasm, cpu, webgpu, auto; se recibió "webgl"',
  );
});

Deno.test("useBackend() stays wasm whatever VAELAB_BACKEND says, and the grader names its backends", async () => {
  const r = await runScript(
    `import { useBackend } from "./lib/backend/mod.ts"; console.log(await useBackend());`,
    { env: { VAELAB_BACKEND: "webgpu" } },
  );
  assert.equal(r.stdout.trim(), "wasm", r.stderr);
  // Every backend choice in lib/grading is an explicit cpu or wasm.
  const root = new URL("../lib/grading/", import.meta.url);
  const calls: string[] = [];
  const walk = async (dir: URL) => {
    for await (const e of Deno.readDir(dir)) {
      const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory) await walk(url);
      else if (e.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(url);
        for (
          const m of text.matchAll(
            /(useBackend|setBackend|backendFromEnv)\(([^)]*)\)/g,
          )
        ) {
          calls.push(`${e.name}: ${m[0]}`);
        }
      }
    }
  };
  await walk(root);
  assert.ok(calls.length > 0, "no backend choice found in lib/grading");
  for (const call of calls) {
    assert.match(call, /\((["'])(cpu|wasm)\1[,)]/, call);
  }
});

/**
 * Starting tfjs's multi-threaded WASM build (XNNPACK with a pthread pool) in
 * Deno, which stock tfjs 4.22 cannot do. Three things stand in the way, each
 * handled here only for the duration of the backend's start-up:
 *
 * 1. tfjs reports no thread support under Node/Deno (`IS_NODE`): the flag
 *    `WASM_HAS_MULTITHREAD_SUPPORT` is set to true.
 * 2. Emscripten (in its Node mode, since Deno provides `process`) starts each
 *    pthread with `worker_threads` from a blob URL, which Deno's
 *    `worker_threads` rejects: `URL.createObjectURL` is answered, for that
 *    one script, with a file written to the temp folder. The file is tfjs's
 *    own worker script plus two shims: Deno's worker globals (`location`,
 *    `self`, …) are made writable for Emscripten's `Object.assign`, and the
 *    main script (sent as a Blob) is replaced by the path of tfjs's threaded
 *    glue file on disk.
 * 3. tfjs sizes the pool as `min(requested, logical cores / 2)` (assuming
 *    2-way SMT), which is 1 on a 2-core machine without SMT: `os.cpus()`
 *    reports twice the cores while the module is instantiated.
 *
 * Idle pthread workers are then `unref`'d so a finished script can exit.
 *
 * @module
 */
import * as tf from "tf";
import * as tfwasm from "tfwasm";
import { createRequire } from "node:module";
import os from "node:os";

const require = createRequire(import.meta.url);
const WASM_OUT = "@tensorflow/tfjs-backend-wasm/wasm-out/";

/** Writes the pthread worker script (once per content) and returns its path. */
function workerScript(): string {
  const glue = require.resolve(`${WASM_OUT}tfjs-backend-wasm-threaded-simd.js`);
  const { wasmWorkerContents } = require(
    `${WASM_OUT}tfjs-backend-wasm-threaded-simd.worker.js`,
  ) as { wasmWorkerContents: string };
  const prelude = `for (const k of ["location", "self", "postMessage", ` +
    `"performance", "Worker", "onmessage"]) { try { Object.defineProperty(` +
    `globalThis, k, { value: globalThis[k], writable: true, ` +
    `configurable: true, enumerable: true }); } catch (_) {} }\n`;
  const shim = `\n;(function () { const handle = onmessage; onmessage = ` +
    `function (e) { if (e.data && e.data.cmd === "load" && ` +
    `typeof e.data.urlOrBlob !== "string") e.data.urlOrBlob = ` +
    `${JSON.stringify(glue)}; return handle(e); }; })();\n`;
  // tfjs escapes newlines the same way before making its Blob.
  const text = prelude + wasmWorkerContents.replace(/\n/g, "\\n") + shim;
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(i)) >>> 0;
  }
  const dir = Deno.env.get("TMPDIR") ?? "/tmp";
  const path = `${dir}/vaelab-tfjs-wasm-pthread-${hash.toString(16)}.cjs`;
  try {
    if (Deno.readTextFileSync(path) === text) return path;
  } catch { /* not written yet */ }
  const tmp = Deno.makeTempFileSync({ dir, suffix: ".cjs" });
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path); // atomic: concurrent processes agree
  return path;
}

interface PThreads {
  runningWorkers: { unref?(): void }[];
  unusedWorkers: { unref?(): void }[];
}

/**
 * Starts the `wasm` backend with a pool of `threads` threads (XNNPACK splits
 * every convolution and matrix product across them). Must run before the
 * `wasm` backend is first initialised in this process. Returns the number of
 * threads the pool actually has.
 */
export async function startThreadedWasm(threads: number): Promise<number> {
  const path = workerScript();
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  tfwasm.setThreadsCount(threads);
  URL.createObjectURL = (obj: Blob) =>
    obj instanceof Blob && obj.type === "application/javascript"
      ? path
      : createObjectURL(obj);
  os.cpus = () => {
    const real = cpus();
    return Array.from(
      { length: 2 * Math.max(threads, real.length) },
      (_, i) => real[i % real.length],
    );
  };
  try {
    if (!await tf.setBackend("wasm")) {
      throw new Error("the threaded WASM backend failed to start");
    }
    await tf.ready();
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
  const module = (tf.backend() as unknown as { wasm: { PThread?: PThreads } })
    .wasm;
  const pool = module.PThread;
  if (pool) {
    for (const w of [...pool.runningWorkers, ...pool.unusedWorkers]) {
      w.unref?.();
    }
  }
  return tfwasm.getThreadsCount();
}

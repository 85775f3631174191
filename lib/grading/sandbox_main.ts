/**
 * The program that runs inside the grading sandbox (a `deno run` subprocess
 * with no network, environment, write, run, ffi or sys permission and reads
 * limited to the module folder and the npm packages).
 *
 * It reads one {@link WireJob} from stdin, then for each exercise imports the
 * generated module, makes the requested calls and prints raw results as JSON
 * lines prefixed by the job's nonce. It never compares anything: scoring
 * happens in the grader process, so whatever student code does to `tf`,
 * `Math` or prototypes here cannot change a score.
 *
 * @module
 */
import * as tf from "tf";
import type {
  WireArg,
  WireError,
  WireEvent,
  WireJob,
  WireResult,
  WireTensor,
  WireValue,
} from "./wire.ts";

// Capture everything the protocol needs before any student code runs.
const stdout = Deno.stdout;
const writeSync = stdout.writeSync.bind(stdout);
const encoder = new TextEncoder();
const stringify = JSON.stringify;
const stderrLog = (...args: unknown[]) => {
  try {
    Deno.stderr.writeSync(
      encoder.encode(args.map((a) => String(a)).join(" ") + "\n"),
    );
  } catch { /* ignore */ }
};

const job: WireJob = JSON.parse(await new Response(Deno.stdin.readable).text());
const nonce = job.nonce;

function emit(event: WireEvent): void {
  // The leading newline ends any partial line student code left behind.
  let bytes = encoder.encode(`\n${nonce}${stringify(event)}\n`);
  while (bytes.length > 0) bytes = bytes.subarray(writeSync(bytes));
}

// Student output goes to stderr so it can never be mistaken for a result.
for (const k of ["log", "info", "warn", "error", "debug", "table", "dir"]) {
  (console as unknown as Record<string, unknown>)[k] = stderrLog;
}
const realExit = Deno.exit.bind(Deno);
try {
  Object.defineProperty(Deno, "exit", {
    value: () => {
      throw new Error(
        "Deno.exit() / process.exit(): terminar el proceso no está permitido en una celda evaluada",
      );
    },
  });
} catch { /* leave it: the grader notices an early exit anyway */ }

await tf.setBackend("cpu");
const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
if (cpu) cpu.firstUse = false;

function toTensor(w: WireTensor): tf.Tensor {
  return tf.tensor(
    w.data.map((x) => typeof x === "number" ? x : Number(x)),
    w.shape,
    w.dtype as tf.DataType,
  );
}

function toArg(arg: WireArg): unknown {
  switch (arg.t) {
    case "tensor":
      return toTensor(arg);
    case "number":
    case "json":
      return arg.v;
    case "undefined":
      return undefined;
    case "decoder": {
      const w1 = toTensor(arg.w1), b1 = toTensor(arg.b1);
      const w2 = toTensor(arg.w2), b2 = toTensor(arg.b2);
      return (z: tf.Tensor2D) =>
        tf.tidy(() => ({
          mean: tf.tanh(tf.matMul(z, w1 as tf.Tensor2D).add(b1)),
          logvar: tf.matMul(z, w2 as tf.Tensor2D).add(b2),
        }));
    }
  }
}

function errorOf(error: unknown): WireError {
  if (error instanceof Error) {
    return {
      name: String(error.name).slice(0, 100),
      message: String(error.message).slice(0, 2000),
    };
  }
  return { name: "Throw", message: String(error).slice(0, 2000) };
}

/** Larger results are not sent back (no exercise expects more). */
const MAX_ELEMENTS = 1_000_000;

function toValue(value: unknown): WireValue {
  if (value instanceof tf.Tensor && value.size > MAX_ELEMENTS) {
    return {
      t: "other",
      type: "tensor",
      text: `de forma [${
        value.shape.join(", ")
      }], demasiado grande para compararlo`,
    };
  }
  if (value instanceof tf.Tensor) {
    const data = Array.from(
      value.dataSync() as ArrayLike<number>,
      (x) =>
        Number.isFinite(x)
          ? x
          : Number.isNaN(x)
          ? "NaN" as const
          : x > 0
          ? "Infinity" as const
          : "-Infinity" as const,
    );
    return { t: "tensor", shape: value.shape, dtype: value.dtype, data };
  }
  const model = value as { toJSON?: unknown; layers?: unknown };
  if (
    typeof value === "object" && value !== null &&
    typeof model.toJSON === "function" && Array.isArray(model.layers)
  ) {
    let params: number | undefined;
    try {
      params = (value as { countParams(): number }).countParams();
    } catch { /* not built: the grader finds out */ }
    return {
      t: "model",
      topology: (model.toJSON as (a: null, b: boolean) => unknown)(null, false),
      params,
    };
  }
  const type = value === null
    ? "null"
    : Array.isArray(value)
    ? "array"
    : typeof value;
  let text = "";
  try {
    text = String(value).slice(0, 200);
  } catch { /* ignore */ }
  return { t: "other", type, text };
}

for (const exercise of job.exercises) {
  emit({ e: "start", id: exercise.id });
  let fns: Record<string, unknown> = {};
  try {
    const module = await import(exercise.module);
    fns = module.__vaelab_fns ?? {};
    emit({ e: "defined", id: exercise.id });
  } catch (error) {
    emit({ e: "defined", id: exercise.id, error: errorOf(error) });
    emit({ e: "done", id: exercise.id });
    continue;
  }
  for (const [index, call] of exercise.calls.entries()) {
    let result: WireResult;
    const fn = fns[call.fn];
    if (typeof fn !== "function") {
      result = {
        ok: false,
        error: { name: "MissingFunction", message: call.fn },
      };
    } else {
      try {
        const value = await fn(...call.args.map(toArg));
        result = { ok: true, value: toValue(value) };
      } catch (error) {
        result = { ok: false, error: errorOf(error) };
      }
    }
    emit({ e: "result", id: exercise.id, index, result });
  }
  emit({ e: "done", id: exercise.id });
}
// Timers or pending work left by student code must not keep the process up.
realExit(0);

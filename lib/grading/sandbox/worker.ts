/**
 * The student's realm: a permission-less Worker (it may read only its
 * exercise's folder and the runtime's packages) that imports one exercise
 * module and makes the calls the harness asks for.
 *
 * Everything here runs alongside student code, so nothing here is trusted:
 * a cell may patch any global or prototype. That is harmless by design —
 * the worker holds no secret, cannot reach the grader, its messages are
 * validated by the harness, and whatever it reports as a model is measured
 * again in the clean probe realm. What the worker reports about a call
 * (its value, whether it returned a Promise, disposed or changed its
 * inputs) is only as good as the channel, so the channel is the worker's
 * before the module loads: it listens through the `EventTarget` method it
 * captured, ignores events a script dispatched (not `isTrusted`), and
 * locks `onmessage`, `postMessage` and `addEventListener("message")` so
 * that a cell can neither answer a call in the worker's place nor post a
 * result of its own (the harness also treats any unsolicited result as a
 * forgery). The code on the call path uses captured intrinsics and plain
 * loops, not prototype methods a cell may replace. What this file must get
 * right for honest students is fidelity: call functions as the notebook
 * does (synchronously, no await), notice what the notebook relies on
 * (inputs left intact), and report values faithfully.
 *
 * @module
 */
import * as tf from "tf";
import type {
  Arg,
  GradientRequest,
  PlainError,
  Result,
  WorkerMessage,
} from "./protocol.ts";
import { MAX_LOG, MAX_TEXT } from "./protocol.ts";
import {
  bytesOf,
  gradientsOf,
  isTensor,
  put,
  sameBytes,
  toArg,
  toValue,
} from "./realm_values.ts";

// Captured before any student code runs (the module is imported later).
const realm = globalThis as unknown as {
  postMessage: (message: WorkerMessage) => void;
};
const post = realm.postMessage.bind(realm);
const addListener = EventTarget.prototype.addEventListener;
const defineProperty = Object.defineProperty;
const ownProperty = Object.getOwnPropertyDescriptor;
const isDisposedOf = Object.getOwnPropertyDescriptor(
  tf.Tensor.prototype,
  "isDisposed",
)!.get!;
const apply = Reflect.apply;

// The handler is set below, synchronously: messages that arrive while the
// backend starts wait for it instead of being lost.
const ready = tf.setBackend("cpu").then(() => {
  // The "install our node backend" banner is tfjs talking, not the student.
  (tf.findBackend("cpu") as unknown as { firstUse?: boolean }).firstUse = false;
});

// The notebook's environment as the grader sees it: no variables set (the
// notebooks' default, full mode), no Jupyter display, no way to exit.
Object.defineProperty(Deno, "env", {
  configurable: true,
  value: {
    get: () => undefined,
    has: () => false,
    toObject: () => ({}),
    set: () => {},
    delete: () => {},
  },
});
// The kernel's Jupyter API, present as in a notebook and showing nothing:
// a cell that asks "am I in a notebook?" gets the notebook's answer.
const $display = Symbol.for("Jupyter.display");
const bundle = (mime: string) => (content: unknown) => ({
  [$display]: () => ({ [mime]: String(content ?? "") }),
});
Object.defineProperty(Deno, "jupyter", {
  configurable: true,
  value: Object.freeze({
    $display,
    broadcast: () => Promise.resolve(),
    display: () => Promise.resolve(),
    format: () => ({}),
    md: bundle("text/markdown"),
    html: bundle("text/html"),
    svg: bundle("image/svg+xml"),
    image: () => ({ [$display]: () => ({}) }),
  }),
});
Object.defineProperty(Deno, "exit", {
  configurable: true,
  value: () => {
    throw new Error(
      "Deno.exit(): terminar el proceso no está permitido en una celda evaluada",
    );
  },
});

let logged = 0;
const log = (...parts: unknown[]) => {
  if (logged >= MAX_LOG) return;
  let line = "";
  try {
    line = parts.map((p) => typeof p === "string" ? p : String(p)).join(" ");
  } catch {
    line = "<no imprimible>";
  }
  line = line.slice(0, MAX_LOG - logged);
  logged += line.length + 1;
  post({ t: "log", text: line });
};
for (const k of ["log", "info", "warn", "error", "debug", "table", "dir"]) {
  (console as unknown as Record<string, unknown>)[k] = log;
}

let moduleUrl = "";

function plainError(error: unknown): PlainError {
  if (error instanceof Error || (typeof error === "object" && error !== null)) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    const out: PlainError = {
      name: String(e.name ?? "Error").slice(0, 100),
      message: String(e.message ?? "").slice(0, MAX_TEXT),
    };
    const stack = typeof e.stack === "string" ? e.stack : "";
    const frame = stack.split("\n").find((l) => l.includes(moduleUrl));
    const at = frame?.match(/:(\d+):(\d+)\)?\s*$/);
    if (moduleUrl && at) out.at = `${at[1]}:${at[2]}`;
    return out;
  }
  let message = "";
  try {
    message = String(error).slice(0, MAX_TEXT);
  } catch { /* unprintable */ }
  return { name: "Throw", message };
}

let fns: Record<string, unknown> = {};

async function load(url: string): Promise<void> {
  moduleUrl = url;
  try {
    const module = await import(url);
    fns = module.__vaelab_fns ?? {};
    const raw = Array.isArray(module.__vaelab_statementErrors)
      ? module.__vaelab_statementErrors as unknown[]
      : [];
    post({
      t: "loaded",
      statementErrors: raw.slice(0, 10).map((e) => {
        const [line, error] = Array.isArray(e) ? e : [undefined, e];
        const out = plainError(error);
        // The guard's module line: where the statement starts.
        if (typeof line === "number") out.at = `${line}:1`;
        return out;
      }),
    });
  } catch (error) {
    post({ t: "loaded", error: plainError(error), statementErrors: [] });
  }
}

function call(
  index: number,
  fn: string,
  args: Arg[],
  gradient?: GradientRequest,
): void {
  const f = ownProperty(fns, fn)?.value;
  if (typeof f !== "function") {
    post({
      t: "result",
      index,
      result: { ok: false, error: { name: "MissingFunction", message: fn } },
    });
    return;
  }
  let result: Result;
  let topology: string | undefined;
  // Plain loops, captured intrinsics and `put`: a cell may have replaced
  // Array.prototype's methods, its iterator, or put setters on its indexes.
  const values: unknown[] = [];
  const tensorAt: number[] = [];
  const tensors: tf.Tensor[] = [];
  const before: Uint8Array[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = toArg(args[i]);
    put(values, i, v);
    if (isTensor(v)) {
      const k = tensors.length;
      put(tensorAt, k, i);
      put(tensors, k, v);
      put(before, k, bytesOf(v));
    }
  }
  try {
    // A gradient call checks the same contract: inputs left intact.
    const converted = gradient
      ? {
        value: gradientsOf(
          f as (...a: unknown[]) => unknown,
          values,
          gradient,
        ),
        topology: undefined,
      }
      : toValue(apply(f as (...a: unknown[]) => unknown, undefined, values));
    topology = converted.topology;
    const disposed: number[] = [], mutated: number[] = [];
    for (let k = 0; k < tensors.length; k++) {
      const t = tensors[k];
      let after: Uint8Array | undefined;
      try {
        if (!apply(isDisposedOf, t, [])) after = bytesOf(t);
      } catch { /* its data is gone: disposed */ }
      if (!after) put(disposed, disposed.length, tensorAt[k]);
      else if (!sameBytes(before[k], after)) {
        put(mutated, mutated.length, tensorAt[k]);
      }
    }
    result = { ok: true, value: converted.value, disposed, mutated };
  } catch (error) {
    result = { ok: false, error: plainError(error) };
  }
  post({ t: "result", index, result, topology });
}

let backendReady = false;

/** The worker's own listener: only the harness's (trusted) messages count. */
function onRequest(event: MessageEvent): void {
  if (event.isTrusted !== true) return;
  const m = event.data as
    | { t: "load"; module: string }
    | {
      t: "call";
      index: number;
      fn: string;
      args: Arg[];
      gradient?: GradientRequest;
    };
  if (m?.t === "load") {
    // Before the module: no student code has run yet, awaiting is safe.
    ready.then(() => {
      backendReady = true;
      load(m.module);
    });
  } else if (m?.t === "call" && backendReady) {
    call(m.index, m.fn, m.args, m.gradient);
  }
}

apply(addListener, globalThis, ["message", onRequest]);

/** What a cell gets when it tries to take the worker's channel. */
function refuse(): never {
  throw new Error(
    "La comunicación con el evaluador no está disponible para el código de la celda (onmessage, postMessage).",
  );
}
for (const name of ["onmessage", "onmessageerror"]) {
  defineProperty(globalThis, name, {
    configurable: false,
    get: () => null,
    set: refuse,
  });
}
defineProperty(globalThis, "postMessage", {
  configurable: false,
  writable: false,
  value: refuse,
});
defineProperty(EventTarget.prototype, "addEventListener", {
  configurable: false,
  writable: false,
  value: function (
    this: unknown,
    type: unknown,
    ...rest: unknown[]
  ): void {
    if (
      this === globalThis &&
      (typeof type !== "string" || type === "message" ||
        type === "messageerror")
    ) refuse();
    return apply(addListener, this, [type, ...rest]);
  },
});

/**
 * The sandbox process's main realm: trusted code that no student code ever
 * runs beside. It reads one {@link Job} from stdin, runs each exercise in a
 * fresh permission-less Worker (the student's realm) under a wall-clock
 * budget it enforces by terminating the worker, sends returned models to a
 * clean probe Worker, validates every message it receives, and reports
 * {@link SandboxEvent}s on stdout, each line prefixed by the job's nonce
 * (the workers never see it). When its stdin closes — the grader is gone —
 * it exits at once, workers and all.
 *
 * Started by the grader as
 * `deno run --unstable-worker-options --allow-read=… harness.ts` with no
 * other permission, a memory limit and a throwaway DENO_DIR.
 *
 * @module
 */
import type {
  Call,
  Job,
  JobExercise,
  ModelProbe,
  Result,
  SandboxEvent,
  WorkerMessage,
} from "./protocol.ts";
import { MAX_LOG, MAX_TEXT, MAX_TOPOLOGY } from "./protocol.ts";
import { checkError, checkResult } from "./validate.ts";

const encoder = new TextEncoder();
const stdout = Deno.stdout;

/** Reads the first line of stdin (the job), then watches for EOF. */
async function readJob(): Promise<Job> {
  const reader = Deno.stdin.readable.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let length = 0;
  while (true) {
    const { value, done } = await reader.read();
    if (done) Deno.exit(0);
    const text = decoder.decode(value, { stream: true });
    const newline = text.indexOf("\n");
    if (newline < 0) {
      parts.push(text);
      length += text.length;
      if (length > 512_000_000) Deno.exit(2);
      continue;
    }
    parts.push(text.slice(0, newline));
    // The rest of stdin is only watched: its end means the grader died.
    (async () => {
      while (!(await reader.read()).done) { /* keep-alive bytes */ }
      Deno.exit(0);
    })();
    return JSON.parse(parts.join("")) as Job;
  }
}

const job = await readJob();

function emit(event: SandboxEvent): void {
  let bytes = encoder.encode(`\n${job.nonce}${JSON.stringify(event)}\n`);
  while (bytes.length > 0) bytes = bytes.subarray(stdout.writeSync(bytes));
}

const NONE = {
  write: false,
  net: false,
  env: false,
  run: false,
  ffi: false,
  sys: false,
  import: false,
};

function spawn(url: string, reads: string[]): Worker {
  return new Worker(url, {
    type: "module",
    deno: { permissions: { ...NONE, read: reads } },
  } as WorkerOptions);
}

/** A student worker with one pending request at a time. */
class StudentRealm {
  readonly worker: Worker;
  #pending?: (m: WorkerMessage | { t: "died"; message: string }) => boolean;
  #logged = 0;
  dead = false;

  constructor(readonly exercise: JobExercise) {
    this.worker = spawn(job.workerUrl, [...job.runtimeReads, exercise.dir]);
    this.worker.onmessage = (event) => this.#receive(event.data);
    this.worker.onmessageerror = () => {};
    this.worker.onerror = (event) => {
      event.preventDefault();
      const message = String(event.message ?? "").slice(0, MAX_TEXT);
      this.#log(`error no capturado: ${message}`);
      this.dead = true;
      this.#pending?.({ t: "died", message });
    };
  }

  #log(text: string): void {
    if (this.#logged >= MAX_LOG) return;
    const kept = text.slice(0, MAX_LOG - this.#logged);
    this.#logged += kept.length + 1;
    emit({ e: "log", id: this.exercise.id, text: kept });
  }

  #receive(m: unknown): void {
    const message = m as WorkerMessage;
    if (typeof message !== "object" || message === null) return;
    if (message.t === "log") {
      if (typeof message.text === "string") this.#log(message.text);
      return;
    }
    if (message.t === "loaded" || message.t === "result") {
      // The worker answers each request exactly once; anything else was
      // posted by something other than the worker's own code.
      if (!this.#pending?.(message)) forgery.seen = true;
    }
  }

  request(
    send: unknown,
    accept: (m: WorkerMessage) => boolean,
  ): Promise<WorkerMessage | { t: "died"; message: string }> {
    return new Promise((resolve) => {
      this.#pending = (m) => {
        if (m.t === "died" || accept(m as WorkerMessage)) {
          this.#pending = undefined;
          resolve(m);
          return true;
        }
        return false;
      };
      this.worker.postMessage(send);
    });
  }

  terminate(): void {
    this.dead = true;
    this.worker.terminate();
  }
}

const TIMEOUT = Symbol("timeout");

/** Whether the current exercise's realms received a message no request asked for. */
const forgery = { seen: false };

/** "Uncaught (in promise) NotCapable: …" as an error with its own name. */
function uncaught(message: string): { name: string; message: string } {
  const m = message.match(
    /^(?:Uncaught (?:\(in promise\) )?)?([A-Za-z]*Error|NotCapable|PermissionDenied): ([\s\S]*)$/,
  );
  return m ? { name: m[1], message: m[2] } : { name: "Error", message };
}

function before<T>(
  promise: Promise<T>,
  deadline: number,
): Promise<T | typeof TIMEOUT> {
  const ms = Math.max(0, deadline - performance.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Loads the module (with the cell's statements, else without) into a fresh realm. */
async function load(
  exercise: JobExercise,
  deadline: number,
  first: boolean,
): Promise<StudentRealm | typeof TIMEOUT> {
  const start = performance.now();
  // The statements get at most half of what is left; the functions then
  // load without them so that a slow self-test does not cost the tests.
  const statementsDeadline = start + (deadline - start) / 2;
  let realm = new StudentRealm(exercise);
  let loaded = await before(
    realm.request(
      { t: "load", module: exercise.module },
      (m) => m.t === "loaded",
    ),
    statementsDeadline,
  );
  let withoutStatements = false;
  if (loaded === TIMEOUT) {
    realm.terminate();
    // Let the old isolate go before the new one maps its memory.
    await new Promise((resolve) => setTimeout(resolve, 100));
    realm = new StudentRealm(exercise);
    withoutStatements = true;
    loaded = await before(
      realm.request(
        { t: "load", module: exercise.plainModule },
        (m) => m.t === "loaded",
      ),
      deadline,
    );
    if (loaded === TIMEOUT) {
      realm.terminate();
      return TIMEOUT;
    }
  }
  if (first) {
    const m = loaded as
      | Extract<WorkerMessage, { t: "loaded" }>
      | { t: "died"; message: string };
    emit({
      e: "loaded",
      id: exercise.id,
      error: m.t === "died"
        ? uncaught(m.message)
        : m.error
        ? checkError(m.error)
        : undefined,
      statementErrors: m.t === "loaded" && Array.isArray(m.statementErrors)
        ? m.statementErrors.slice(0, 10).map(checkError)
        : [],
      withoutStatements,
    });
    if (m.t === "died" || m.error) {
      realm.terminate();
      return realm;
    }
  }
  return realm;
}

/**
 * The probe realm of one exercise: started on the first model, reused for
 * the exercise's other models (it only ever runs the kit's own code on
 * plain topologies), terminated with the exercise.
 */
class ProbeRealm {
  #worker?: Worker;
  #pending?: (answer: unknown) => void;

  #start(): Worker {
    const worker = spawn(job.probeUrl, job.runtimeReads);
    worker.onmessage = (event) => this.#pending?.(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#pending?.({
        ok: false,
        error: String(event.message).slice(0, 300),
      });
      this.terminate();
    };
    return worker;
  }

  probe(
    topology: string,
    probe: ModelProbe,
    deadline: number,
  ): Promise<unknown> {
    this.#worker ??= this.#start();
    const worker = this.#worker;
    return before(
      new Promise((resolve) => {
        this.#pending = resolve;
        worker.postMessage({ topology, probe });
      }),
      deadline,
    );
  }

  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}

async function callOnce(
  realm: StudentRealm,
  probes: ProbeRealm,
  index: number,
  call: Call,
  deadline: number,
): Promise<Result | typeof TIMEOUT> {
  const answer = await before(
    realm.request(
      {
        t: "call",
        index,
        fn: call.fn,
        args: call.args,
        gradient: call.gradient,
      },
      (m) => m.t === "result" && m.index === index,
    ),
    deadline,
  );
  if (answer === TIMEOUT) return TIMEOUT;
  if (answer.t === "died") {
    return { ok: false, error: uncaught(answer.message) };
  }
  const m = answer as Extract<WorkerMessage, { t: "result" }>;
  const result = checkResult(m.result);
  if (!result.ok || result.value.t !== "model") return result;
  if (typeof m.topology !== "string" || m.topology.length > MAX_TOPOLOGY) {
    // A model is only ever what the probe measured: a summary the worker
    // wrote itself is dropped.
    const error = ("error" in result.value && result.value.error) ||
      "el modelo no se pudo revisar";
    return { ...result, value: { t: "model", error } };
  }
  if (!call.probe) {
    return { ...result, value: { t: "model", error: "sin revisar" } };
  }
  const probed = await probes.probe(m.topology, call.probe, deadline);
  if (probed === TIMEOUT) return TIMEOUT;
  const p = probed as { ok?: unknown; summary?: unknown; error?: unknown };
  const value = checkResult({
    ok: true,
    value: p.ok === true
      ? { t: "model", summary: p.summary }
      : { t: "model", error: String(p.error ?? "") },
  });
  return value.ok ? { ...result, value: value.value } : result;
}

async function runExercise(exercise: JobExercise): Promise<void> {
  emit({ e: "start", id: exercise.id });
  forgery.seen = false;
  const deadline = performance.now() + exercise.budgetMs;
  const timeout = () =>
    emit({
      e: "done",
      id: exercise.id,
      interrupted: { kind: "timeout", ms: exercise.budgetMs },
    });
  const probes = new ProbeRealm();
  let realm = await load(exercise, deadline, true);
  if (realm === TIMEOUT) return timeout();
  if (realm.dead) return emit({ e: "done", id: exercise.id });
  try {
    for (const [index, call] of exercise.calls.entries()) {
      if (realm.dead) {
        // An uncaught error killed the realm: the next call gets a fresh one.
        realm = await load(exercise, deadline, false);
        if (realm === TIMEOUT) return timeout();
      }
      const result = await callOnce(realm, probes, index, call, deadline);
      if (result === TIMEOUT) return timeout();
      if (forgery.seen) break;
      emit({ e: "result", id: exercise.id, index, result });
    }
    // A message posted beside a genuine answer arrives right after it.
    if (!forgery.seen) await new Promise((r) => setTimeout(r, 20));
  } finally {
    if (realm !== TIMEOUT) realm.terminate();
    probes.terminate();
  }
  if (forgery.seen) {
    return emit({
      e: "done",
      id: exercise.id,
      interrupted: {
        kind: "forged",
        detail:
          "el código de la celda envió al evaluador resultados que nadie pidió",
      },
    });
  }
  emit({ e: "done", id: exercise.id });
}

for (const exercise of job.exercises) await runExercise(exercise);
Deno.exit(0);

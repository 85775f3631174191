/**
 * One parse-guard worker seen from the grader: starting it, sending it a
 * notebook's cells, and deciding when it has run out of time.
 *
 * Time is judged from the worker's own stamps (shared memory, see
 * `guard_protocol.ts`), never from when its replies arrive: a reply waits
 * while the grader's event loop is busy with another submission, and a
 * timer firing after such a pause must not blame a cell that finished
 * long ago. A check reads which cell the worker is in and since when,
 * and either stops it or sets itself for the moment that cell would
 * reach the limit.
 *
 * @module
 */
import { clockUs, type GuardReply } from "./guard_protocol.ts";

const WORKER_URL = new URL("./guard_worker.ts", import.meta.url);

/** A first start that takes longer is a kit failure (ms). */
const START_LIMIT_MS = 60_000;

/** A worker that finished but whose replies never came is dead after this (ms). */
const REPLY_LIMIT_MS = 60_000;

/** The grader's clock, in milliseconds since the epoch (the workers' too). */
export function nowMs(): number {
  return Number(clockUs()) / 1000;
}

/** One cell's reply. */
export type CellReply = Extract<GuardReply, { t: "cell" }>;

/**
 * How a request ended: every reply in, the caller gave up, or the worker
 * was stopped while on the request's cell `at` (its own limit, the
 * notebook's deadline, or a crash).
 */
export type Outcome =
  | { kind: "done" }
  | { kind: "aborted" }
  | { kind: "timeout" | "budget"; at: number }
  | { kind: "crash"; at: number; detail: string };

/** The limits of one request. */
export interface RequestLimits {
  /** Longest parse of one cell (ms). */
  cellMs: number;
  /** When the notebook's time runs out ({@link nowMs}). */
  deadline: number;
  /** Aborted when the caller gives up. */
  signal?: AbortSignal;
}

type Heard = GuardReply | { t: "crash"; detail: string };

/** One worker, one request at a time. */
export class GuardWorker {
  readonly #worker: Worker;
  #listener?: (reply: Heard) => void;
  /** It failed while idle: never to be used again. */
  dead = false;

  private constructor() {
    this.#worker = new Worker(WORKER_URL, { type: "module" });
    this.#worker.onmessage = (event) => this.#listener?.(event.data);
    this.#worker.onmessageerror = () => this.#hear("mensaje ilegible");
    this.#worker.onerror = (event) => {
      // Handled here: unhandled, a worker's error would end the grader.
      event.preventDefault();
      this.#hear(String(event.message ?? "error").slice(0, 200));
    };
  }

  #hear(detail: string): void {
    if (this.#listener) this.#listener({ t: "crash", detail });
    else this.dead = true;
  }

  /**
   * A started worker. A first start (no `withinMs`) that fails or takes
   * over a minute throws (the kit is broken); a restart gives up, as
   * undefined, when the notebook's time runs out; an abort gives up too.
   */
  static start(
    signal?: AbortSignal,
    withinMs?: number,
  ): Promise<GuardWorker | undefined> {
    const guard = new GuardWorker();
    return new Promise((resolve, reject) => {
      const finish = (ok: boolean, error?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        guard.#listener = undefined;
        if (ok) return resolve(guard);
        guard.terminate();
        if (error) reject(error);
        else resolve(undefined);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(
        () =>
          finish(
            false,
            withinMs === undefined
              ? new Error(`parse guard: no worker in ${START_LIMIT_MS} ms`)
              : undefined,
          ),
        withinMs ?? START_LIMIT_MS,
      );
      signal?.addEventListener("abort", onAbort);
      guard.#listener = (reply) => {
        if (reply.t === "ready") finish(true);
        else if (reply.t === "crash") {
          finish(
            false,
            new Error(`parse guard: worker failed: ${reply.detail}`),
          );
        }
      };
      if (signal?.aborted) onAbort();
    });
  }

  /**
   * Sends `sources`, calls `onCell` with each reply in order, and settles
   * when all are in, or when a limit, a crash or the signal stops it.
   */
  analyze(
    sources: string[],
    limits: RequestLimits,
    onCell: (reply: CellReply) => void,
  ): Promise<Outcome> {
    const n = sources.length;
    const progress = new BigInt64Array(new SharedArrayBuffer(8 * (n + 1)));
    const postedAt = nowMs();
    let received = 0;
    /** The cell the worker is in (n: all done) and since when. */
    const current = (): { at: number; since: number } => {
      for (let i = n; i >= 0; i--) {
        const stamp = Atomics.load(progress, i);
        if (stamp === 0n) continue;
        // Between a reply and the next stamp: that cell is just beginning.
        if (i < received) return { at: received, since: nowMs() };
        return { at: i, since: Number(stamp) / 1000 };
      }
      return { at: 0, since: postedAt };
    };
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        limits.signal?.removeEventListener("abort", onAbort);
        this.#listener = undefined;
        resolve(outcome);
      };
      const check = () => {
        const now = nowMs();
        const { at, since } = current();
        if (at >= n) {
          // Finished: the replies are on their way.
          const waited = now - since;
          if (waited >= REPLY_LIMIT_MS) {
            return finish({
              kind: "crash",
              at: n - 1,
              detail: "sin respuesta",
            });
          }
          timer = setTimeout(check, REPLY_LIMIT_MS - waited);
          return;
        }
        if (now - since >= limits.cellMs) {
          return finish({ kind: "timeout", at });
        }
        if (now >= limits.deadline) return finish({ kind: "budget", at });
        timer = setTimeout(
          check,
          Math.min(since + limits.cellMs, limits.deadline) - now,
        );
      };
      const onAbort = () => finish({ kind: "aborted" });
      limits.signal?.addEventListener("abort", onAbort);
      this.#listener = (reply) => {
        if (reply.t === "crash") {
          const at = Math.min(Math.max(current().at, received), n - 1);
          return finish({ kind: "crash", at, detail: reply.detail });
        }
        if (reply.t !== "cell" || reply.k !== received) return;
        received++;
        onCell(reply);
        if (received === n) finish({ kind: "done" });
      };
      this.#worker.postMessage({ sources, progress });
      check();
      if (limits.signal?.aborted) onAbort();
    });
  }

  /** Stops the worker, mid-parse if need be. */
  terminate(): void {
    this.#listener = undefined;
    this.dead = true;
    this.#worker.terminate();
  }
}

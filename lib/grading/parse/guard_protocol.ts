/**
 * What the parse guard and its worker say to each other, and the one
 * clock they share: the grader sends a notebook's code cells; the worker
 * answers once `ready`, then one `cell` reply per source, in order, and
 * stamps in shared memory when it began each cell and when it finished
 * them all, so that the grader can tell which cell is in progress, and
 * since when, even while the replies wait for its busy event loop.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clockUs } from "./guard_protocol.ts";
 * const a = clockUs();
 * assert.ok(clockUs() >= a);
 * ```
 * @module
 */
import type { CellAnalysis } from "./cells.ts";

/**
 * The grader's request: analyze these sources, in order. The worker
 * stores `clockUs()` in `progress[k]` when it begins cell `k` and in
 * `progress[sources.length]` when it has finished them all (a view of a
 * `SharedArrayBuffer`, written and read with `Atomics`).
 */
export interface GuardRequest {
  /** The cells' texts. */
  sources: string[];
  /** When each cell began, then when all were done (µs; 0: not yet). */
  progress: BigInt64Array;
}

/**
 * The worker's replies: once `ready`, then one `cell` per source, in
 * order, with its analysis or why it failed (a stack overflow, or another
 * error and its message).
 */
export type GuardReply =
  | { t: "ready" }
  | { t: "cell"; k: number; analysis: CellAnalysis }
  | { t: "cell"; k: number; failure: "stack" | "error"; detail: string };

/** Microseconds since the epoch: one clock for the grader and its workers. */
export function clockUs(): bigint {
  return BigInt(
    Math.round((performance.timeOrigin + performance.now()) * 1000),
  );
}

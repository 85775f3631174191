/**
 * The parse guard: the one stage that parses a submission's code cells,
 * in a Worker (another isolate, another thread) under a wall-clock limit
 * the grader keeps, so that no parse of student text ever runs on the
 * grader's event loop.
 *
 * Why: TypeScript's parser is synchronous and, on some inputs, exponential
 * (`async (a=` nested 24 deep takes minutes) or deep enough to overflow the
 * stack (100,000 nested parentheses). On the event loop one such cell stops
 * every timer, watchdog, signal handler and concurrent submission; in a
 * Worker it only costs its own notebook the limit, and `terminate()` stops
 * it mid-parse. The worker returns each cell's {@link CellAnalysis}, plain
 * data the grader uses as is: parsing again in-process would block the
 * loop for as long as the worker took (parsing is deterministic), so the
 * grader never does.
 *
 * Limits, from measurements (Deno 2.9, TypeScript 6, a 2-core machine):
 * the masters' 23–24 code cells take 15–90 ms in all (the JIT is cold in a
 * fresh worker), their slowest cell 16 ms; 5,000 small functions take
 * 0.5 s and a 5 MB numeric literal 0.8 s. {@link CELL_LIMIT_MS} (2 s) is
 * over 100× any normal cell; {@link NOTEBOOK_LIMIT_MS} (5 s) is over 10×
 * a notebook of 100 normal cells and bounds what a notebook of many bad
 * cells costs (each takes a restart). Starting a worker (0.2 s: it loads
 * the TypeScript compiler) is the kit's own code, so only the restarts
 * after a bad cell count against the notebook (one that would outlast it
 * gives up); a first start that fails or takes over a minute is a kit
 * failure and throws.
 *
 * A cell that times out, overflows the stack or crashes the worker is
 * reported with a Spanish reason and left out (the worker, if stopped, is
 * replaced and carries on with the next cell); cells still waiting when
 * the notebook's time runs out are reported as not analyzed. Time is the
 * worker's own (`guard_channel.ts`): a grader busy with another
 * submission, its replies waiting, never blames a cell that had finished.
 *
 * Workers are pooled while a hold is taken ({@link holdParseGuard}; every
 * grading call takes one), so overlapping calls (the batch grades two at a
 * time) reuse warm workers instead of paying a start each; when the last
 * hold ends the idle ones are terminated, since an idle Worker would keep
 * the process alive. A worker that was stopped is never reused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { guardParse } from "./guard.ts";
 * const deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
 * const result = await guardParse([
 *   { index: 0, source: "const K = 2;" },
 *   { index: 1, source: `const x = ${deep};` },
 * ]);
 * assert.deepEqual(result.parsed[0].analysis.declarations[0].names, ["K"]);
 * assert.equal(result.unparsed[0].index, 1);
 * assert.equal(result.unparsed[0].failure, "stack");
 * ```
 * @module
 */
import type { CellAnalysis } from "./cells.ts";
import { GuardWorker, nowMs } from "./guard_channel.ts";

/** Wall-clock limit of one cell's parse (ms). */
export const CELL_LIMIT_MS = 2_000;

/** Wall-clock limit of a whole notebook's parse, restarts included (ms). */
export const NOTEBOOK_LIMIT_MS = 5_000;

/** Idle workers kept for reuse (the batch grades two notebooks at a time). */
const MAX_IDLE = 4;

/** One code cell to parse. */
export interface SourceCell {
  /** Its 0-based index among the notebook's cells. */
  index: number;
  /** Its text. */
  source: string;
}

/** A cell the guard parsed. */
export interface ParsedCell {
  /** Its 0-based index among the notebook's cells. */
  index: number;
  /** What it holds, as `analyzeCell` reads it. */
  analysis: CellAnalysis;
}

/**
 * Why a cell was not parsed: its parse ran out of time (`timeout`, or
 * `budget` when the notebook's time ran out during it), overflowed the
 * stack, threw, or stopped the worker (`crash`); or it was never reached
 * (`skipped`: the notebook's time ran out before; `aborted`: the caller
 * gave up).
 */
export type GuardFailure =
  | "timeout"
  | "budget"
  | "stack"
  | "error"
  | "crash"
  | "skipped"
  | "aborted";

/** A cell the guard could not parse, and why (Spanish, for the student). */
export interface UnparsedCell {
  /** Its 0-based index among the notebook's cells. */
  index: number;
  /** What happened. */
  failure: GuardFailure;
  /** A sentence or two: what happened and what to do about it. */
  reason: string;
}

/** Every cell, parsed or not (each list in the order of the input). */
export interface GuardResult {
  /** The cells parsed. */
  parsed: ParsedCell[];
  /** The cells left out. */
  unparsed: UnparsedCell[];
}

/** Limits (tests shorten them) and the caller's abort signal. */
export interface GuardOptions {
  /** Longest parse of one cell (ms; default {@link CELL_LIMIT_MS}). */
  cellMs?: number;
  /** Longest parse of all the cells (ms; default {@link NOTEBOOK_LIMIT_MS}). */
  notebookMs?: number;
  /** Aborted when the caller gives up: the parse stops at once. */
  signal?: AbortSignal;
}

const ADVICE =
  "Simplifica la expresión: menos paréntesis, funciones o valores por defecto anidados unos dentro de otros; divídela en pasos con variables intermedias.";

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`.replace(".", ",");
}

function reasonOf(
  failure: GuardFailure,
  detail: string,
  cellMs: number,
  notebookMs: number,
): string {
  switch (failure) {
    case "timeout":
      return `el analizador de TypeScript no terminó en ${
        seconds(cellMs)
      }. ${ADVICE}`;
    case "budget":
      return `el analizador de TypeScript no terminó antes de agotarse los ${
        seconds(notebookMs)
      } que tiene el notebook entero. ${ADVICE}`;
    case "stack":
      return `la expresión anida demasiado: el analizador de TypeScript agotó su pila. ${ADVICE}`;
    case "error":
      return `el analizador de TypeScript falló (${detail}). ${ADVICE}`;
    case "crash":
      return `el analizador de TypeScript se detuvo (${detail}). ${ADVICE}`;
    case "skipped":
      return `no llegó a analizarse: el notebook agotó sus ${
        seconds(notebookMs)
      } de análisis en celdas anteriores. Simplifica las celdas señaladas antes.`;
    case "aborted":
      return "no llegó a analizarse: la evaluación se interrumpió.";
  }
}

const pool = { idle: [] as GuardWorker[], holds: 0 };

/**
 * Keeps started workers for reuse until the returned hold is disposed
 * (the last hold's end terminates the idle ones). Grading calls take one
 * each, so calls that overlap share warm workers.
 */
export function holdParseGuard(): Disposable {
  pool.holds++;
  let held = true;
  return {
    [Symbol.dispose]() {
      if (!held) return;
      held = false;
      if (--pool.holds === 0) {
        for (const worker of pool.idle.splice(0)) worker.terminate();
      }
    },
  };
}

function putBack(worker: GuardWorker): void {
  if (pool.holds > 0 && pool.idle.length < MAX_IDLE) pool.idle.push(worker);
  else worker.terminate();
}

function takeIdle(): GuardWorker | undefined {
  for (let worker = pool.idle.pop(); worker; worker = pool.idle.pop()) {
    if (!worker.dead) return worker;
    worker.terminate();
  }
  return undefined;
}

const byIndex = (a: { index: number }, b: { index: number }) =>
  a.index - b.index;

/**
 * Parses every cell off the event loop, within the limits; never throws
 * for anything the cells hold (only when no worker can start at all).
 */
export async function guardParse(
  cells: SourceCell[],
  options: GuardOptions = {},
): Promise<GuardResult> {
  using _hold = holdParseGuard();
  const cellMs = options.cellMs ?? CELL_LIMIT_MS;
  const notebookMs = options.notebookMs ?? NOTEBOOK_LIMIT_MS;
  const signal = options.signal;
  const result: GuardResult = { parsed: [], unparsed: [] };
  const fail = (cell: SourceCell, failure: GuardFailure, detail = "") =>
    result.unparsed.push({
      index: cell.index,
      failure,
      reason: reasonOf(failure, detail, cellMs, notebookMs),
    });
  let pending = cells;
  let deadline = Infinity;
  while (pending.length > 0 && !signal?.aborted) {
    const untilDeadline = deadline - nowMs();
    if (untilDeadline <= 0) break;
    const worker = takeIdle() ??
      await GuardWorker.start(
        signal,
        deadline === Infinity ? undefined : untilDeadline,
      );
    if (!worker) break;
    // The clock starts once the first worker is ready; restarts count.
    if (deadline === Infinity) deadline = nowMs() + notebookMs;
    const batch = pending;
    let received = 0;
    const outcome = await worker.analyze(
      batch.map((c) => c.source),
      { cellMs, deadline, signal },
      (reply) => {
        const cell = batch[received++];
        if ("analysis" in reply) {
          result.parsed.push({ index: cell.index, analysis: reply.analysis });
        } else fail(cell, reply.failure, reply.detail);
      },
    );
    if (outcome.kind === "done") {
      putBack(worker);
      pending = [];
      break;
    }
    worker.terminate();
    pending = batch.slice(received);
    if (outcome.kind === "aborted") break;
    // The cell the worker was in; the ones it finished whose replies were
    // still on their way are parsed again by the next worker.
    const at = Math.max(outcome.at, received) - received;
    fail(pending[at], outcome.kind, "detail" in outcome ? outcome.detail : "");
    pending = pending.filter((_, i) => i !== at);
  }
  for (const cell of pending) {
    fail(cell, signal?.aborted ? "aborted" : "skipped");
  }
  result.parsed.sort(byIndex);
  result.unparsed.sort(byIndex);
  return result;
}

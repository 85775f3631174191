/**
 * The parse guard's worker: a separate isolate that runs
 * {@link analyzeCell} on a submission's code cells, one after another, and
 * posts each cell's analysis (or why it failed) the moment it is done,
 * stamping when it begins each one (see `guard_protocol.ts`). Student text
 * is only data here, never code: the worker needs no permission beyond
 * loading its modules.
 *
 * @module
 */
import { analyzeCell } from "./cells.ts";
import {
  clockUs,
  type GuardReply,
  type GuardRequest,
} from "./guard_protocol.ts";

const MAX_DETAIL = 200;

const scope = globalThis as unknown as {
  postMessage(reply: GuardReply): void;
  onmessage: ((event: MessageEvent<GuardRequest>) => void) | null;
};

function failureOf(k: number, error: unknown): GuardReply {
  const detail = String((error as Error)?.message ?? error).slice(
    0,
    MAX_DETAIL,
  );
  return {
    t: "cell",
    k,
    failure: error instanceof RangeError ? "stack" : "error",
    detail,
  };
}

scope.onmessage = (event) => {
  const { sources, progress } = event.data;
  sources.forEach((source, k) => {
    Atomics.store(progress, k, clockUs());
    let reply: GuardReply;
    try {
      reply = { t: "cell", k, analysis: analyzeCell(source) };
    } catch (error) {
      // A RangeError is the parser's (or the AST walk's) stack overflowing
      // on deep nesting; anything else is the parser failing on this text.
      reply = failureOf(k, error);
    }
    try {
      scope.postMessage(reply);
    } catch (error) {
      scope.postMessage(failureOf(k, error));
    }
  });
  Atomics.store(progress, sources.length, clockUs());
};

scope.postMessage({ t: "ready" });

/**
 * Stopping a command cleanly on SIGINT (Ctrl-C) or SIGTERM: the first one
 * aborts the returned signal (the batch then stops starting calls, the
 * engine kills its sandboxes, and what is finished stays written); a second
 * one exits at once. Exit codes follow the shell's convention: 130 for
 * SIGINT, 143 for SIGTERM.
 *
 * @example
 * ```ts
 * import { interruptOnSignals } from "./signals.ts";
 * const stop = interruptOnSignals((name) => console.error(`${name}: parando…`));
 * // … runBatch(items, { …, signal: stop.signal }) …
 * stop.dispose();
 * if (stop.received()) Deno.exit(stop.exitCode());
 * ```
 * @module
 */

/** The signals that stop a batch. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** What {@link interruptOnSignals} returns. */
export interface Interruption {
  /** Aborted by the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** The signal received, if any. */
  received(): (typeof STOP_SIGNALS)[number] | null;
  /** 130 after SIGINT, 143 after SIGTERM, 0 otherwise. */
  exitCode(): number;
  /** Removes the listeners. */
  dispose(): void;
}

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Listens for SIGINT and SIGTERM (see the module doc). */
export function interruptOnSignals(
  onFirst?: (name: (typeof STOP_SIGNALS)[number]) => void,
): Interruption {
  const controller = new AbortController();
  let got: (typeof STOP_SIGNALS)[number] | null = null;
  const handlers = STOP_SIGNALS.map((name) => {
    const handler = () => {
      if (got) Deno.exit(CODES[got]);
      got = name;
      onFirst?.(name);
      controller.abort(name);
    };
    Deno.addSignalListener(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    received: () => got,
    exitCode: () => (got ? CODES[got] : 0),
    dispose: () => {
      for (const [name, handler] of handlers) {
        Deno.removeSignalListener(name, handler);
      }
    },
  };
}

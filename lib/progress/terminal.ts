/**
 * The main job's progress bar on stderr.
 *
 * @module
 */
import {
  epochSummary,
  formatDuration,
  progressLine,
  ProgressTracker,
} from "./format.ts";
import type {
  BatchProgress,
  EpochProgress,
  ProgressReporter,
} from "./types.ts";

/** Where the terminal progress writes (stderr by default). */
export interface TextSink {
  /** Writes text as is (no newline added). */
  write(text: string): void;
  /** True when the sink is an interactive terminal (enables in-place updates). */
  isTerminal: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

/** Options of {@linkcode TerminalProgress}. */
export interface TerminalProgressOptions {
  /** Output (default: `Deno.stderr`). */
  sink?: TextSink;
  /** Minimum milliseconds between redraws of the bar (default 100, i.e. ~10 Hz). */
  throttleMs?: number;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/** A {@linkcode TextSink} writing synchronously to `Deno.stderr`. */
export function stderrSink(): TextSink {
  const encoder = new TextEncoder();
  let isTerminal = false, columns: number | undefined;
  try {
    isTerminal = Deno.stderr.isTerminal();
    if (isTerminal) columns = Deno.consoleSize().columns;
  } catch { /* not a terminal, or no permission to ask */ }
  return {
    isTerminal,
    columns,
    write(text: string) {
      const bytes = encoder.encode(text);
      let off = 0;
      while (off < bytes.length) {
        off += Deno.stderr.writeSync(bytes.subarray(off));
      }
    },
  };
}

/**
 * A single-line progress bar (epoch, batch, loss, images/s, ETA) redrawn in
 * place with `\r` at most ~10 times a second, plus one summary line per
 * epoch. When stderr is not a terminal (CI logs, pipes), only the per-epoch
 * lines are written.
 *
 * @example
 * ```ts
 * import { TerminalProgress } from "./terminal.ts";
 * const progress = new TerminalProgress();
 * // await vae.fit(x, {
 * //   onBatchEnd: (b) => progress.onBatchEnd(b),
 * //   onEpochEnd: (r) => progress.onEpochEnd(r),
 * // });
 * progress.done();
 * ```
 */
export class TerminalProgress implements ProgressReporter {
  readonly #sink: TextSink;
  readonly #throttleMs: number;
  readonly #tracker: ProgressTracker;
  #lastDraw = -Infinity;
  #barShown = false;
  #epochs?: number;

  /** Creates a progress bar; see {@linkcode TerminalProgressOptions}. */
  constructor(options: TerminalProgressOptions = {}) {
    this.#sink = options.sink ?? stderrSink();
    this.#throttleMs = options.throttleMs ?? 100;
    this.#tracker = new ProgressTracker(options.now);
  }

  /** Updates the bar (throttled; the last batch of an epoch is always drawn). */
  onBatchEnd(info: BatchProgress): void {
    const state = this.#tracker.batch(info);
    this.#epochs = info.epochs;
    if (!this.#sink.isTerminal) return;
    const t = this.#tracker.now();
    if (
      t - this.#lastDraw < this.#throttleMs && info.batch + 1 < info.batches
    ) return;
    this.#lastDraw = t;
    let line = progressLine(state);
    const cols = this.#sink.columns;
    if (cols && line.length > cols - 1) {
      line = line.slice(0, Math.max(0, cols - 2)) + "\u2026";
    }
    this.#sink.write(`\r\x1b[2K${line}`);
    this.#barShown = true;
  }

  /** Replaces the bar with the epoch's summary line. */
  onEpochEnd(record: EpochProgress): void {
    this.#tracker.epoch(record);
    const line = epochSummary(record, this.#epochs);
    this.#sink.write(
      this.#sink.isTerminal ? `\r\x1b[2K${line}\n` : `${line}\n`,
    );
    this.#barShown = false;
    this.#lastDraw = -Infinity;
  }

  /** Clears a leftover bar and prints the total time. */
  done(): void {
    if (this.#barShown) this.#sink.write("\r\x1b[2K");
    this.#barShown = false;
    if (this.#tracker.state) {
      const total = formatDuration(this.#tracker.totalSeconds());
      this.#sink.write(`entrenamiento terminado en ${total}\n`);
    }
  }
}

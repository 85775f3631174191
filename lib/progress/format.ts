/**
 * Formatting shared by the terminal and notebook progress displays, and the
 * bookkeeping behind the ETA.
 *
 * @module
 */
import type { BatchProgress, EpochProgress } from "./types.ts";

/**
 * Formats seconds as `m:ss` or `h:mm:ss`; unknown values as `?`.
 *
 * @example
 * ```ts
 * import { formatDuration } from "./format.ts";
 * formatDuration(83); // "1:23"
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const ss = String(r).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A loss value with 2 decimals (4 significant digits when small), `NaN` kept visible. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(4);
}

/** A rate with thousands shown compactly: `870`, `12.3k`. */
export function formatRate(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return "?";
  return v >= 10000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v));
}

/**
 * A text bar of `width` cells filled to `fraction` (0..1).
 *
 * @example
 * ```ts
 * import { textBar } from "./format.ts";
 * textBar(0.5, 4); // "██░░"
 * ```
 */
export function textBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.floor(f * width);
  return "\u2588".repeat(full) + "\u2591".repeat(width - full);
}

const SPARKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";

/**
 * A one-line unicode sparkline of `values` (at most `width` characters).
 *
 * @example
 * ```ts
 * import { sparkline } from "./format.ts";
 * sparkline([3, 2, 1]); // "█▅▁"
 * ```
 */
export function sparkline(values: readonly number[], width = 30): string {
  const v = downsample(values.filter(Number.isFinite), width);
  if (v.length === 0) return "";
  const lo = Math.min(...v), hi = Math.max(...v);
  return v.map((x) =>
    SPARKS[hi === lo ? 3 : Math.round(((x - lo) / (hi - lo)) * 7)]
  ).join("");
}

/** Averages consecutive values so that at most `n` remain. */
export function downsample(values: readonly number[], n: number): number[] {
  if (values.length <= n) return [...values];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor((i * values.length) / n),
      b = Math.floor(((i + 1) * values.length) / n);
    let s = 0;
    for (let j = a; j < b; j++) s += values[j];
    out.push(s / (b - a));
  }
  return out;
}

/** One epoch's summary line, in Spanish. */
export function epochSummary(record: EpochProgress, epochs?: number): string {
  const parts = [
    `\u00e9poca ${record.epoch + 1}${epochs ? `/${epochs}` : ""}`,
    `p\u00e9rdida ${formatLoss(record.loss)}` +
    (record.reconstruction !== undefined && record.kl !== undefined
      ? ` (reconstrucci\u00f3n ${formatLoss(record.reconstruction)}, KL ${
        formatLoss(record.kl)
      })`
      : ""),
  ];
  if (record.valElbo !== undefined) {
    parts.push(`validaci\u00f3n \u2212ELBO ${formatLoss(-record.valElbo)}`);
  }
  if (record.seconds !== undefined) {
    parts.push(`${record.seconds.toFixed(1)} s`);
  }
  if (record.imagesPerSecond !== undefined) {
    parts.push(`${formatRate(record.imagesPerSecond)} img/s`);
  }
  return parts.join(" \u00b7 ");
}

/** Snapshot of training progress computed by {@linkcode ProgressTracker}. */
export interface ProgressState {
  /** Epoch index, from 0. */
  epoch: number;
  /** Total epochs. */
  epochs: number;
  /** Index of the last finished batch, from 0. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Fraction of the current epoch done. */
  epochFraction: number;
  /** Fraction of all training done. */
  totalFraction: number;
  /** Mean batch loss so far in this epoch. */
  runningLoss: number;
  /** Throughput reported by the last batch. */
  imagesPerSecond: number;
  /** Estimated seconds left for the whole training. */
  etaSeconds: number;
  /** Seconds since the first report. */
  elapsedSeconds: number;
}

/** Keeps the running loss, the batch loss trace and the ETA estimate. */
export class ProgressTracker {
  #t0 = NaN;
  #done0 = 0;
  #epoch = -1;
  #sum = 0;
  #count = 0;
  /** Batch losses so far (averaged in pairs when longer than 512). */
  readonly trace: number[] = [];
  /** Epoch records so far. */
  readonly epochs: EpochProgress[] = [];
  /** The latest state, if any batch was reported. */
  state?: ProgressState;

  readonly #created: number;

  /** `now` returns milliseconds (injectable for tests). */
  constructor(readonly now: () => number = () => performance.now()) {
    this.#created = now();
  }

  /** Seconds since this tracker was created. */
  totalSeconds(): number {
    return (this.now() - this.#created) / 1000;
  }

  /** Records one batch and returns the new state. */
  batch(info: BatchProgress): ProgressState {
    const t = this.now();
    const done = info.epoch * info.batches + info.batch + 1;
    const total = info.epochs * info.batches;
    if (Number.isNaN(this.#t0)) {
      // The first batch's own duration is unknown: estimate from the epoch rate.
      this.#t0 = t;
      this.#done0 = done;
    }
    if (info.epoch !== this.#epoch) {
      this.#epoch = info.epoch;
      this.#sum = 0;
      this.#count = 0;
    }
    if (Number.isFinite(info.loss)) {
      this.#sum += info.loss;
      this.#count++;
    }
    this.trace.push(info.loss);
    if (this.trace.length > 512) {
      const halved = downsample(this.trace, 256);
      this.trace.splice(0, this.trace.length, ...halved);
    }
    const elapsed = (t - this.#t0) / 1000;
    const perBatch = done > this.#done0 ? elapsed / (done - this.#done0) : NaN;
    this.state = {
      epoch: info.epoch,
      epochs: info.epochs,
      batch: info.batch,
      batches: info.batches,
      epochFraction: (info.batch + 1) / info.batches,
      totalFraction: done / total,
      runningLoss: this.#count ? this.#sum / this.#count : NaN,
      imagesPerSecond: info.imagesPerSecond,
      etaSeconds: (total - done) * perBatch,
      elapsedSeconds: elapsed,
    };
    return this.state;
  }

  /** Records one epoch. */
  epoch(record: EpochProgress): void {
    this.epochs.push(record);
  }
}

/** The live one-line text of a state: epoch, bar, batch, loss, images/s, ETA. */
export function progressLine(s: ProgressState, barWidth = 24): string {
  return [
    `\u00e9poca ${s.epoch + 1}/${s.epochs} ${
      textBar(s.epochFraction, barWidth)
    }`,
    `lote ${s.batch + 1}/${s.batches}`,
    `p\u00e9rdida ${formatLoss(s.runningLoss)}`,
    `${formatRate(s.imagesPerSecond)} img/s`,
    `quedan ${formatDuration(s.etaSeconds)}`,
  ].join(" \u00b7 ");
}

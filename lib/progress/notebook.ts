/**
 * Live training progress in a Deno Jupyter cell: one display that is
 * updated in place (`display_data` then `update_display_data` with the same
 * `display_id`), not a wall of lines.
 *
 * @module
 */
import {
  downsample,
  epochSummary,
  formatDuration,
  formatLoss,
  formatRate,
  progressLine,
  type ProgressState,
  ProgressTracker,
  sparkline,
} from "./format.ts";
import { escapeHtml } from "../text/html.ts";
import { type JupyterApi, jupyterApi } from "./jupyter.ts";
import type {
  BatchProgress,
  EpochProgress,
  ProgressReporter,
} from "./types.ts";

/** Epoch rows a live display keeps (the most recent ones). */
const MAX_EPOCH_ROWS = 8;
/** Options of {@linkcode NotebookProgress}. */
export interface NotebookProgressOptions {
  /** The kernel API (default `Deno.jupyter`; injectable for tests). */
  jupyter?: JupyterApi;
  /** Minimum milliseconds between updates (default 250). */
  throttleMs?: number;
  /** Heading of the display (default "Entrenamiento"). */
  title?: string;
  /** The Jupyter display id (default: a fresh unique id). */
  displayId?: string;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/** The media bundle of one progress state: HTML for the notebook, plain text for other front ends. */
export interface ProgressBundle {
  /** The rich view shown by Jupyter front ends. */
  "text/html": string;
  /** The fallback view (also what PDF exports without HTML use). */
  "text/plain": string;
}

/** An inline SVG sparkline of the batch losses. */
function svgSparkline(
  values: readonly number[],
  width = 220,
  height = 36,
): string {
  const v = downsample(values.filter(Number.isFinite), 110);
  if (v.length < 2) return "";
  const lo = Math.min(...v), hi = Math.max(...v);
  const pts = v.map((x, i) => {
    const px = (i / (v.length - 1)) * (width - 2) + 1;
    const py = hi === lo
      ? height / 2
      : 2 + (1 - (x - lo) / (hi - lo)) * (height - 4);
    return `${px.toFixed(1)},${py.toFixed(1)}`;
  }).join(" ");
  return `<svg width="${width}" height="${height}" style="vertical-align:middle;background:#fafafa;border:1px solid #ddd">` +
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${pts}"/></svg>` +
    ` <span style="color:#666">p\u00e9rdida por lote: ${
      formatLoss(hi)
    } \u2192 ${formatLoss(v[v.length - 1])}</span>`;
}

/** Renders a progress state (or the finished state) as a media bundle. */
export function renderProgress(
  title: string,
  state: ProgressState | undefined,
  tracker: ProgressTracker,
  finished: boolean,
  totalSeconds: number,
): ProgressBundle {
  const epochs = state?.epochs;
  // Long runs keep the display (and a rendered PDF) short: the loss curves
  // and the returned history hold every epoch.
  const shown = tracker.epochs.slice(-MAX_EPOCH_ROWS);
  const omitted = tracker.epochs.length - shown.length;
  const omittedNote = omitted > 0
    ? `(${omitted} \u00e9pocas anteriores no se muestran)`
    : "";
  const status = finished
    ? `terminado en ${formatDuration(totalSeconds)}`
    : state
    ? progressLine(state, 20)
    : "esperando el primer lote\u2026";
  const fraction = finished ? 1 : state?.totalFraction ?? 0;
  const plain = [
    `${title}: ${status}`,
    ...(tracker.trace.length > 1
      ? [`p\u00e9rdida por lote ${sparkline(tracker.trace, 40)}`]
      : []),
    ...(omittedNote ? [omittedNote] : []),
    ...shown.map((r) => epochSummary(r, epochs)),
  ].join("\n");
  const head = state && !finished
    ? `<b>\u00c9poca ${state.epoch + 1}/${state.epochs}</b> \u00b7 lote ${
      state.batch + 1
    }/${state.batches}` +
      ` \u00b7 p\u00e9rdida ${formatLoss(state.runningLoss)} \u00b7 ${
        formatRate(state.imagesPerSecond)
      } img/s` +
      ` \u00b7 quedan ${formatDuration(state.etaSeconds)}`
    : escapeHtml(status);
  const rows = shown.map((r) =>
    `<tr><td>${r.epoch + 1}</td><td>${formatLoss(r.loss)}</td>` +
    `<td>${
      r.reconstruction === undefined ? "" : formatLoss(r.reconstruction)
    }</td>` +
    `<td>${r.kl === undefined ? "" : formatLoss(r.kl)}</td>` +
    `<td>${r.valElbo === undefined ? "" : formatLoss(-r.valElbo)}</td>` +
    `<td>${r.seconds === undefined ? "" : r.seconds.toFixed(1)}</td></tr>`
  ).join("");
  const table = rows
    ? `<table style="font-size:12px;margin-top:4px"><tr><th>\u00e9poca</th><th>p\u00e9rdida</th>` +
      `<th>reconstrucci\u00f3n</th><th>KL</th><th>validaci\u00f3n \u2212ELBO</th><th>s</th></tr>${rows}</table>`
    : "";
  const html =
    `<div class="vaelab-progress" style="font-family:monospace;font-size:13px;line-height:1.6">` +
    `<div><b>${escapeHtml(title)}</b> \u00b7 ${head}</div>` +
    `<div style="width:360px;height:10px;background:#e6e6e6;border-radius:4px;overflow:hidden">` +
    `<div style="width:${(fraction * 100).toFixed(1)}%;height:100%;background:${
      finished ? "#2ca02c" : "#1f77b4"
    }"></div></div>` +
    `<div>${svgSparkline(tracker.trace)}</div>${table}` +
    (omittedNote ? `<div style="font-size:12px">${omittedNote}</div>` : "") +
    `</div>` +
    `<style>.vaelab-progress td,.vaelab-progress th{padding:0 10px;text-align:right}</style>`;
  return { "text/html": html, "text/plain": plain };
}

let counter = 0;

/**
 * Training progress shown in a notebook cell and updated in place: a bar with
 * epoch, batch, running loss, images/s and ETA, a sparkline of the batch
 * losses, and a table of finished epochs. Updates are throttled (default
 * every 250 ms) and the last one is drawn by {@linkcode NotebookProgress.done}.
 *
 * @example
 * ```ts ignore
 * import { NotebookProgress } from "./notebook.ts";
 * const progress = new NotebookProgress({ title: "VAE denso" });
 * // await vae.fit(x, {
 * //   onBatchEnd: (b) => progress.onBatchEnd(b),
 * //   onEpochEnd: (r) => progress.onEpochEnd(r),
 * // });
 * await progress.done();
 * ```
 */
export class NotebookProgress implements ProgressReporter {
  readonly #jupyter: JupyterApi;
  readonly #throttleMs: number;
  readonly #title: string;
  readonly #tracker: ProgressTracker;
  /** The Jupyter display id this progress updates. */
  readonly displayId: string;
  #shown = false;
  #lastDraw = -Infinity;
  #pending: Promise<void> = Promise.resolve();

  /** Creates the progress display (nothing is shown until the first report). */
  constructor(options: NotebookProgressOptions = {}) {
    const jupyter = options.jupyter ?? jupyterApi();
    if (!jupyter) {
      throw new Error(
        "NotebookProgress necesita el kernel Jupyter de Deno (Deno.jupyter); en una terminal use TerminalProgress o progressFor()",
      );
    }
    this.#jupyter = jupyter;
    this.#throttleMs = options.throttleMs ?? 250;
    this.#title = options.title ?? "Entrenamiento";
    this.#tracker = new ProgressTracker(options.now);
    this.displayId = options.displayId ??
      `vaelab-progress-${Date.now().toString(36)}-${++counter}`;
  }

  #draw(finished = false): Promise<void> {
    const bundle = renderProgress(
      this.#title,
      this.#tracker.state,
      this.#tracker,
      finished,
      this.#tracker.totalSeconds(),
    );
    const type = this.#shown ? "update_display_data" : "display_data";
    this.#shown = true;
    this.#lastDraw = this.#tracker.now();
    const content = {
      data: bundle,
      metadata: {},
      transient: { display_id: this.displayId },
    };
    this.#pending = this.#pending.then(() =>
      this.#jupyter.broadcast(type, content)
    );
    return this.#pending;
  }

  /** Records a batch; redraws at most every `throttleMs`. */
  onBatchEnd(info: BatchProgress): Promise<void> {
    this.#tracker.batch(info);
    if (this.#tracker.now() - this.#lastDraw < this.#throttleMs) {
      return this.#pending;
    }
    return this.#draw();
  }

  /** Records an epoch and redraws. */
  onEpochEnd(record: EpochProgress): Promise<void> {
    this.#tracker.epoch(record);
    return this.#draw();
  }

  /** Draws the finished state and waits until it is sent. */
  async done(): Promise<void> {
    await this.#draw(true);
    // nbconvert sometimes drops a cell's trailing output without a short pause.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  formatDuration,
  type JupyterApi,
  NotebookProgress,
  progressFor,
  ProgressTracker,
  renderProgress,
  sparkline,
  TerminalProgress,
  textBar,
  type TextSink,
} from "../lib/progress/mod.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));

function fakeSink(
  isTerminal: boolean,
  columns?: number,
): TextSink & { writes: string[] } {
  const writes: string[] = [];
  return {
    isTerminal,
    columns,
    writes,
    write: (t: string) => void writes.push(t),
  };
}

/** Simulates `epochs` × `batches` of training with `msPerBatch` on a fake clock. */
async function simulate(
  progress: {
    onBatchEnd: (i: never) => unknown;
    onEpochEnd: (r: never) => unknown;
    done: () => unknown;
  },
  clock: { t: number },
  epochs: number,
  batches: number,
  msPerBatch: number,
) {
  for (let e = 0; e < epochs; e++) {
    for (let b = 0; b < batches; b++) {
      clock.t += msPerBatch;
      await progress.onBatchEnd(
        {
          epoch: e,
          epochs,
          batch: b,
          batches,
          loss: 100 + b,
          imagesPerSecond: 640,
        } as never,
      );
    }
    await progress.onEpochEnd(
      {
        epoch: e,
        loss: 150 - e,
        reconstruction: 140,
        kl: 10 - e,
        valElbo: -(155 - e),
        seconds: 1.5,
        imagesPerSecond: 640,
      } as never,
    );
  }
  await progress.done();
}

Deno.test("formatting helpers", () => {
  assert.equal(formatDuration(83), "1:23");
  assert.equal(formatDuration(3725), "1:02:05");
  assert.equal(formatDuration(NaN), "?");
  assert.equal(textBar(0.5, 4), "\u2588\u2588\u2591\u2591");
  assert.equal(textBar(2, 3), "\u2588\u2588\u2588");
  assert.equal(sparkline([3, 2, 1]), "\u2588\u2585\u2581"); // 3.5 rounds up
  assert.equal(
    sparkline(Array.from({ length: 100 }, (_, i) => i), 10).length,
    10,
  );
});

Deno.test("TerminalProgress on a TTY: one line redrawn in place, epoch summaries, ETA", async () => {
  const clock = { t: 0 };
  const sink = fakeSink(true);
  const progress = new TerminalProgress({
    sink,
    now: () => clock.t,
    throttleMs: 100,
  });
  // 1 s per batch: every batch is drawn.
  await simulate(progress, clock, 2, 50, 1000);
  const bars = sink.writes.filter((w) =>
    w.startsWith("\r\x1b[2K\u00e9poca") && !w.endsWith("\n")
  );
  assert.equal(bars.length, 100);
  assert.ok(
    bars.every((b) => !b.includes("\n")),
    "the bar never breaks the line",
  );
  // After 50 of 100 batches at 1 s each, 50 s remain.
  const last0 = bars[49];
  assert.match(
    last0,
    /\u00e9poca 1\/2 \u2588{24} \u00b7 lote 50\/50 \u00b7 p\u00e9rdida 124\.50 \u00b7 640 img\/s \u00b7 quedan 0:50/,
  );
  assert.match(bars[99], /\u00e9poca 2\/2 .* quedan 0:00/);
  const summaries = sink.writes.filter((w) => w.endsWith("\n"));
  assert.equal(summaries.length, 3);
  assert.equal(
    summaries[0],
    "\r\x1b[2K\u00e9poca 1/2 \u00b7 p\u00e9rdida 150.00 (reconstrucci\u00f3n 140.00, KL 10.00)" +
      " \u00b7 validaci\u00f3n \u2212ELBO 155.00 \u00b7 1.5 s \u00b7 640 img/s\n",
  );
  assert.match(summaries[2], /entrenamiento terminado en 1:40/);
});

Deno.test("TerminalProgress throttles to ~10 Hz and fits the terminal width", async () => {
  const clock = { t: 0 };
  const sink = fakeSink(true, 40);
  const progress = new TerminalProgress({ sink, now: () => clock.t });
  await simulate(progress, clock, 1, 200, 5); // 1 s of batches at 5 ms each
  const bars = sink.writes.filter((w) =>
    w.startsWith("\r\x1b[2K\u00e9poca") && !w.endsWith("\n")
  );
  assert.ok(
    bars.length >= 9 && bars.length <= 12,
    `${bars.length} redraws in 1 s`,
  );
  assert.match(bars.at(-1)!, /\u2026$/);
  assert.ok(bars.every((b) => b.length - "\r\x1b[2K".length <= 39));
});

Deno.test("TerminalProgress without a TTY writes one line per epoch only", async () => {
  const clock = { t: 0 };
  const sink = fakeSink(false);
  await simulate(
    new TerminalProgress({ sink, now: () => clock.t }),
    clock,
    3,
    20,
    10,
  );
  assert.equal(sink.writes.length, 4);
  assert.ok(sink.writes.every((w) => !w.includes("\r") && w.endsWith("\n")));
  assert.match(sink.writes[2], /^\u00e9poca 3\/3 \u00b7 p\u00e9rdida 148\.00/);
});

Deno.test("NotebookProgress: one display, updated in place and throttled", async () => {
  const messages: { type: string; content: Record<string, unknown> }[] = [];
  const jupyter: JupyterApi = {
    display: () => Promise.reject(new Error("not used")),
    broadcast: (type, content) => {
      messages.push({ type, content });
      return Promise.resolve();
    },
  };
  const clock = { t: 0 };
  const progress = new NotebookProgress({
    jupyter,
    now: () => clock.t,
    title: "VAE denso",
  });
  await simulate(progress, clock, 2, 100, 10); // 2 s in total, 250 ms throttle
  assert.equal(messages[0].type, "display_data");
  assert.ok(messages.slice(1).every((m) => m.type === "update_display_data"));
  const ids = new Set(
    messages.map((m) =>
      (m.content.transient as { display_id: string }).display_id
    ),
  );
  assert.deepEqual([...ids], [progress.displayId]);
  // ≈ 2 s / 250 ms batch updates + 2 epoch updates + the final one
  assert.ok(
    messages.length >= 8 && messages.length <= 13,
    `${messages.length} messages`,
  );
  const last = messages.at(-1)!.content.data as Record<string, string>;
  assert.match(last["text/html"], /class="vaelab-progress"/);
  assert.match(last["text/html"], /terminado en 0:02/);
  assert.match(
    last["text/html"],
    /<td>2<\/td><td>149\.00<\/td><td>140\.00<\/td><td>9\.00<\/td><td>154\.00<\/td>/,
  );
  assert.match(last["text/html"], /<svg /);
  assert.match(
    last["text/plain"],
    /\u00e9poca 2\/2 \u00b7 p\u00e9rdida 149\.00 .*validaci\u00f3n \u2212ELBO 154\.00/,
  );
  const mid = messages[2].content.data as Record<string, string>;
  assert.match(mid["text/html"], /\u00c9poca 1\/2<\/b> \u00b7 lote \d+\/100/);
});

Deno.test("progressFor picks the terminal outside the kernel; NotebookProgress explains itself there", () => {
  assert.ok(progressFor() instanceof TerminalProgress);
  assert.ok(progressFor("terminal") instanceof TerminalProgress);
  assert.throws(
    () => new NotebookProgress(),
    /kernel Jupyter de Deno.*TerminalProgress/,
  );
  assert.throws(
    () => progressFor("cuaderno" as never),
    /valid: "auto", "notebook", "terminal"/,
  );
});

async function hasCommand(cmd: string, args: string[]): Promise<boolean> {
  try {
    const r = await new Deno.Command(cmd, {
      args,
      stdout: "null",
      stderr: "null",
    }).output();
    return r.code === 0;
  } catch {
    return false;
  }
}

Deno.test({
  name:
    "in a real Deno notebook (nbconvert --execute): progress is one display updated in place; figures show inline",
  sanitizeResources: false,
  async fn() {
    if (!(await hasCommand("jupyter", ["nbconvert", "--version"]))) {
      console.warn(
        "SKIP: jupyter nbconvert is not installed (apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client)",
      );
      return;
    }
    const specs = await new Deno.Command("jupyter", {
      args: ["kernelspec", "list", "--json"],
      stderr: "null",
    })
      .output();
    if (!new TextDecoder().decode(specs.stdout).includes('"deno"')) {
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["jupyter", "--install"],
      }).output();
      assert.equal(r.code, 0, "deno jupyter --install failed");
    }
    await Deno.mkdir(`${REPO}out`, { recursive: true });
    // Inside the repository so that the kernel finds deno.json (import map for "canvas").
    const dir = await Deno.makeTempDir({
      dir: `${REPO}out`,
      prefix: "progress_nb_",
    });
    try {
      const progressUrl =
        new URL("../lib/progress/mod.ts", import.meta.url).href;
      const plotUrl = new URL("../lib/plot/mod.ts", import.meta.url).href;
      const cell = (id: string, source: string) => ({
        cell_type: "code",
        execution_count: null,
        id,
        metadata: {},
        outputs: [],
        source: source,
      });
      const nb = {
        cells: [
          cell(
            "train",
            `import { progressFor } from "${progressUrl}";
const progress = progressFor();
console.log(progress.constructor.name);
for (let e = 0; e < 3; e++) {
  for (let b = 0; b < 40; b++) {
    await new Promise((r) => setTimeout(r, 5));
    await progress.onBatchEnd({ epoch: e, epochs: 3, batch: b, batches: 40, loss: 200 / (1 + e + b / 40), imagesPerSecond: 1000 });
  }
  await progress.onEpochEnd({ epoch: e, loss: 150 - e, reconstruction: 140 - e, kl: 10, valElbo: -(160 - e), seconds: 0.2, imagesPerSecond: 1000 });
}
await progress.done();`,
          ),
          cell(
            "figure",
            `import { Figure, show } from "${plotUrl}";
const fig = new Figure(40, 30, "#808080");
await show(fig);`,
          ),
          cell("last", `fig`),
          cell(
            "gif",
            `import { animateGif } from "${plotUrl}";
animateGif([fig, new Figure(40, 30, "#000000")], { delayMs: 100 })`,
          ),
        ],
        metadata: {
          kernelspec: {
            display_name: "Deno",
            language: "typescript",
            name: "deno",
          },
          language_info: { name: "typescript" },
        },
        nbformat: 4,
        nbformat_minor: 5,
      };
      await Deno.writeTextFile(`${dir}/x.ipynb`, JSON.stringify(nb, null, 1));
      const run = await new Deno.Command("jupyter", {
        args: [
          "nbconvert",
          "--to",
          "notebook",
          "--execute",
          `${dir}/x.ipynb`,
          "--output",
          `${dir}/x.out.ipynb`,
        ],
        cwd: dir,
      }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      const out = JSON.parse(await Deno.readTextFile(`${dir}/x.out.ipynb`));
      type Out = {
        output_type: string;
        data?: Record<string, string | string[]>;
        text?: string | string[];
      };
      const text = (v: string | string[] | undefined) =>
        Array.isArray(v) ? v.join("") : v ?? "";
      const outputs: Out[] = out.cells[0].outputs;
      assert.ok(
        outputs.every((o) => o.output_type !== "error"),
        JSON.stringify(outputs),
      );
      const displays = outputs.filter((o) => o.output_type === "display_data");
      assert.equal(
        displays.length,
        1,
        `one progress display, got ${displays.length}`,
      );
      assert.equal(
        outputs.length,
        2,
        "the class name line and the progress display, nothing else",
      );
      assert.equal(text(outputs[0].text).trim(), "NotebookProgress");
      const html = text(displays[0].data!["text/html"]);
      assert.match(html, /vaelab-progress/);
      assert.match(html, /terminado en/, "the display holds the final state");
      assert.equal(
        html.match(/<tr><td>/g)?.length,
        3,
        "one table row per epoch",
      );
      assert.match(
        text(displays[0].data!["text/plain"]),
        /\u00e9poca 3\/3 \u00b7 p\u00e9rdida 148\.00/,
      );
      const gifs = (out.cells[3].outputs as Out[]).filter((o) =>
        o.data?.["image/gif"]
      );
      assert.equal(
        gifs.length,
        1,
        "an animation as the last expression shows as image/gif",
      );
      assert.match(
        atob(text(gifs[0].data!["image/gif"]).trim().slice(0, 8)),
        /^GIF89a/,
      );
      for (const c of [1, 2]) {
        const pngs = (out.cells[c].outputs as Out[]).filter((o) =>
          o.data?.["image/png"]
        );
        assert.equal(pngs.length, 1, `cell ${c} shows the figure as a PNG`);
        const bytes = Uint8Array.from(
          atob(text(pngs[0].data!["image/png"]).trim()),
          (ch) => ch.charCodeAt(0),
        );
        assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("a long run's live display keeps the last 8 epochs and says how many it hides", () => {
  const tracker = new ProgressTracker(() => 0);
  for (let epoch = 0; epoch < 50; epoch++) {
    tracker.epoch({ epoch, loss: 200 - epoch, reconstruction: 190, kl: 10 });
  }
  const bundle = renderProgress("VAE", undefined, tracker, true, 60);
  const rows = bundle["text/html"].match(/<tr><td>\d+<\/td>/g) ?? [];
  assert.deepEqual(rows.map((r) => Number(r.match(/\d+/)![0])), [
    43,
    44,
    45,
    46,
    47,
    48,
    49,
    50,
  ]);
  assert.match(bundle["text/html"], /42 épocas anteriores no se muestran/);
  assert.match(bundle["text/plain"], /42 épocas anteriores no se muestran/);
});

/**
 * The parse guard: no parse of a student's text runs on the grader's event
 * loop. A parse bomb (`async (a=` nested 26 deep: many minutes for
 * TypeScript's parser) costs its own notebook the cell limit and nobody
 * else anything; 100,000 nested parentheses (a stack overflow) are a clear
 * message, not an internal error; a grader busy elsewhere never blames a
 * cell that had finished; whatever goes wrong, a report of a known lab
 * keeps the lab's maximum.
 */
import assert from "node:assert/strict";
import { gradeNotebook } from "../lib/grading/engine/grade.ts";
import { loadLab } from "../lib/grading/engine/labs.ts";
import { total } from "../lib/grading/engine/score.ts";
import { analyzeCell } from "../lib/grading/parse/cells.ts";
import {
  CELL_LIMIT_MS,
  guardParse,
  holdParseGuard,
  type SourceCell,
} from "../lib/grading/parse/guard.ts";
import { exerciseIdOf } from "../lib/notebook/exercise.ts";
import {
  cellSource,
  formatNotebook,
  type Notebook,
  readNotebook,
  toLines,
} from "../lib/notebook/nbformat.ts";
import { codeCell } from "./notebook_copies.ts";

const LAB1 = "lab1_elbo_dense_vae";
const LAB2 = "lab2_conv_vae";

/** Exponential for TypeScript's parser: n = 20 takes ~10 s, each +2 about ×3. */
const bomb = (n: number) =>
  `const f = ${"async (a=".repeat(n)}1${")".repeat(n)};`;
/** Overflows the parser's stack. */
const DEEP = `const deep = ${"(".repeat(100_000)}1${")".repeat(100_000)};`;

const codeSources = (nb: Notebook): SourceCell[] =>
  nb.cells.flatMap((c, index) =>
    c.cell_type === "code" ? [{ index, source: cellSource(c) }] : []
  );

/** The longest pause of the event loop while `run` runs (ms). */
async function longestPause<T>(run: () => Promise<T>): Promise<[T, number]> {
  let last = performance.now(), longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 20);
  try {
    const value = await run();
    longest = Math.max(longest, performance.now() - last);
    return [value, longest];
  } finally {
    clearInterval(timer);
  }
}

/** Writes each notebook as `<name>/<lab>.ipynb` in a fresh folder; returns their paths and a cleanup. */
async function written(
  notebooks: Record<string, [string, Notebook]>,
): Promise<{ paths: Record<string, string>; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "vaelab-guard-test-" });
  const paths: Record<string, string> = {};
  for (const [name, [lab, nb]] of Object.entries(notebooks)) {
    await Deno.mkdir(`${dir}/${name}`);
    paths[name] = `${dir}/${name}/${lab}.ipynb`;
    await Deno.writeTextFile(paths[name], formatNotebook(nb));
  }
  return { paths, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/** The lab's maximum, as reports total it. */
const labMax = async (id: string) =>
  total((await loadLab(id)).exercises.map((e) => e.points));

Deno.test("parse guard: the worker's analysis of every master cell is the in-process one", async () => {
  for (const lab of [LAB1, LAB2]) {
    const cells = codeSources(await readNotebook(`solutions/${lab}.ipynb`));
    const result = await guardParse(cells);
    assert.deepEqual(result.unparsed, []);
    assert.deepEqual(
      result.parsed,
      cells.map((c) => ({ index: c.index, analysis: analyzeCell(c.source) })),
    );
  }
});

Deno.test("parse guard: a bomb stops at the cell limit and a stack overflow is reported, the cells around them parsed, the event loop never paused", async () => {
  const started = performance.now();
  const [result, pause] = await longestPause(() =>
    guardParse([
      { index: 0, source: "const K = 2;" },
      { index: 3, source: bomb(26) },
      { index: 4, source: DEEP },
      { index: 7, source: "function g(x: number) { return x + K; }" },
    ])
  );
  const ms = performance.now() - started;
  assert.deepEqual(
    result.unparsed.map((u) => [u.index, u.failure]),
    [[3, "timeout"], [4, "stack"]],
  );
  assert.match(result.unparsed[0].reason, /no terminó en 2 s\. Simplifica/);
  assert.match(result.unparsed[1].reason, /anida demasiado/);
  // The worker replacing the stopped one still parses what follows (and
  // after the stack overflow, the same worker parses correctly).
  assert.deepEqual(result.parsed.map((p) => p.index), [0, 7]);
  assert.deepEqual([...result.parsed[1].analysis.declarations[0].uses], ["K"]);
  // Measured ~2.7 s (the 2 s limit, a restart); unguarded, many minutes.
  assert.ok(ms >= CELL_LIMIT_MS && ms < 20_000, `${ms} ms`);
  // Measured ~20–60 ms; a parse on the loop would be the whole bomb.
  assert.ok(pause < 1_000, `event loop paused ${pause} ms`);
});

Deno.test("parse guard: the notebook's limit bounds many bad cells, the cells it never reached are reported", async () => {
  const cells = [
    ...Array.from({ length: 6 }, (_, i) => ({ index: i, source: bomb(24) })),
    { index: 6, source: "const K = 2;" },
  ];
  const started = performance.now();
  const result = await guardParse(cells, { cellMs: 300, notebookMs: 1_000 });
  const ms = performance.now() - started;
  assert.deepEqual(result.parsed, []);
  assert.deepEqual(result.unparsed.map((u) => u.index), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(result.unparsed[0].failure, "timeout");
  assert.equal(result.unparsed.at(-1)!.failure, "skipped");
  assert.match(result.unparsed.at(-1)!.reason, /agotó sus 1 s de análisis/);
  // Measured ~1.3 s: 1 s after the first worker started, plus that start.
  assert.ok(ms < 10_000, `${ms} ms`);
});

Deno.test("parse guard: a grader busy past the limit does not blame the cells that finished meanwhile", async () => {
  using _hold = holdParseGuard();
  await guardParse([{ index: 0, source: "0;" }]); // a started worker
  const slow = Array.from(
    { length: 2_000 },
    (_, i) => `function f${i}(x: number) { return x * ${i} + Math.exp(-x); }`,
  ).join("\n");
  // With a started worker the request is posted before guardParse returns.
  const parsing = guardParse([
    { index: 0, source: slow },
    { index: 1, source: "const K = 2;" },
  ], { cellMs: 1_000 });
  // The grader's loop busy (another submission's work) for 2.5× the limit:
  // the replies and the limit's timer are due together when it frees.
  const until = performance.now() + 2_500;
  while (performance.now() < until) { /* busy */ }
  const result = await parsing;
  assert.deepEqual(result.unparsed, []);
  assert.deepEqual(result.parsed.map((p) => p.index), [0, 1]);
});

Deno.test("parse guard: an abort stops a parse at once", async () => {
  using _hold = holdParseGuard();
  await guardParse([{ index: 0, source: "0;" }]); // a started worker
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const started = performance.now();
  const result = await guardParse([
    { index: 0, source: "const K = 2;" },
    { index: 1, source: bomb(26) },
    { index: 2, source: "const L = 3;" },
  ], { signal: controller.signal });
  const ms = performance.now() - started;
  assert.deepEqual(
    result.unparsed.map((u) => [u.index, u.failure]),
    [[1, "aborted"], [2, "aborted"]],
  );
  assert.ok(ms < CELL_LIMIT_MS, `${ms} ms`);
});

Deno.test("parse guard: workers are reused while held, and none outlives the last hold (the process exits)", async () => {
  const cells = [{ index: 0, source: "const K = 2;" }];
  {
    using _hold = holdParseGuard();
    const t0 = performance.now();
    await guardParse(cells);
    const first = performance.now() - t0;
    const t1 = performance.now();
    await guardParse(cells);
    const second = performance.now() - t1;
    // Measured ~450 ms (a start: it loads TypeScript) against ~2 ms.
    assert.ok(second * 2 < first, `first ${first} ms, then ${second} ms`);
  }
  const guard = new URL("../lib/grading/parse/guard.ts", import.meta.url);
  const script = `import { guardParse } from "${guard.href}";
    const r = await guardParse([{ index: 0, source: "const K = 2;" }]);
    console.log(r.parsed.length);`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", "deno.json", script],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  });
  const out = await child.output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "1");
});

Deno.test("gradeNotebook: a parse bomb next to an honest submission costs the honest one nothing, and its own report names the cell", async () => {
  const honest = await readNotebook(`solutions/${LAB2}.ipynb`);
  const attacked = await readNotebook(`solutions/${LAB1}.ipynb`);
  attacked.cells.push(codeCell(bomb(26)));
  const { paths, cleanup } = await written({
    bomb: [LAB1, attacked],
    honest: [LAB2, honest],
  });
  try {
    // Warm the kit first: loading its modules is a pause of its own.
    await gradeNotebook(`solutions/${LAB2}.ipynb`, { mode: "check" });
    const started = performance.now();
    const [[a, b], pause] = await longestPause(() =>
      Promise.all([
        gradeNotebook(paths.bomb, { seed: 1 }),
        gradeNotebook(paths.honest, { seed: 1 }),
      ])
    );
    const ms = performance.now() - started;
    assert.deepEqual(b.problems, []);
    assert.equal(b.score, b.maxScore);
    assert.ok(b.maxScore > 0);
    assert.equal(a.problems.length, 1, a.problems.join("\n"));
    assert.match(
      a.problems[0],
      /^La celda código «const f = async \(a=async.*» \(la n\.º \d+ del notebook\) no se pudo analizar: el analizador de TypeScript no terminó en 2 s\. Simplifica la expresión/,
    );
    // The cell is left out; the rest of the notebook grades as usual.
    assert.equal(a.score, a.maxScore);
    assert.equal(a.maxScore, await labMax(LAB1));
    // Measured ~10–14 s for both; the bomb alone, unguarded, many minutes.
    assert.ok(ms < 120_000, `${ms} ms`);
    // Measured 0.2–0.8 s (the kit's own work: its first parse of lab 1's
    // references, the tests' inputs); a parse on the loop, the whole bomb.
    assert.ok(pause < 5_000, `event loop paused ${pause} ms`);
  } finally {
    await cleanup();
  }
});

Deno.test("gradeNotebook: 100,000 nested parentheses are a clear message, in an extra cell (ignored) or an exercise cell (its 0), and the lab's maximum stands", async () => {
  const lab = await loadLab(LAB1);
  const nb = await readNotebook(`solutions/${LAB1}.ipynb`);
  nb.cells.push(codeCell(DEEP));
  const target = lab.exercises[0];
  const cell = nb.cells.find((c) => exerciseIdOf(c) === target.definition.id)!;
  cell.source = toLines(`${cellSource(cell)}\n${DEEP}\n`);
  const { paths, cleanup } = await written({ deep: [LAB1, nb] });
  try {
    const report = await gradeNotebook(paths.deep, { seed: 1 });
    const max = await labMax(LAB1);
    assert.equal(report.maxScore, max);
    assert.equal(report.score, total([max, -target.points]));
    assert.equal(report.problems.length, 2, report.problems.join("\n"));
    assert.match(
      report.problems[0],
      new RegExp(
        `^La celda ejercicio «${target.definition.id}» .* no se pudo analizar: la expresión anida demasiado`,
      ),
    );
    assert.match(
      report.problems[1],
      /^La celda código «const deep = \(\(\(.*» \(la n\.º \d+ del notebook\) no se pudo analizar: la expresión anida demasiado: el analizador de TypeScript agotó su pila\. Simplifica la expresión/,
    );
    const graded = report.exercises.find((e) => e.id === target.definition.id)!;
    assert.equal(graded.points, 0);
    assert.equal(graded.maxPoints, target.points);
    assert.match(
      graded.messages.join("\n"),
      /^La celda del ejercicio no se pudo analizar: la expresión anida demasiado/,
    );
    for (const e of report.exercises) {
      if (e !== graded) assert.equal(e.points, e.maxPoints, e.id);
    }
  } finally {
    await cleanup();
  }
});

Deno.test("gradeNotebook: an internal error (no temporary folder) keeps the lab's maximum and every exercise listed", async () => {
  const lab = await loadLab(LAB1);
  const saved = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", "/nonexistent/vaelab-guard-test");
  let report;
  try {
    report = await gradeNotebook(`solutions/${LAB1}.ipynb`, { seed: 1 });
  } finally {
    if (saved === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", saved);
  }
  assert.match(report.problems.join("\n"), /Error interno del corrector/);
  assert.equal(report.lab, LAB1);
  assert.equal(report.score, 0);
  assert.equal(report.maxScore, await labMax(LAB1));
  assert.deepEqual(
    report.exercises.map((e) => [e.id, e.maxPoints]),
    lab.exercises.map((e) => [e.definition.id, e.points]),
  );
});

/**
 * The grader against its own corpus (tests/fixtures/submissions/): correct
 * code written differently from the reference gets full marks and the
 * usual mistakes get exactly their points and causes, each over 20 fresh
 * seeds; attacks and broken notebooks get their expected points and
 * messages. Everything is graded as one batch, two at a time, next to the
 * two masters, which must keep their full marks: no submission costs
 * another its grade. Afterwards no sandbox process and no temporary folder
 * is left, and no student module reached the user's DENO_DIR.
 */
import assert from "node:assert/strict";
import { gradeNotebookSeeds } from "../lib/grading/engine/grade.ts";
import { freshSeed } from "../lib/grading/checks/inputs.ts";
import { REPO_ROOT } from "../lib/grading/engine/run_sandbox.ts";
import type { GradeReport } from "../lib/grading/report.ts";
import type { CorpusEntry } from "./fixtures/submissions/corpus.ts";
import { CORPUS, writeCorpus } from "./fixtures/submissions/make_corpus.ts";

const SEEDS = 20;

function feedback(report: GradeReport, id: string): string {
  const e = report.exercises.find((x) => x.id === id);
  return e ? [...e.messages, ...e.tests.map((t) => t.message)].join("\n") : "";
}

/** Checks one report against its entry's expectations. */
export function checkReport(entry: CorpusEntry, report: GradeReport): void {
  const where = `${entry.name} (seed ${report.seed})`;
  if (entry.problem) {
    assert.ok(
      report.problems.some((p) => p.includes(entry.problem!)),
      `${where}: expected a problem containing "${entry.problem}", got ${
        JSON.stringify(report.problems)
      }`,
    );
  } else {
    assert.deepEqual(
      report.problems,
      [],
      `${where}: no notebook-level problem expected`,
    );
  }
  assert.equal(report.lab, entry.lab, `${where}: lab`);
  for (const e of report.exercises) {
    const want = entry.expect[e.id] ??
      { points: entry.othersZero ? "zero" : "full" };
    const points = want.points === "full"
      ? e.maxPoints
      : want.points === "zero"
      ? 0
      : want.points;
    assert.equal(
      e.points,
      points,
      `${where}/${e.id}: expected ${points} points, got ${e.points}\n${
        feedback(report, e.id)
      }`,
    );
    if (want.message) {
      assert.ok(
        feedback(report, e.id).includes(want.message),
        `${where}/${e.id}: feedback should contain "${want.message}":\n${
          feedback(report, e.id)
        }`,
      );
    }
    for (const t of e.tests.filter((x) => x.hidden && !x.passed)) {
      assert.match(
        t.message,
        /^(Prueba oculta fallida: |No evaluado)/,
        `${where}: a hidden test shows more than its property and hint`,
      );
    }
  }
  // No report says where the grader keeps its files.
  const text = JSON.stringify({ ...report, notebook: "" });
  for (const secret of [REPO_ROOT, "vaelab-grade-"]) {
    assert.ok(!text.includes(secret), `${where}: the report names ${secret}`);
  }
  entry.verify?.(report);
}

async function pool<T>(
  items: T[],
  jobs: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

/** This process's sandboxes (their read root is one of its workspaces), alive or orphaned. */
function sandboxProcesses(): string[] {
  const ours = `vaelab-grade-${Deno.pid}-`;
  const out: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (
        cmd.includes("lib/grading/sandbox/harness.ts") && cmd.includes(ours)
      ) {
        out.push(entry.name);
      }
    } catch { /* gone */ }
  }
  return out;
}

Deno.test({
  name:
    "grader corpus: correct, wrong, broken and malicious submissions, graded as one batch",
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "vaelab-corpus-" });
    try {
      // VAELAB_CORPUS=<text>[,<text>…] grades only the entries whose name
      // contains one of them.
      const only = Deno.env.get("VAELAB_CORPUS")?.split(",").filter(Boolean);
      const entries = CORPUS.filter((e) =>
        !only || only.some((part) => e.name.includes(part))
      );
      const paths = await writeCorpus(dir, entries);
      const jobs = [
        ...entries.map((entry) => ({ entry, path: paths.get(entry.name)! })),
        ...["lab1_elbo_dense_vae", "lab2_conv_vae"].map((lab) => ({
          entry: {
            name: `master_${lab}`,
            lab,
            description: "the master, graded amid the corpus",
            build: () => "",
            expect: {},
            seeds: "one",
          } as CorpusEntry,
          path: `solutions/${lab}.ipynb`,
        })),
      ];
      // Interleave the masters with the attacks: a neighbour never costs them.
      jobs.sort((a, b) =>
        (a.entry.seeds === "one" ? 1 : 0) - (b.entry.seeds === "one" ? 1 : 0)
      );
      const results = new Map<string, GradeReport[]>();
      const started = performance.now();
      await pool(jobs, 2, async ({ entry, path }) => {
        const seeds = entry.seeds === "many"
          ? Array.from({ length: SEEDS }, freshSeed)
          : [freshSeed()];
        results.set(
          entry.name,
          await gradeNotebookSeeds(path, seeds, {
            timeoutMs: entry.seeds === "many" ? 20_000 : 8_000,
          }),
        );
      });
      console.log(
        `graded ${jobs.length} submissions (${
          entries.filter((e) => e.seeds === "many").length
        } of them on ${SEEDS} seeds) in ${
          ((performance.now() - started) / 1000).toFixed(0)
        } s`,
      );
      for (const { entry } of jobs) {
        await t.step(`${entry.name}: ${entry.description}`, () => {
          for (const report of results.get(entry.name)!) {
            checkReport(entry, report);
          }
        });
      }
      await t.step("nothing is left running or written", async () => {
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(
          sandboxProcesses(),
          [],
          "sandbox processes still running",
        );
        const tmp = Deno.env.get("TMPDIR") || "/tmp";
        const left = [...Deno.readDirSync(tmp)].filter((e) =>
          e.name.startsWith(`vaelab-grade-${Deno.pid}-submission-`)
        );
        assert.deepEqual(
          left.map((e) => e.name),
          [],
          "temporary submission folders left behind",
        );
        const info = JSON.parse(
          new TextDecoder().decode(
            (await new Deno.Command(Deno.execPath(), {
              args: ["info", "--json"],
            }).output()).stdout,
          ),
        );
        const gen = `${info.denoDir}/gen/file${tmp}`;
        let leaked: string[] = [];
        try {
          leaked = [...Deno.readDirSync(gen)].map((e) => e.name).filter((n) =>
            n.startsWith(`vaelab-grade-${Deno.pid}-`)
          );
        } catch { /* no such folder: nothing leaked */ }
        assert.deepEqual(
          leaked,
          [],
          "student modules compiled into the user's DENO_DIR",
        );
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

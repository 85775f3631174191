/**
 * The autograder against its corpus (tests/fixtures/submissions/corpus.ts):
 * every wrong or adversarial submission, generated from the current master
 * notebooks, must get exactly the expected points per exercise and the
 * expected message, with every other exercise graded normally; the whole
 * batch is graded by `gradeMany` (two at a time, as `deno task grade`).
 */
import assert from "node:assert/strict";
import { useBackend } from "../lib/backend/mod.ts";
import { gradeMany } from "../lib/grading/batch.ts";
import type { GradeReport } from "../lib/grading/grade.ts";
import { CORPUS } from "./fixtures/submissions/corpus.ts";
import { writeCorpus } from "./fixtures/submissions/make_corpus.ts";

await useBackend("wasm");

const haveSolutions = ["lab1_elbo_dense_vae", "lab2_conv_vae"].every((lab) => {
  try {
    return Deno.statSync(`solutions/${lab}.ipynb`).isFile;
  } catch {
    return false;
  }
});

function feedback(report: GradeReport, id: string): string {
  const e = report.exercises.find((x) => x.id === id)!;
  return [...e.messages, ...e.tests.map((t) => t.message)].join("\n");
}

Deno.test({
  name:
    "autograder corpus: wrong and adversarial submissions get exactly the expected scores and messages",
  ignore: !haveSolutions,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "vaelab-corpus-" });
    try {
      const paths = await writeCorpus(dir);
      const started = performance.now();
      const reports = await gradeMany([...paths.values()], {
        jobs: 2,
        timeoutMs: 6000,
        heapMb: 512,
        rssMb: 1024,
        outDir: `${dir}/out`,
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `graded ${reports.length} corpus submissions in ${
          seconds.toFixed(1)
        } s`,
      );
      for (const [i, entry] of CORPUS.entries()) {
        const report = reports[i];
        await t.step(`${entry.name}: ${entry.description}`, () => {
          if (entry.problem) {
            assert.ok(
              report.problems.some((p) => p.includes(entry.problem!)),
              `expected a problem containing "${entry.problem}", got ${
                JSON.stringify(report.problems)
              }`,
            );
          } else {
            assert.deepEqual(
              report.problems,
              [],
              "no notebook-level problem expected",
            );
          }
          assert.equal(report.lab, entry.lab);
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
              `${entry.name}/${e.id}: expected ${points} points, got ${e.points}\n${
                feedback(report, e.id)
              }`,
            );
            if (want.message) {
              assert.ok(
                feedback(report, e.id).includes(want.message),
                `${entry.name}/${e.id}: feedback should contain "${want.message}":\n${
                  feedback(report, e.id)
                }`,
              );
            }
            if (
              entry.othersZero && !entry.problem &&
              entry.name.endsWith("untouched")
            ) {
              assert.ok(
                e.messages.some((m) => m.startsWith("Sin implementar")),
                `${entry.name}/${e.id}: expected the "not implemented" message, got ${
                  JSON.stringify(e.messages)
                }`,
              );
            }
          }
          // Hidden tests never leak anything but their hint.
          for (const e of report.exercises) {
            for (const test of e.tests.filter((x) => x.hidden && !x.passed)) {
              assert.ok(
                /^(Prueba oculta fallida\. Pista: |No evaluado)/.test(
                  test.message,
                ),
                `hidden test message leaks details: ${test.message}`,
              );
            }
          }
        });
      }
      // The batch wrote every report.
      const csv = await Deno.readTextFile(`${dir}/out/grades.csv`);
      assert.equal(csv.trim().split("\n").length, CORPUS.length + 1);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

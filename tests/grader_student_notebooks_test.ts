/**
 * The released student notebooks in `notebooks/`, untouched, get zero on
 * every code exercise, each with the "not implemented" message, and every
 * theory answer is listed as unanswered. (The corpus test checks the same on
 * notebooks released in memory from `solutions/`; this one checks the files
 * students actually receive.)
 */
import assert from "node:assert/strict";
import { useBackend } from "../lib/backend/mod.ts";
import { gradeNotebook, LABS } from "../lib/grading/grade.ts";
import { NOT_IMPLEMENTED } from "../lib/grading/feedback.ts";

await useBackend("wasm");

for (const lab of LABS) {
  const path = `notebooks/${lab.id}.ipynb`;
  let exists = false;
  try {
    exists = Deno.statSync(path).isFile;
  } catch { /* not released yet */ }
  Deno.test({
    name: `${path} (untouched): zero on every exercise, each "not implemented"`,
    ignore: !exists,
    async fn() {
      const report = await gradeNotebook(path);
      assert.deepEqual(report.problems, []);
      assert.equal(report.lab, lab.id);
      assert.equal(report.score, 0);
      assert.equal(report.exercises.length, lab.exercises.length);
      for (const e of report.exercises) {
        assert.deepEqual(
          e.messages,
          [NOT_IMPLEMENTED],
          `${e.id}: ${e.messages.join(" | ")}`,
        );
      }
      assert.ok(report.answers.length > 0);
      for (const a of report.answers) {
        assert.equal(a.answered, false, `${a.id} should be unanswered`);
      }
    },
  });
}

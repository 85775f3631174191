/**
 * The released student notebooks in `notebooks/`, untouched, get zero on
 * every code exercise, each with the "not implemented" message, every theory
 * answer listed as unanswered, and a copy check that finds nothing missing,
 * added, moved or modified (they are the release).
 */
import assert from "node:assert/strict";
import { gradeNotebook } from "../lib/grading/engine/grade.ts";
import { labIds, loadLab } from "../lib/grading/engine/labs.ts";
import { NOT_IMPLEMENTED } from "../lib/grading/feedback/errors.ts";

for (const id of labIds()) {
  const path = `notebooks/${id}.ipynb`;
  Deno.test(`${path} (untouched): zero on every exercise, each "not implemented"`, async () => {
    const lab = await loadLab(id);
    const report = await gradeNotebook(path);
    assert.deepEqual(report.problems, []);
    assert.equal(report.lab, id);
    assert.equal(report.labTitle, lab.title);
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
    const copy = report.copy!;
    assert.deepEqual([copy.missing, copy.added, copy.moved, copy.modified], [
      [],
      [],
      [],
      [],
    ]);
    assert.equal(copy.broken, false);
    assert.deepEqual(copy.stamp, copy.release);
    assert.equal(
      copy.emptyAnswers.length,
      lab.exercises.length + lab.answers.length,
    );
  });
}

/**
 * THE grading test: `deno test` grades notebooks with the autograder.
 *
 * - With no choice made it grades the master notebooks in `solutions/` and
 *   asserts they get full marks (this is how CI proves the grader and the
 *   solutions agree).
 * - To grade a student's notebook instead:
 *     VAELAB_NOTEBOOK=path/to/student.ipynb deno test -A tests/grading_test.ts
 *   Each exercise is a test step named like `kl_standard_normal (1/1)`
 *   (points earned / possible); a step fails with the Spanish feedback when
 *   points are missing; each theory answer is a passing step that says
 *   whether it was written (the instructor marks it by hand), and the full
 *   feedback is printed at the end.
 *
 * @module
 */
import assert from "node:assert/strict";
import { gradeNotebook } from "../lib/grading/engine/grade.ts";
import { labIds, loadLab } from "../lib/grading/engine/labs.ts";
import { reportMarkdown } from "../lib/grading/reports/markdown.ts";

const pts = (x: number) => String(Math.round(x * 1000) / 1000);
const chosen = Deno.env.get("VAELAB_NOTEBOOK");
const notebooks = chosen
  ? [chosen]
  : labIds().map((id) => `solutions/${id}.ipynb`).filter((path) => {
    try {
      return Deno.statSync(path).isFile;
    } catch {
      return false;
    }
  });

for (const notebook of notebooks) {
  Deno.test(`autograder: ${notebook}`, async (t) => {
    const report = await gradeNotebook(notebook);
    for (const problem of report.problems) {
      await t.step(`notebook: ${problem.slice(0, 60)}`, () => {
        throw new Error(problem);
      });
    }
    for (const e of report.exercises) {
      await t.step(`${e.id} (${pts(e.points)}/${pts(e.maxPoints)})`, () => {
        if (e.points < e.maxPoints) {
          const failed = e.tests.filter((x) => !x.passed).map((x) =>
            `- ${x.name}${x.hidden ? " (oculta)" : ""}: ${x.message}`
          );
          throw new Error([...e.messages, ...failed].join("\n"));
        }
      });
    }
    for (const a of report.answers) {
      const kind = a.bonus ? "teoría, extra" : "teoría";
      await t.step(
        `${a.id} (${kind}, ${pts(a.maxPoints)} pts manuales): ${
          a.answered ? "respondida" : "sin responder"
        }`,
        () => {},
      );
    }
    if (chosen) {
      console.log(reportMarkdown(report));
      return;
    }
    const lab = await loadLab(report.lab!);
    const total = lab.exercises.reduce((s, e) => s + e.points, 0);
    assert.equal(report.maxScore, total);
    assert.equal(report.score, total, `${notebook} must get full marks`);
    assert.equal(report.answers.length, lab.answers.length);
    assert.ok(
      report.answers.every((a) => a.answered),
      "every answer of a master is written",
    );
  });
}

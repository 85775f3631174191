/**
 * THE grading test: `deno test` grades notebooks with the autograder.
 *
 * - With no choice made it grades the master notebooks in `solutions/` and
 *   asserts they get full marks (this is how CI proves the grader and the
 *   solutions agree).
 * - To grade a student's notebook instead:
 *     VAELAB_NOTEBOOK=path/to/student.ipynb deno test -A tests/grading_test.ts
 *   or pass it after `--`:
 *     deno test -A tests/grading_test.ts -- path/to/student.ipynb
 *   Each exercise is a test step named like `kl_standard_normal (1/1)`
 *   (points earned / possible); a step fails with the Spanish feedback when
 *   points are missing, and the full feedback is printed at the end.
 *
 * @module
 */
import assert from "node:assert/strict";
import { useBackend } from "../lib/backend/mod.ts";
import { gradeNotebook, labPoints, LABS } from "../lib/grading/grade.ts";
import { pts, reportMarkdown } from "../lib/grading/report_markdown.ts";

await useBackend("wasm");

const chosen = Deno.env.get("VAELAB_NOTEBOOK") || Deno.args[0];
const solutions = LABS.map((lab) => `solutions/${lab.id}.ipynb`).filter(
  (path) => {
    try {
      return Deno.statSync(path).isFile;
    } catch {
      return false;
    }
  },
);
const notebooks = chosen ? [chosen] : solutions;

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
      await t.step(
        `${a.id} (teoría, ${a.manualPoints ?? "?"} pts manuales): ${
          a.answered ? "respondida" : "sin responder"
        }`,
        () => {},
      );
    }
    if (chosen) {
      console.log(reportMarkdown(report));
    } else {
      const lab = LABS.find((l) => l.id === report.lab)!;
      assert.equal(
        report.score,
        labPoints(lab),
        `${notebook} must get full marks`,
      );
      assert.equal(report.maxScore, labPoints(lab));
    }
  });
}

if (!chosen && solutions.length === 0) {
  Deno.test(
    "autograder: no solution notebooks yet",
    { ignore: true },
    () => {},
  );
}

/**
 * Gradescope's autograder `results.json` for one submission: the automatic
 * score, `execution_time` (seconds), an overall `output` and one test per
 * (exercise, test), both in Markdown (`output_format` and
 * `test_output_format` `"md"`) escaped like the Markdown report (messages
 * fenced, so nothing a student wrote is interpreted), test names as plain
 * text (`test_name_format` `"text"`), hidden tests visible only once grades
 * are published (their output is only the authored hint), and `extra_data`
 * with the seed, the lab, the kit's version and the release's version.
 *
 * @example
 * ```ts
 * import { gradescopeResults } from "./gradescope.ts";
 * import assert from "node:assert/strict";
 * import { gradeNotebook } from "../engine/grade.ts";
 * const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", { mode: "check" });
 * assert.equal(gradescopeResults(report).score, 0);
 * ```
 * @module
 */
import type { GradeReport } from "../report.ts";
import { mdBlock } from "./escape.ts";
import { summarySections } from "./markdown.ts";
import type { ReportExtras } from "./view.ts";
import { cleanLine } from "./text.ts";

/** One entry of Gradescope's `tests` array. */
export interface GradescopeTest {
  /** `<exercise>: <test>`, plain text. */
  name: string;
  /** The name is shown as plain text. */
  name_format: "text";
  /** Points earned. */
  score: number;
  /** Points possible. */
  max_score: number;
  /** Passed or failed. */
  status: "passed" | "failed";
  /** Feedback, Markdown (messages fenced). */
  output: string;
  /** The output is Markdown. */
  output_format: "md";
  /** Hidden tests show once grades are published. */
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
}

/** Gradescope's results.json document. */
export interface GradescopeResults {
  /** The automatic score. */
  score: number;
  /** Seconds the grading took. */
  execution_time: number;
  /** The overall feedback, Markdown. */
  output: string;
  /** The overall output is Markdown. */
  output_format: "md";
  /** Tests' outputs are Markdown. */
  test_output_format: "md";
  /** Tests' names are plain text. */
  test_name_format: "text";
  /** Results are shown to the student. */
  visibility: "visible";
  /** run_autograder's stdout is for instructors only. */
  stdout_visibility: "hidden";
  /** Stored with the result: what reproduces it. */
  extra_data: {
    seed: number;
    lab: string | null;
    kitVersion: string;
    releaseVersion: string | null;
    submission: string;
  };
  /** One per (exercise, test). */
  tests: GradescopeTest[];
}

function testsOf(report: GradeReport): GradescopeTest[] {
  const tests: GradescopeTest[] = [];
  for (const e of report.exercises) {
    const messages = e.messages.map((m) => mdBlock(m));
    if (e.tests.length === 0) {
      tests.push({
        name: cleanLine(e.id),
        name_format: "text",
        score: e.points,
        max_score: e.maxPoints,
        status: e.points >= e.maxPoints && e.maxPoints > 0
          ? "passed"
          : "failed",
        output: messages.join("\n\n"),
        output_format: "md",
        visibility: "visible",
      });
    }
    for (const t of e.tests) {
      const output = t.passed
        ? ""
        : [...messages, t.message ? mdBlock(t.message) : ""]
          .filter(Boolean).join("\n\n");
      tests.push({
        name: cleanLine(`${e.id}: ${t.name}${t.hidden ? " (oculta)" : ""}`),
        name_format: "text",
        score: t.points,
        max_score: t.maxPoints,
        status: t.passed ? "passed" : "failed",
        output,
        output_format: "md",
        visibility: t.hidden ? "after_published" : "visible",
      });
    }
  }
  return tests;
}

/** Builds Gradescope's results.json for a report (see the module doc). */
export function gradescopeResults(
  report: GradeReport,
  extras: ReportExtras = {},
): GradescopeResults {
  const { head, tail } = summarySections(report, extras);
  return {
    score: report.score,
    execution_time: Math.max(0, Math.round(report.durationMs / 1000)),
    output: [...head, ...tail].join("\n").trimEnd() + "\n",
    output_format: "md",
    test_output_format: "md",
    test_name_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    extra_data: {
      seed: report.seed,
      lab: report.lab,
      kitVersion: report.kitVersion,
      releaseVersion: report.copy?.release?.version ?? null,
      submission: report.submission,
    },
    tests: testsOf(report),
  };
}

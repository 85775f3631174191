/**
 * Moved to `lib/grading/reports/gradescope.ts`; this wrapper keeps callers
 * of the old path (and of the previous grader's report shape) working until
 * they move.
 *
 * @module
 */
import type { GradeReport as LegacyReport } from "./grade.ts";
import type { GradeReport } from "./report.ts";
import { toReport } from "./batch/legacy.ts";
import {
  type GradescopeResults,
  gradescopeResults as render,
} from "./reports/gradescope.ts";

export type { GradescopeResults };

/** Gradescope's results.json of a report (either shape). */
export function gradescopeResults(
  report: GradeReport | LegacyReport,
): GradescopeResults {
  return render(toReport(report));
}

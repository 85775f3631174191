/**
 * Moved to `lib/grading/gradebook/grades_csv.ts`; this wrapper keeps
 * callers of the old path (and of the previous grader's report shape)
 * working until they move.
 *
 * @module
 */
import type { GradeReport as LegacyReport } from "./grade.ts";
import type { GradeReport } from "./report.ts";
import { toReport } from "./batch/legacy.ts";
import { gradesCsv as render } from "./gradebook/grades_csv.ts";

/** Renders the grades table of reports (either shape), without marks. */
export function gradesCsv(reports: (GradeReport | LegacyReport)[]): string {
  return render(reports.map((r) => ({ report: toReport(r) })));
}

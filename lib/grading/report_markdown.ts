/**
 * Moved to `lib/grading/reports/markdown.ts`; this wrapper keeps callers of
 * the old path (and of the previous grader's report shape) working until
 * they move.
 *
 * @module
 */
import type { GradeReport as LegacyReport } from "./grade.ts";
import type { GradeReport } from "./report.ts";
import { toReport } from "./batch/legacy.ts";
import { reportMarkdown as render } from "./reports/markdown.ts";
import type { ReportExtras } from "./reports/view.ts";

export { pts } from "./reports/view.ts";

/** Renders a report (either shape) as Markdown. */
export function reportMarkdown(
  report: GradeReport | LegacyReport,
  extras?: ReportExtras,
): string {
  return render(toReport(report), extras);
}

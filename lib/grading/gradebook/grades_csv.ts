/**
 * `grades.csv`: one row per submission with its key and name, one column
 * per exercise (automatic points) and their total, one column per theory
 * question (the instructor's marks) and their total, the final grade on the
 * 0–10 scale (`final (0-10)`, see `final.ts`), what is still missing, the
 * notebook-level problems and the notebook's path. With several labs in one
 * batch, exercise and question columns are prefixed `<lab>:`. Every text
 * cell is quoted and defused (`reports/escape.ts`); numbers use a decimal
 * point.
 *
 * @example
 * ```ts
 * import { gradesCsv } from "./grades_csv.ts";
 * console.log(gradesCsv([]));
 * ```
 * @module
 */
import type { GradeReport } from "../report.ts";
import { csvRow } from "../reports/escape.ts";
import type { FinalGrade } from "./final.ts";

/** One row of the gradebook. */
export interface GradebookRow {
  /** The submission's report. */
  report: GradeReport;
  /** Its theory marks, by answer id. */
  marks?: ReadonlyMap<string, number>;
  /** Its final grade, when computed. */
  final?: FinalGrade;
}

/** The header of the final grade column: it states the scale. */
export const FINAL_COLUMN = "final (0-10)";

const num = (x: number) => Math.round(x * 1000) / 1000;

/** Renders the gradebook (see the module doc). */
export function gradesCsv(rows: readonly GradebookRow[]): string {
  const exercises: { key: string; id: string }[] = [];
  const questions: { key: string; id: string; bonus: boolean }[] = [];
  for (const { report: r } of rows) {
    for (const e of r.exercises) {
      const key = `${r.lab}:${e.id}`;
      if (!exercises.some((x) => x.key === key)) {
        exercises.push({ key, id: e.id });
      }
    }
    for (const a of r.answers) {
      const key = `${r.lab}:${a.id}`;
      if (!questions.some((x) => x.key === key)) {
        questions.push({ key, id: a.id, bonus: a.bonus });
      }
    }
  }
  const labs = new Set(rows.map((r) => r.report.lab));
  const label = (c: { key: string; id: string }) =>
    labs.size > 1 ? c.key : c.id;
  const header = [
    "submission",
    "student",
    "lab",
    ...exercises.map(label),
    "practice",
    "practice_max",
    ...questions.map((q) => `${label(q)}${q.bonus ? " (bonus)" : ""}`),
    "theory (bonus incl.)",
    "theory_max",
    FINAL_COLUMN,
    "status",
    "problems",
    "notebook",
  ];
  const lines = rows.map(({ report: r, marks, final }) => {
    const points = new Map(r.exercises.map((e) => [`${r.lab}:${e.id}`, e]));
    const asked = new Set(r.answers.map((a) => `${r.lab}:${a.id}`));
    const theoryMax = r.answers.filter((a) => !a.bonus)
      .reduce((s, a) => s + a.maxPoints, 0);
    return csvRow([
      r.submission,
      r.student,
      r.lab ?? "",
      ...exercises.map((c) => {
        const e = points.get(c.key);
        return e ? num(e.points) : "";
      }),
      num(r.score),
      num(r.maxScore),
      ...questions.map((q) => {
        const mark = asked.has(q.key) ? marks?.get(q.id) : undefined;
        return mark === undefined ? "" : num(mark);
      }),
      final?.theory == null ? "" : num(final.theory),
      r.answers.length ? num(theoryMax) : "",
      final?.grade == null ? "" : final.grade,
      [
        final?.status ?? "",
        r.strictZero ? `cero por --strict: ${r.strictZero}` : "",
      ]
        .filter(Boolean).join("; "),
      r.problems.join(" | "),
      r.notebook,
    ]);
  });
  return [csvRow(header), ...lines].join("\n") + "\n";
}

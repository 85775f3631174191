/**
 * `grades.csv`: one row per submission, one column per exercise (points),
 * the automatic total and maximum, the theory answers' status, and the
 * notebook path.
 *
 * @module
 */
import type { GradeReport } from "../grade.ts";
import { pts } from "../reports/markdown.ts";

function cell(value: string | number): string {
  const text = String(value);
  // Quote, and defuse spreadsheet formulas in student-controlled text.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string"
    ? `'${text}`
    : text;
  return /[",\n\r]/.test(safe) || safe !== text
    ? `"${safe.replace(/"/g, '""')}"`
    : safe;
}

/** Renders the grades table of many reports (exercise columns in lab order). */
export function gradesCsv(reports: GradeReport[]): string {
  const exerciseIds: string[] = [];
  const answerIds: string[] = [];
  for (const r of reports) {
    for (const e of r.exercises) {
      const key = `${r.lab}:${e.id}`;
      if (!exerciseIds.includes(key)) exerciseIds.push(key);
    }
    for (const a of r.answers) {
      const key = `${r.lab}:${a.id}`;
      if (!answerIds.includes(key)) answerIds.push(key);
    }
  }
  const labs = new Set(reports.map((r) => r.lab));
  const label = (key: string) => labs.size > 1 ? key : key.split(":")[1];
  const header = [
    "student",
    "lab",
    ...exerciseIds.map(label),
    "total",
    "max",
    ...answerIds.map((k) => `${label(k)} (respondida)`),
    "problems",
    "notebook",
  ];
  const rows = reports.map((r) => {
    const byId = new Map(r.exercises.map((e) => [`${r.lab}:${e.id}`, e]));
    const answers = new Map(r.answers.map((a) => [`${r.lab}:${a.id}`, a]));
    return [
      r.student,
      r.lab ?? "",
      ...exerciseIds.map((k) => byId.has(k) ? pts(byId.get(k)!.points) : ""),
      pts(r.score),
      pts(r.maxScore),
      ...answerIds.map((k) =>
        answers.has(k) ? (answers.get(k)!.answered ? "sí" : "no") : ""
      ),
      r.problems.join(" | "),
      r.notebook,
    ];
  });
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\n") +
    "\n";
}

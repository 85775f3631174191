/**
 * The blank `marks.csv` an instructor fills in: one row per submission and
 * theory question of its lab, with `points` empty and the question's
 * maximum and bonus flag (from the release) alongside for reference.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { blankMarksCsv } from "./blank.ts";
 * const csv = blankMarksCsv([{ key: "ana/lab1", info: {
 *   id: "lab1", title: "Lab 1", weights: { theory: 1, practice: 1 },
 *   exercises: [], answers: [{ id: "p1", points: 1.5, bonus: false }],
 * } }]);
 * assert.equal(csv, '"student","question","points","max","bonus"\n"ana/lab1","p1","",1.5,"no"\n');
 * ```
 * @module
 */
import type { LabInfo } from "../batch/engine.ts";
import { csvRow } from "../reports/escape.ts";
import { MARKS_COLUMNS } from "./marks.ts";

/** Renders the blank marks file for submissions of known labs. */
export function blankMarksCsv(
  submissions: readonly { key: string; info: LabInfo }[],
): string {
  const lines = [
    csvRow([...MARKS_COLUMNS.required, ...MARKS_COLUMNS.optional]),
  ];
  for (const { key, info } of submissions) {
    for (const a of info.answers) {
      lines.push(csvRow([key, a.id, "", a.points, a.bonus ? "sí" : "no"]));
    }
  }
  return lines.join("\n") + "\n";
}

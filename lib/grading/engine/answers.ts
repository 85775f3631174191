/**
 * Theory answers: which the student wrote. Their value (points, bonus)
 * comes from the lab's release, never from the submission's own metadata.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerText } from "./answers.ts";
 * assert.equal(answerText("<!-- ANSWER: p1a -->\n**Respuesta P1 a)**\n\n_Escribe aquí tu respuesta._"), "");
 * assert.equal(answerText("<!-- ANSWER: p1a -->\nPorque $D_{KL} \\ge 0$."), "Porque $D_{KL} \\ge 0$.");
 * ```
 * @module
 */
import { cellLabel } from "../../notebook/cell_label.ts";
import { answerIdOf } from "../../notebook/exercise.ts";
import { cellSource, type Notebook } from "../../notebook/nbformat.ts";
import { ANSWER_PROMPT } from "../../notebook/release.ts";
import type { AnswerResult } from "../report.ts";
import type { LabAnswer } from "./labs.ts";

/** The student's answer text: marker comments, the prompt and bare title lines removed. */
export function answerText(source: string): string {
  return source
    .replace(/<!--[\s\S]*?-->/g, "")
    .replaceAll(ANSWER_PROMPT, "")
    .split("\n")
    // A title line alone ("**Respuesta P1 a)**", "### …") is not an answer.
    .filter((line) => !/^\s*(\*\*[^*]*\*\*|#+\s.*)\s*$/.test(line))
    .join("\n")
    .trim();
}

/** One result per answer of the lab, in the lab's order. */
export function readAnswers(
  nb: Notebook,
  answers: LabAnswer[],
): AnswerResult[] {
  return answers.map((a) => {
    const cells = nb.cells
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => answerIdOf(cell) === a.id);
    const answered = cells.some(({ cell }) =>
      answerText(cellSource(cell)) !== ""
    );
    const last = cells.at(-1);
    return {
      id: a.id,
      cell: last
        ? { index: last.index, label: cellLabel(last.cell) }
        : undefined,
      answered,
      maxPoints: a.points,
      bonus: a.bonus,
    };
  });
}

/**
 * The labs' Spanish as a student reads it, where a test can tell: the kit's
 * own text (prose, prompts, TODOs, the messages of code cells and of
 * lib/labs) never writes "por ejemplo" (it once meant "per example"; write
 * "para cada ejemplo", "por imagen", or "p. ej." for "for example"), never
 * "Monte-Carlo", never a capitalised "Gaussiana" mid-sentence, and speaks
 * to the student in one register (tú). The statements' own questions
 * (paragraphs opening with their label, "**a) (1.5 pts)**", "**1.4**") are
 * quoted as written (usted or infinitive) and hold no tú of the kit. Every
 * Markdown table renders as Jupyter renders it, and each notebook has the
 * "Estudiante" cell the PDF and the grader read.
 */
import assert from "node:assert/strict";
import {
  type Cell,
  cellMark,
  cellSource,
  type Notebook,
  readNotebook,
} from "../lib/notebook/mod.ts";
import { STUDENT_PLACEHOLDER, STUDENT_ROLE } from "../lib/notebook/student.ts";
import { tableProblems } from "./notebook_markdown.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LABS = ["lab1_elbo_dense_vae.ipynb", "lab2_conv_vae.ipynb"];

/** A paragraph quoting a statement's question opens with its label. */
const QUESTION_LABEL =
  /^\*\*(?:[a-d]\) \((?:[\d.]+ pto?s?|Bonus)\)|\d\.\d(?: [^*]+)?)\*\*/;

/** Imperatives and pronouns of usted, which the kit does not use. */
const USTED =
  /(?:^|[.!?:;(]\s*|\n\s*(?:[-*]|\d+\.)\s+|\*\*\s*)(Demuestre|Escriba|Explique|Dé|Considere|Responda|Calcule|Use|Utilice|Implemente|Ejecute|Complete|Reemplace|Recuerde|Observe|Compare|Verifique|Revise|Indique|Muestre|Suponga|Defina|Entrene|Cargue|Abra|Guarde|Entregue)\b|\b(usted(?:es)?|asegúrese|fíjese|recuérdelo)\b|,\s+(demuestre|escriba|explique|responda|calcule|implemente|reemplace|recuerde|ejecute)\b/i;

/** Imperatives of tú, which a quoted question must not mix in. */
const TU =
  /\b(Calcula|Implementa|Escribe|Usa|Demuestra|Explica|Extiéndelo|extiende|Considera|Responde|Recuerda|Ejecuta|Completa|Reemplaza)\b/;

/** The forbidden spellings of the kit's text, each with what to write. */
const SPELLING: [RegExp, string][] = [
  [
    /por ejemplo/i,
    '"por ejemplo" se lee "for example": escribe "para cada ejemplo" o "por imagen" (o "p. ej." si es un ejemplo)',
  ],
  [/Monte-Carlo/, 'se escribe "Monte Carlo"'],
  [
    /(?<![.!?]\s|^|\n|\*\*|#\s)Gaussian[oa]s?\b/,
    '"gaussiano/a" va con minúscula en medio de una frase',
  ],
];

/** Markdown paragraphs (blank-line separated), with a flag for quoted questions. */
function paragraphs(text: string): { text: string; question: boolean }[] {
  return text.split(/\n\s*\n/).map((p) => ({
    text: p,
    question: QUESTION_LABEL.test(p.trim()),
  }));
}

/** Prose without code spans and math, where register and spelling live. */
function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, " ").replace(/`[^`\n]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ").replace(/\$[^$\n]*\$/g, " ");
}

/** The string literals of TypeScript source (what a cell prints or throws). */
function stringLiterals(source: string): string[] {
  return [
    ...source.matchAll(
      /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g,
    ),
  ]
    .map((m) => m[0].slice(1, -1));
}

/** The kit's texts of one cell, each with where it is. */
function kitTexts(
  cell: Cell,
  where: string,
): { where: string; text: string; question: boolean }[] {
  if (cell.cell_type === "markdown") {
    return paragraphs(cellSource(cell)).map((p, i) => ({
      where: `${where}, párrafo ${i + 1}`,
      text: prose(p.text),
      question: p.question,
    }));
  }
  const texts = stringLiterals(cellSource(cell)).map((text) => ({
    where: `${where} (texto del código)`,
    text,
    question: false,
  }));
  const todo = cellMark(cell).todo;
  if (todo) {
    texts.push({ where: `${where} (TODO)`, text: todo, question: false });
  }
  return texts;
}

/** Every Spanish problem of the kit's texts in `nb`, as readable lines. */
function spanishProblems(nb: Notebook, file: string): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    for (
      const { where, text, question } of kitTexts(
        cell,
        `${file} celda ${i + 1}`,
      )
    ) {
      for (const [pattern, fix] of SPELLING) {
        const hit = text.match(pattern);
        if (hit && !question) problems.push(`${where}: «${hit[0]}»: ${fix}`);
      }
      const usted = text.match(USTED);
      if (usted && !question) {
        problems.push(
          `${where}: «${usted[0].trim()}» trata de usted; el kit tutea`,
        );
      }
      const tu = text.match(TU);
      if (tu && question) {
        problems.push(
          `${where}: la pregunta del enunciado mezcla el tú del kit («${
            tu[0]
          }»): pon el comentario en otro párrafo`,
        );
      }
    }
  });
  return problems;
}

Deno.test("the Spanish checks catch what the issue found", () => {
  const cell = (source: string, todo?: string): Cell => ({
    cell_type: todo ? "code" : "markdown",
    source,
    metadata: todo ? { vaelab: { exercise: "x", todo } } : {},
  });
  const bad: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      cell("Implementa la KL **por ejemplo**: forma $[B]$."),
      cell("// x\nthrow new Error('y');", "devuelve, por ejemplo, la suma"),
      cell("La estimación de Monte-Carlo con una Gaussiana diagonal."),
      cell("Use `tf.tidy` y ejecuta la celda."),
      cell(
        "**1.4** Calcular $D_{KL}$. (Calcula $D_{KL}(q\\Vert p)$.)\n\nGaussianas al inicio de frase están bien.",
      ),
      cell("**a) (1 pto)** Demuestre que $a = b$, por ejemplo con Bayes."),
    ],
  };
  const found = spanishProblems(bad, "x").join("\n");
  for (
    const expected of [
      /celda 1, párrafo 1: «por ejemplo»/,
      /celda 2 \(TODO\): «por ejemplo»/,
      /celda 3, párrafo 1: «Monte-Carlo»/,
      /celda 3, párrafo 1: «Gaussiana»/,
      /celda 4, párrafo 1: «Use» trata de usted/,
      /celda 5, párrafo 1: la pregunta del enunciado mezcla el tú del kit \(«Calcula»\)/,
    ]
  ) assert.match(found, expected);
  // The quoted question keeps its usted and its own "por ejemplo"; a
  // capital at a sentence start is fine.
  assert.doesNotMatch(found, /celda 6|celda 5, párrafo 2/);
});

for (const lab of LABS) {
  for (const folder of ["solutions", "notebooks"]) {
    Deno.test(`${folder}/${lab}: the kit's Spanish (no "por ejemplo", "Monte-Carlo", mid-sentence "Gaussiana"; tú throughout)`, async () => {
      const nb = await readNotebook(`${ROOT}${folder}/${lab}`);
      const problems = spanishProblems(nb, `${folder}/${lab}`);
      assert.deepEqual(problems, [], problems.join("\n"));
      // Something was checked: the register test saw the statement's questions.
      const questions = nb.cells.flatMap((c) =>
        c.cell_type === "markdown" ? paragraphs(cellSource(c)) : []
      ).filter((p) => p.question);
      assert.ok(questions.length >= 4, `${lab}: ${questions.length} questions`);
    });

    Deno.test(`${folder}/${lab}: every Markdown table renders, display math is closed, and the Estudiante cell is there`, async () => {
      const nb = await readNotebook(`${ROOT}${folder}/${lab}`);
      const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map(
        cellSource,
      );
      assert.deepEqual(markdown.flatMap(tableProblems), []);
      // Display math opens and closes ($$ … $$), and no line is a lone "$".
      markdown.forEach((text, i) => {
        const where = `${lab} markdown cell ${i + 1}`;
        assert.equal((text.match(/\$\$/g) ?? []).length % 2, 0, where);
        assert.doesNotMatch(text, /^\$$/m, where);
      });
      const student = nb.cells.filter((c) =>
        c.cell_type === "markdown" && cellMark(c).role === STUDENT_ROLE
      );
      assert.equal(student.length, 1, `${lab}: one Estudiante cell`);
      assert.equal(
        cellSource(student[0]),
        `**Estudiante:** ${STUDENT_PLACEHOLDER}`,
      );
      assert.ok(nb.cells.indexOf(student[0]) <= 2, "near the top");
    });
  }
}

Deno.test("lib/labs speaks Spanish in the kit's register", async () => {
  const problems: string[] = [];
  for (const name of ["check.ts", "labs.ts"]) {
    const source = await Deno.readTextFile(`${ROOT}lib/labs/${name}`);
    const cell: Cell = { cell_type: "code", source, metadata: {} };
    problems.push(
      ...spanishProblems(
        { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] },
        `lib/labs/${name}`,
      ),
    );
  }
  assert.deepEqual(problems, [], problems.join("\n"));
});

/**
 * The gradebook: marks.csv as spreadsheets save it (`;` and decimal commas,
 * a BOM, CRLF, quotes), every kind of bad row reported with its line and
 * the valid values, the final grade on the 0–10 scale with the lab's
 * weights, bonus points and the cap at 10 (expected values worked out by
 * hand in the comments), and grades.csv's columns.
 */
import assert from "node:assert/strict";
import type { LabInfo } from "../lib/grading/batch/engine.ts";
import { blankMarksCsv } from "../lib/grading/gradebook/blank.ts";
import { computeFinal } from "../lib/grading/gradebook/final.ts";
import {
  FINAL_COLUMN,
  gradesCsv,
} from "../lib/grading/gradebook/grades_csv.ts";
import { MarksError, parseMarks } from "../lib/grading/gradebook/marks.ts";
import type { GradeReport } from "../lib/grading/report.ts";

const LAB1: LabInfo = {
  id: "lab1",
  title: "Lab 1",
  weights: { theory: 0.4, practice: 0.6 },
  exercises: [{ id: "kl", points: 2 }, { id: "elbo", points: 4 }],
  answers: [
    { id: "p1a", points: 1.5, bonus: false },
    { id: "p1b", points: 1, bonus: false },
    { id: "p2c", points: 0.5, bonus: true },
  ],
};
const LAB2: LabInfo = {
  ...LAB1,
  id: "lab2",
  answers: [{ id: "q", points: 2, bonus: false }],
};
const context = {
  labs: new Map<string, string | null>([
    ["ana/lab1", "lab1"],
    ["bruno/lab1", "lab1"],
    ["carla/lab2", "lab2"],
    ["dani/x", null],
  ]),
  infos: new Map([["lab1", LAB1], ["lab2", LAB2]]),
};

Deno.test("marks.csv as a Spanish spreadsheet saves it: semicolons, decimal commas, BOM, CRLF, quotes, empty cells", () => {
  const text = "\ufeffStudent;Question;Points;max;bonus\r\n" +
    '"ana/lab1";p1a;1,25;1.5;no\r\n' +
    "ana/lab1;p1b;1;1;no\r\n" +
    "ana/lab1;p2c;;0.5;sí\r\n" +
    "\r\n" +
    '"bruno/lab1";"p1a";"0.5"\r\n';
  const marks = parseMarks(text, "marks.csv", context);
  assert.deepEqual([...marks.get("ana/lab1")!], [["p1a", 1.25], ["p1b", 1]]);
  assert.deepEqual([...marks.get("bruno/lab1")!], [["p1a", 0.5]]);
  assert.equal(marks.has("carla/lab2"), false);
});

Deno.test("every bad row is reported with its line and the valid values, all at once", () => {
  const text = [
    "student,question,points",
    "ana/lab1,p1a,2", // out of range
    "ana/lab1,p9,1", // unknown question
    "zoe/lab1,p1a,1", // unknown student
    "ana/lab1,p1b,uno", // not a number
    "bruno/lab1,p1a,-0.5", // negative
    "bruno/lab1,p1b,1",
    "bruno/lab1,p1b,0.5", // duplicate
    "dani/x,p1a,1", // lab unknown
    "carla/lab2,q,1,5", // decimal comma unquoted: an extra field
    "carla/lab2,p1a,1", // a question of the other lab
  ].join("\n");
  let error: MarksError | undefined;
  try {
    parseMarks(text, "marks.csv", context);
  } catch (e) {
    error = e as MarksError;
  }
  assert.ok(error instanceof MarksError);
  assert.deepEqual(error.problems, [
    "marks.csv, línea 2: 2 está fuera de rango: debe estar entre 0 y 1.5 (los puntos de p1a)",
    "marks.csv, línea 3: «p9» no es una pregunta de lab1; sus preguntas son: p1a, p1b, p2c",
    "marks.csv, línea 4: la entrega «zoe/lab1» no está entre las evaluadas; las entregas son: ana/lab1, bruno/lab1, carla/lab2, dani/x",
    "marks.csv, línea 5: «uno» no es un número; escribe los puntos entre 0 y 1 (los puntos de p1b), con punto o coma decimal, o deja la celda vacía",
    "marks.csv, línea 6: -0.5 está fuera de rango: debe estar entre 0 y 1.5 (los puntos de p1a)",
    "marks.csv, línea 8: la nota de «bruno/lab1» en p1b ya está en la línea 7; deja una sola",
    "marks.csv, línea 9: no se sabe de qué laboratorio es la entrega «dani/x», así que sus preguntas no se pueden comprobar; indícalo con --lab",
    'marks.csv, línea 10: tiene 4 campos y la cabecera 3 (¿una coma decimal sin comillas? escribe 1.5 o "1,5")',
    "marks.csv, línea 11: «p1a» no es una pregunta de lab2; sus preguntas son: q",
  ]);
});

Deno.test("a bad header or an unclosed quote stops the file with the expected columns", () => {
  assert.throws(
    () =>
      parseMarks("alumno,question,puntos\nana/lab1,p1a,1\n", "m.csv", context),
    (e) =>
      e instanceof MarksError &&
      e.problems[0] ===
        "m.csv, línea 1: columnas desconocidas alumno, puntos; faltan las columnas student, points; la cabecera debe ser student,question,points (y, si se quiere, max, bonus)",
  );
  assert.throws(
    () =>
      parseMarks(
        'student,question,points\n"ana/lab1,p1a,1\n',
        "m.csv",
        context,
      ),
    (e) =>
      e instanceof MarksError &&
      /línea 2: una comilla \(\"\) abre un campo que nunca se cierra/.test(
        e.message,
      ),
  );
  assert.throws(() => parseMarks("", "m.csv", context), /m\.csv: está vacío/);
});

Deno.test("final grade: weights, bonus adding to theory, the cap at 10, pending marks", () => {
  const answers = LAB1.answers.map((a) => ({
    id: a.id,
    maxPoints: a.points,
    bonus: a.bonus,
  }));
  const final = (practice: number, marks?: Record<string, number>) =>
    computeFinal({
      practice,
      practiceMax: 6,
      answers,
      marks: marks && new Map(Object.entries(marks)),
      weights: LAB1.weights,
    });
  // theory 2/2.5, practice 3/6: 10 × (0.4 × 0.8 + 0.6 × 0.5) = 6.2
  assert.equal(final(3, { p1a: 1, p1b: 1 }).grade, 6.2);
  // + bonus 0.5: theory 2.5/2.5 → 10 × (0.4 + 0.3) = 7
  assert.equal(final(3, { p1a: 1, p1b: 1, p2c: 0.5 }).grade, 7);
  assert.equal(final(3, { p1a: 1, p1b: 1, p2c: 0.5 }).theory, 2.5);
  // full marks + bonus: 10 × (0.4 × 3/2.5 + 0.6) = 10.8 → capped at 10
  const capped = final(6, { p1a: 1.5, p1b: 1, p2c: 0.5 });
  assert.equal(capped.grade, 10);
  assert.equal(capped.status, "limitada a 10 (bonus)");
  // theory 1/2.5, practice 5/6: 10 × (0.16 + 0.5) = 6.6
  assert.equal(final(5, { p1a: 1, p1b: 0 }).grade, 6.6);
  // 10 × (0.4 × 1.75/2.5 + 0.6 × 4.5/6) = 10 × (0.28 + 0.45) = 7.3
  assert.equal(final(4.5, { p1a: 1.25, p1b: 0.5 }).grade, 7.3);
  const pending = final(3, { p1a: 1 });
  assert.equal(pending.grade, null);
  assert.deepEqual(pending.pending, ["p1b"]);
  assert.equal(pending.status, "faltan notas de teoría: p1b");
  assert.equal(final(3).status, "faltan las notas de teoría (--marks)");
  // A lab without theory is graded on practice alone: 10 × 3/6 = 5.
  assert.equal(
    computeFinal({
      practice: 3,
      practiceMax: 6,
      answers: [],
      weights: LAB1.weights,
    }).grade,
    5,
  );
});

const report = (
  submission: string,
  lab: LabInfo,
  score: number,
): GradeReport => ({
  notebook: `${submission}.ipynb`,
  submission,
  student: `=${submission}`,
  lab: lab.id,
  labTitle: lab.title,
  mode: "grade",
  score,
  maxScore: 6,
  problems: [],
  copy: null,
  exercises: lab.exercises.map((e) => ({
    id: e.id,
    title: e.id,
    points: score / 2,
    maxPoints: e.points,
    messages: [],
    tests: [],
    hiddenNotRun: 0,
    hiddenPointsNotRun: 0,
  })),
  answers: lab.answers.map((a) => ({
    id: a.id,
    answered: true,
    maxPoints: a.points,
    bonus: a.bonus,
  })),
  seed: 1,
  kitVersion: "t",
  durationMs: 1,
});

Deno.test("grades.csv: one column per question, theory and practice totals, the final grade's scale in its header", () => {
  const marks = new Map([["p1a", 1], ["p1b", 1], ["p2c", 0.5]]);
  const r = report("ana/lab1", LAB1, 3);
  const csv = gradesCsv([{
    report: r,
    marks,
    final: computeFinal({
      practice: 3,
      practiceMax: 6,
      answers: r.answers,
      marks,
      weights: LAB1.weights,
    }),
  }]);
  const [header, row] = csv.trim().split("\n");
  assert.equal(
    header,
    `"submission","student","lab","kl","elbo","practice","practice_max","p1a","p1b","p2c (bonus)","theory (bonus incl.)","theory_max","${FINAL_COLUMN}","status","problems","notebook"`,
  );
  assert.equal(FINAL_COLUMN, "final (0-10)");
  assert.equal(
    row,
    `"ana/lab1","'=ana/lab1","lab1",1.5,1.5,3,6,1,1,0.5,2.5,2.5,7,"","","ana/lab1.ipynb"`,
  );
  // Two labs: columns prefixed with the lab.
  const two =
    gradesCsv([{ report: r }, { report: report("carla/lab2", LAB2, 6) }]).split(
      "\n",
    )[0];
  assert.match(two, /"lab1:kl","lab1:elbo","lab2:kl","lab2:elbo","practice"/);
  assert.match(two, /"lab1:p2c \(bonus\)","lab2:q","theory \(bonus incl\.\)"/);
});

Deno.test("the blank marks file round-trips through the parser", () => {
  const csv = blankMarksCsv([{ key: "ana/lab1", info: LAB1 }, {
    key: "carla/lab2",
    info: LAB2,
  }]);
  assert.equal(csv.trim().split("\n").length, 1 + 3 + 1);
  const marks = parseMarks(csv, "marks.csv", context);
  assert.equal(marks.size, 0, "all points blank");
  const filled = csv.replace(
    '"ana/lab1","p1b","",',
    '"ana/lab1","p1b","0.75",',
  );
  assert.equal(
    parseMarks(filled, "marks.csv", context).get("ana/lab1")?.get("p1b"),
    0.75,
  );
});

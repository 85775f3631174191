/**
 * The theory marks an instructor enters: `marks.csv` with the columns
 * `student,question,points` (where `student` is the submission key,
 * `GradeReport.submission`), plus the informative columns `max` and `bonus`
 * that `deno task marks` writes. Every row is checked
 * against the batch's submissions and the labs' releases, and every problem
 * (unknown column, student or question, a duplicate, points that are not a
 * number or outside 0…max) is reported with the file, the line and the
 * valid values. An empty `points` cell means "not marked yet".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMarks } from "./marks.ts";
 * const marks = parseMarks("student,question,points\nana,p1,\"1,5\"\n", "marks.csv", {
 *   labs: new Map([["ana", "lab1"]]),
 *   infos: new Map([["lab1", {
 *     id: "lab1", title: "Lab 1", weights: { theory: 1, practice: 1 },
 *     exercises: [], answers: [{ id: "p1", points: 2, bonus: false }],
 *   }]]),
 * });
 * assert.equal(marks.get("ana")?.get("p1"), 1.5);
 * ```
 * @module
 */
import type { LabInfo } from "../batch/engine.ts";
import { pts } from "../reports/view.ts";
import { CsvError, readCsv } from "./csv_read.ts";

/** Marks by submission key, then by answer id. */
export type Marks = Map<string, Map<string, number>>;

/** Columns of marks.csv: the three that matter, then the informative ones. */
export const MARKS_COLUMNS = {
  required: ["student", "question", "points"],
  optional: ["max", "bonus"],
} as const;

/** What the marks are checked against. */
export interface MarksContext {
  /** Every submission key of the batch and its lab (null when unknown). */
  labs: ReadonlyMap<string, string | null>;
  /** The labs' released facts, by id. */
  infos: ReadonlyMap<string, LabInfo>;
}

/** Problems with a marks file, one Spanish line each. */
export class MarksError extends Error {
  /** Each problem names the file and the line. */
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "MarksError";
  }
}

const MAX_LISTED = 8;
const MAX_PROBLEMS = 20;

function list(values: string[]): string {
  const shown = values.slice(0, MAX_LISTED).join(", ");
  return values.length > MAX_LISTED
    ? `${shown}… (${values.length} en total)`
    : shown || "(ninguna)";
}

/** Points as written in a spreadsheet: `1.5` or `1,5`. */
export function parsePoints(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(",", "."));
}

/** Parses and checks marks.csv text; throws {@link MarksError} listing every problem. */
export function parseMarks(
  text: string,
  file: string,
  context: MarksContext,
): Marks {
  const problems: string[] = [];
  const at = (line: number, what: string) =>
    problems.push(`${file}, línea ${line}: ${what}`);
  let rows;
  try {
    rows = readCsv(text);
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MarksError([`${file}, ${error.message}`]);
    }
    throw error;
  }
  const expected = `la cabecera debe ser ${
    MARKS_COLUMNS.required.join(",")
  } (y, si se quiere, ${MARKS_COLUMNS.optional.join(", ")})`;
  if (rows.length === 0) {
    throw new MarksError([`${file}: está vacío; ${expected}`]);
  }
  const header = rows[0].cells.map((c) => c.trim().toLowerCase());
  const valid: readonly string[] = [
    ...MARKS_COLUMNS.required,
    ...MARKS_COLUMNS.optional,
  ];
  const unknown = header.filter((h) => !valid.includes(h));
  const missing = MARKS_COLUMNS.required.filter((c) => !header.includes(c));
  if (unknown.length || missing.length) {
    throw new MarksError([
      `${file}, línea ${rows[0].line}: ${
        [
          unknown.length ? `columnas desconocidas ${unknown.join(", ")}` : "",
          missing.length ? `faltan las columnas ${missing.join(", ")}` : "",
        ].filter(Boolean).join("; ")
      }; ${expected}`,
    ]);
  }
  const column = (name: string) => header.indexOf(name);
  const [iStudent, iQuestion, iPoints] = MARKS_COLUMNS.required.map(column);
  const keys = [...context.labs.keys()];
  const marks: Marks = new Map();
  const seenAt = new Map<string, number>();
  for (const row of rows.slice(1)) {
    if (row.cells.length > header.length) {
      at(
        row.line,
        `tiene ${row.cells.length} campos y la cabecera ${header.length} (¿una coma decimal sin comillas? escribe 1.5 o "1,5")`,
      );
      continue;
    }
    const get = (i: number) => (row.cells[i] ?? "").trim();
    const student = get(iStudent);
    const question = get(iQuestion);
    const pointsText = get(iPoints);
    if (!context.labs.has(student)) {
      at(
        row.line,
        `la entrega «${student}» no está entre las evaluadas; las entregas son: ${
          list(keys)
        }`,
      );
      continue;
    }
    const lab = context.labs.get(student) ?? null;
    const info = lab ? context.infos.get(lab) : undefined;
    if (!info) {
      at(
        row.line,
        `no se sabe de qué laboratorio es la entrega «${student}», así que sus preguntas no se pueden comprobar; indícalo con --lab`,
      );
      continue;
    }
    const answer = info.answers.find((a) => a.id === question);
    if (!answer) {
      at(
        row.line,
        `«${question}» no es una pregunta de ${info.id}; sus preguntas son: ${
          list(info.answers.map((a) => a.id))
        }`,
      );
      continue;
    }
    const pair = `${student}\u0000${question}`;
    if (seenAt.has(pair)) {
      at(
        row.line,
        `la nota de «${student}» en ${question} ya está en la línea ${
          seenAt.get(pair)
        }; deja una sola`,
      );
      continue;
    }
    seenAt.set(pair, row.line);
    if (pointsText === "") continue;
    const points = parsePoints(pointsText);
    const range = `entre 0 y ${pts(answer.points)} (los puntos de ${question}${
      answer.bonus ? ", bonus" : ""
    })`;
    if (points === null) {
      at(
        row.line,
        `«${pointsText}» no es un número; escribe los puntos ${range}, con punto o coma decimal, o deja la celda vacía`,
      );
      continue;
    }
    if (points < 0 || points > answer.points) {
      at(row.line, `${pointsText} está fuera de rango: debe estar ${range}`);
      continue;
    }
    if (!marks.has(student)) marks.set(student, new Map());
    marks.get(student)!.set(question, points);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) {
      shown.push(`… y ${problems.length - MAX_PROBLEMS} problemas más`);
    }
    throw new MarksError(shown);
  }
  return marks;
}

/** Reads and checks a marks file (UTF-8; at most 10 MB). */
export async function readMarks(
  path: string,
  context: MarksContext,
): Promise<Marks> {
  let bytes: Uint8Array;
  try {
    const info = await Deno.stat(path);
    if (!info.isFile || info.size > 10 * 1024 * 1024) {
      throw new MarksError([`${path}: no es un archivo CSV de menos de 10 MB`]);
    }
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof MarksError) throw error;
    throw new MarksError([
      error instanceof Deno.errors.NotFound
        ? `${path}: no existe (créalo con deno task marks)`
        : `${path}: no se pudo leer (${(error as Error).message})`,
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new MarksError([
      `${path}: no está en UTF-8; guárdalo como «CSV UTF-8» en la hoja de cálculo`,
    ]);
  }
  return parseMarks(text, path, context);
}

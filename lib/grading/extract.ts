/**
 * Extracting what grading needs from a notebook: the graded code cells by
 * exercise id, the theory answer cells, and the notebook's top-level
 * `import` statements (parsed into bindings so a module can take only the
 * ones a cell uses). Nothing here runs code.
 *
 * @module
 */
import { answerIdOf, exerciseIdOf } from "../notebook/exercise.ts";
import { cellSource, type Notebook } from "../notebook/nbformat.ts";
import { ANSWER_PROMPT } from "../notebook/release.ts";

/** One parsed `import` statement. */
export interface ImportStatement {
  /** The module specifier as written. */
  specifier: string;
  /** `import X from` */
  defaultLocal?: string;
  /** `import * as X from` */
  namespaceLocal?: string;
  /** `import { a, b as c } from` (type-only bindings dropped). */
  named: { imported: string; local: string }[];
  /** The whole statement is `import type …`. */
  typeOnly: boolean;
}

/** A graded code cell as found in the notebook. */
export interface GradedCell {
  id: string;
  /** 0-based cell index in the notebook. */
  cellIndex: number;
  /** Source without its import statements. */
  body: string;
  /** Full original source. */
  source: string;
}

/** A theory answer cell and whether the student wrote something. */
export interface AnswerCell {
  id: string;
  cellIndex: number;
  answered: boolean;
  /** The student's text (marker and prompt removed), trimmed. */
  text: string;
}

/** Everything grading reads from one notebook. */
export interface ExtractedNotebook {
  /** Graded cells by exercise id; more than one entry means duplicates. */
  exercises: Map<string, GradedCell[]>;
  answers: Map<string, AnswerCell[]>;
  imports: ImportStatement[];
}

const IMPORT_RE =
  /^[ \t]*import\s+(type\s+)?([\s\S]*?)\s*from\s*(["'])([^"'\n]+)\3[ \t]*;?|^[ \t]*import\s*(["'])([^"'\n]+)\5[ \t]*;?/gm;

/** Parses the clause between `import` and `from`. */
function parseClause(clause: string): Omit<
  ImportStatement,
  "specifier" | "typeOnly"
> {
  const result: Omit<ImportStatement, "specifier" | "typeOnly"> = {
    named: [],
  };
  const brace = clause.match(/\{([\s\S]*)\}/);
  const outside = clause.replace(/\{[\s\S]*\}/, "").split(",").map((s) =>
    s.trim()
  ).filter(Boolean);
  for (const part of outside) {
    const ns = part.match(/^\*\s*as\s+([\w$]+)$/);
    if (ns) result.namespaceLocal = ns[1];
    else if (/^[\w$]+$/.test(part)) result.defaultLocal = part;
  }
  if (brace) {
    for (const raw of brace[1].split(",")) {
      const item = raw.trim();
      if (!item || /^type\s/.test(item)) continue;
      const m = item.match(/^([\w$]+|"[^"]*")(?:\s+as\s+([\w$]+))?$/);
      if (m) {
        result.named.push({
          imported: m[1].replace(/"/g, ""),
          local: m[2] ?? m[1],
        });
      }
    }
  }
  return result;
}

/**
 * Splits a code cell into its import statements and the rest (the rest keeps
 * the same number of lines, so error line numbers still match the cell).
 */
export function splitImports(
  source: string,
): { imports: ImportStatement[]; body: string } {
  const imports: ImportStatement[] = [];
  const body = source.replace(
    IMPORT_RE,
    (whole, type, clause, _q, spec, _q2, bareSpec) => {
      if (bareSpec === undefined) {
        imports.push({
          specifier: spec,
          typeOnly: Boolean(type),
          ...parseClause(clause),
        });
      }
      // Keep line count: replace the statement by as many newlines.
      return "\n".repeat((whole.match(/\n/g) ?? []).length);
    },
  );
  return { imports, body };
}

/** The student's answer text with the marker comment and prompt removed. */
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

/**
 * Finds graded cells, answers and imports. Import statements of every code
 * cell are collected (a cell may use what an earlier cell imported).
 */
export function extractNotebook(nb: Notebook): ExtractedNotebook {
  const exercises = new Map<string, GradedCell[]>();
  const answers = new Map<string, AnswerCell[]>();
  const imports: ImportStatement[] = [];
  nb.cells.forEach((cell, cellIndex) => {
    const source = cellSource(cell);
    if (cell.cell_type === "code") {
      const split = splitImports(source);
      imports.push(...split.imports);
      const id = exerciseIdOf(cell);
      if (id) {
        const list = exercises.get(id) ?? [];
        list.push({ id, cellIndex, body: split.body, source });
        exercises.set(id, list);
      }
    } else if (cell.cell_type === "markdown") {
      const id = answerIdOf(cell);
      if (id) {
        const text = answerText(source);
        const list = answers.get(id) ?? [];
        list.push({ id, cellIndex, answered: text.length > 0, text });
        answers.set(id, list);
      }
    }
  });
  return { exercises, answers, imports };
}

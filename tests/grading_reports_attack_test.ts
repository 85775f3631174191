/**
 * An attacker's corpus against every renderer (feedback.md, feedback.html,
 * grades.csv, Gradescope's results.json): CR/LF tricks (the filed forged
 * "✅ … 1 / 1" heading), fences, HTML, Markdown links and images,
 * autolinks, spreadsheet formulas, huge strings, control characters,
 * terminal escapes, bidi overrides, lone surrogates. Every untrusted field
 * of a report gets an attack; the rendered document must have exactly the
 * structure of the same report with harmless text (Markdown checked by
 * parsing it with marked, HTML by its tags, CSV by Python's csv module),
 * and the attacks' text must still be there, shown, not obeyed.
 */
import assert from "node:assert/strict";
import { marked, type Token, type Tokens } from "marked";
import { computeFinal } from "../lib/grading/gradebook/final.ts";
import { gradesCsv } from "../lib/grading/gradebook/grades_csv.ts";
import type { GradeReport } from "../lib/grading/report.ts";
import { gradescopeResults } from "../lib/grading/reports/gradescope.ts";
import { reportHtml } from "../lib/grading/reports/html.ts";
import { reportMarkdown } from "../lib/grading/reports/markdown.ts";
import type { ReportExtras } from "../lib/grading/reports/view.ts";

const HUGE = "A".repeat(1_000_000);
const ATTACKS = [
  "error\r## ✅ `kl` — falsificado: 1 / 1\r",
  "ok\r\n# título\n\n- lista\n> cita\n---\n***\n",
  "```\n</pre><script>alert(1)</script>\n```",
  "````` ~~~ ``` ` ``````````",
  "<img src=x onerror=alert(1)>",
  "<script>alert(document.cookie)</script><style>*{display:none}</style>",
  "[haz clic](javascript:alert(1)) ![rastreo](http://evil.example/p.png)",
  "[ref]: http://evil.example\n[ref]",
  "http://evil.example/x www.evil.example ana@evil.example <http://evil.example>",
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A9)",
  "\t=1+1",
  "\uff1d1+1",
  "   =1",
  "%0A=1",
  "\u202egnp.exe\u202c y \u2066x\u2069 \u200f",
  "\x00\x07\x08\x1b[2J\x1b]0;título\x07\x1b[31mrojo\x1b[0m\x7f\x85\x9b",
  "| a | b |\n|---|---|\n| c | d |",
  "*em* _em_ **strong** ~~del~~ $x^2$ &amp; &#60; \\*",
  HUGE,
  "\ud800 surrogate suelto \udfff",
  "1. numerada",
  "# título",
  "> cita",
  "- item",
  "<!-- comentario -->",
  "\\",
  "línea\u2028separador\u2029párrafo",
  "<details open><summary>x</summary>",
];

let next = 0;
const attack = () => ATTACKS[next++ % ATTACKS.length];
const benign = () => "x";

/** A report whose every untrusted text field comes from `text()`. */
function report(text: () => string): GradeReport {
  const ref = () => ({ index: 3, label: text() });
  return {
    notebook: text(),
    submission: text(),
    student: text(),
    lab: "lab1_elbo_dense_vae",
    labTitle: text(),
    mode: "grade",
    score: 1.5,
    maxScore: 3,
    problems: ATTACKS.map(() => text()),
    copy: {
      release: { assignment: text(), version: text() },
      stamp: { assignment: text(), version: text() },
      missing: [ref(), ref()],
      added: [ref()],
      moved: [ref()],
      modified: [ref()],
      emptyAnswers: [ref()],
      notes: [text(), text()],
      broken: true,
    },
    strictZero: text(),
    exercises: [0, 1].map(() => ({
      id: text(),
      title: text(),
      cell: ref(),
      points: 0.5,
      maxPoints: 1.5,
      messages: ATTACKS.map(() => text()),
      tests: [true, false, false].map((passed, i) => ({
        name: text(),
        hidden: i === 2,
        points: passed ? 0.5 : 0,
        maxPoints: 0.5,
        passed,
        message: passed ? "" : text(),
      })),
      hiddenNotRun: 0,
      hiddenPointsNotRun: 0,
    })),
    answers: [false, true].map((bonus) => ({
      id: text(),
      cell: ref(),
      answered: !bonus,
      maxPoints: bonus ? 0.5 : 2,
      bonus,
    })),
    seed: 11,
    kitVersion: text(),
    durationMs: 2500,
  };
}

function extras(text: () => string, r: GradeReport): ReportExtras {
  const marks = new Map([[r.answers[0].id, 1.5], [r.answers[1].id, 0.5]]);
  return {
    notes: ATTACKS.map(() => text()),
    marks,
    final: computeFinal({
      practice: r.score,
      practiceMax: r.maxScore,
      answers: r.answers,
      marks,
      weights: { theory: 1, practice: 1 },
    }),
  };
}

const pair = () => {
  next = 0;
  const b = report(benign);
  const a = report(attack);
  return {
    benign: { report: b, extras: extras(benign, b) },
    attack: { report: a, extras: extras(attack, a) },
  };
};

/** The Markdown elements a document has, in order (text content left out). */
function shape(md: string): string[] {
  const out: string[] = [];
  const KINDS = new Set([
    "heading",
    "list",
    "list_item",
    "table",
    "code",
    "blockquote",
    "html",
    "link",
    "image",
    "strong",
    "em",
    "codespan",
    "del",
    "hr",
    "br",
    "def",
  ]);
  const walk = (tokens: Token[] | undefined) => {
    for (const t of tokens ?? []) {
      if (KINDS.has(t.type)) {
        out.push(
          t.type === "heading" ? `h${(t as Tokens.Heading).depth}` : t.type,
        );
      }
      if (t.type === "list") {
        walk((t as Tokens.List).items as unknown as Token[]);
      }
      if (t.type === "table") {
        const table = t as Tokens.Table;
        out.push(`columns ${table.header.length}, rows ${table.rows.length}`);
        for (const cell of [...table.header, ...table.rows.flat()]) {
          walk(cell.tokens);
        }
      }
      if ("tokens" in t) walk(t.tokens as Token[]);
    }
  };
  walk(marked.lexer(md));
  return out;
}

const CONTROL =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\r\u2028\u2029]/;

Deno.test("feedback.md: attacks change no Markdown structure, and are shown, not obeyed", () => {
  const { benign, attack } = pair();
  const good = reportMarkdown(benign.report, benign.extras);
  const bad = reportMarkdown(attack.report, attack.extras);
  assert.deepEqual(shape(bad), shape(good));
  assert.ok(
    shape(good).filter((s) => s === "h2").length >= 5,
    "the benign report has its sections",
  );
  // No exercise earned its points (0.5 / 1.5 each): no heading says ✅.
  const headings = marked.lexer(bad).filter((t) => t.type === "heading");
  assert.ok(headings.length > 5);
  assert.ok(!headings.some((t) => (t as Tokens.Heading).text.startsWith("✅")));
  assert.doesNotMatch(bad, CONTROL);
  assert.match(bad, /\[U\+202E\]gnp\.exe\[U\+202C\]/);
  assert.ok(bad.length < 600_000, `bounded size, got ${bad.length}`);
  assert.match(bad, /caracteres más/);
  const html = marked.parse(bad) as string;
  assert.doesNotMatch(
    html,
    /<(script|img|a|style|details|summary|h[1-6]>[^<]*falsificado)\b/,
  );
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /falsificado: 1 \/ 1/, "the forged text is shown as text");
});

Deno.test("feedback.html: attacks add no tag or attribute, and are shown escaped", () => {
  const { benign, attack } = pair();
  const tags = (html: string) => html.match(/<[^>]*>/g) ?? [];
  const good = reportHtml(benign.report, benign.extras);
  const bad = reportHtml(attack.report, attack.extras);
  assert.deepEqual(tags(bad), tags(good));
  assert.match(bad, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(bad, CONTROL);
  assert.match(bad, /&lt;script&gt;alert\(document\.cookie\)&lt;\/script&gt;/);
  assert.ok(bad.length < 700_000, `bounded size, got ${bad.length}`);
});

Deno.test("grades.csv: attacks keep every row and column, no line breaks, formulas defused (read by Python's csv)", async () => {
  const reports = [0, 1, 2, 3].map(() => report(attack));
  const good = [0, 1, 2, 3].map(() => report(benign));
  const rows = (rs: GradeReport[]) =>
    gradesCsv(rs.map((r) => ({ report: r, ...extras(attack, r) })));
  const parse = async (csv: string): Promise<string[][]> => {
    const out = await new Deno.Command("python3", {
      args: [
        "-c",
        "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))",
      ],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const writer = out.stdin.getWriter();
    await writer.write(new TextEncoder().encode(csv));
    await writer.close();
    const { code, stdout } = await out.output();
    assert.equal(code, 0);
    return JSON.parse(new TextDecoder().decode(stdout));
  };
  const bad = await parse(rows(reports));
  const benignRows = await parse(rows(good));
  // The attack reports have distinct ids per row, hence their own columns:
  // compare each row's width with its own header.
  assert.equal(bad.length, benignRows.length);
  for (const row of bad) assert.equal(row.length, bad[0].length);
  for (const cell of bad.flat()) {
    assert.doesNotMatch(cell, /[\r\n]/);
    assert.doesNotMatch(
      cell,
      /^[\s\u3000]*[=+\-@%|\uff1d\uff0b\uff0d\uff20]/,
      `formula not defused: ${cell.slice(0, 40)}`,
    );
    assert.doesNotMatch(cell, CONTROL);
    assert.ok(cell.length <= 2100, "cells are bounded");
  }
  assert.ok(bad.flat().includes(`'=HYPERLINK("http://evil.example","x")`));
});

Deno.test("Gradescope results.json: Markdown output with the same structure, text names, the required fields", () => {
  const { benign, attack } = pair();
  const good = gradescopeResults(benign.report, benign.extras);
  const bad = JSON.parse(
    JSON.stringify(gradescopeResults(attack.report, attack.extras)),
  );
  assert.equal(bad.output_format, "md");
  assert.equal(bad.test_output_format, "md");
  assert.equal(bad.test_name_format, "text");
  assert.equal(bad.execution_time, 3);
  assert.deepEqual(Object.keys(bad.extra_data).sort(), [
    "kitVersion",
    "lab",
    "releaseVersion",
    "seed",
    "submission",
  ]);
  assert.equal(bad.extra_data.seed, 11);
  assert.deepEqual(shape(bad.output), shape(good.output));
  assert.equal(bad.tests.length, good.tests.length);
  bad.tests.forEach((t: { name: string; output: string }, i: number) => {
    assert.deepEqual(shape(t.output), shape(good.tests[i].output), t.name);
    assert.doesNotMatch(t.name, CONTROL);
    assert.doesNotMatch(t.name, /\n/);
    assert.doesNotMatch(t.output, CONTROL);
  });
  assert.ok(JSON.stringify(bad).length < 1_500_000);
});

Deno.test("every report shows the copy check by cell label, the strict zero, the marks and the final grade", () => {
  const r: GradeReport = {
    ...report(benign),
    copy: {
      release: { assignment: "lab1_elbo_dense_vae", version: "2026.1" },
      stamp: null,
      missing: [{ index: 4, label: "texto «Parte 2: la ELBO»" }],
      added: [{ index: 9, label: "código «console.log(1)»" }],
      moved: [{ index: 2, label: "texto «Parte 1»" }],
      modified: [{
        index: 7,
        label: "código de comprobación «assertAllClose(…»",
      }],
      emptyAnswers: [{ index: 5, label: "respuesta p1b" }],
      notes: ["Falta 1 celda dada."],
      broken: true,
    },
    strictZero: "faltan celdas dadas del notebook publicado",
    answers: [
      { id: "p1a", answered: true, maxPoints: 2, bonus: false },
      { id: "p2c", answered: false, maxPoints: 0.5, bonus: true },
    ],
  };
  const ex = extras(benign, r);
  const md = marked.parse(reportMarkdown(r, ex)) as string;
  const html = reportHtml(r, ex);
  const gs = marked.parse(gradescopeResults(r, ex).output) as string;
  for (const doc of [md, html, gs]) {
    for (
      const text of [
        "Celdas dadas que faltan",
        "texto «Parte 2: la ELBO»",
        "Celdas añadidas",
        "código «console.log(1)»",
        "Celdas dadas fuera de su orden",
        "texto «Parte 1»",
        "Celdas dadas modificadas",
        "código de comprobación «assertAllClose(…»",
        "Ejercicios y respuestas sin completar",
        "respuesta p1b",
        "Falta 1 celda dada.",
        "lab1_elbo_dense_vae versión 2026.1",
        "la entrega no tiene sello",
        "faltan celdas dadas del notebook publicado",
        "--strict",
        // theory (1.5 + 0.5 bonus) / 2, practice 1.5 / 3, equal weights:
        // 10 × (2/2 + 1.5/3) / 2 = 7.5
        "Nota final: 7.50 / 10",
      ]
    ) {
      assert.ok(doc.includes(text), `${text} missing`);
    }
  }
  // The marks next to each answer's maximum (from the release).
  assert.match(md, /<td align="right">1\.5<\/td>\s*<td align="right">2<\/td>/);
});

/**
 * No student copy states what a graded theory answer must derive. The
 * formulas of every answer cell's solution (the master's text between
 * `<!-- BEGIN SOLUTION -->` and `<!-- END SOLUTION -->`) are cut into
 * pieces at relations (`=`, `≤`, `≈`, …), alignment marks and line breaks,
 * and normalized (sizing and spacing commands, braces, blanks and letter
 * case dropped, `\dfrac`/`\tfrac` as `\frac`). A piece that the questions
 * themselves state (the cell just before each answer cell, the lab
 * statement's words) is given, not secret; any other piece found in any
 * cell of the student copy (prompts, TODOs, checks, comments) is a leak.
 */
import assert from "node:assert/strict";
import {
  answerIdOf,
  type Cell,
  cellSource,
  type Notebook,
  readNotebook,
  releaseNotebook,
} from "../lib/notebook/mod.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LABS = ["lab1_elbo_dense_vae.ipynb", "lab2_conv_vae.ipynb"];
/** Shorter normalized pieces are notation (`d_kl(q\vertp)`), not results. */
const MIN_PIECE = 20;

/** TeX with the differences that do not change a formula removed. */
function normalizeTex(tex: string): string {
  return tex
    .replace(/\\(?:left|right|bigg|Bigg|big|Big)[lr]?(?![a-zA-Z])/g, "")
    .replace(/\\(?:qquad|quad)(?![a-zA-Z])|\\[,;:! ]/g, "")
    .replace(/\\[dt]frac(?![a-zA-Z])/g, "\\frac")
    .replace(/\\mid(?![a-zA-Z])/g, "|")
    .replace(/[{}\s~]/g, "")
    .toLowerCase();
}

/** The math spans (`$$…$$`, `$…$`) of a markdown text. */
function mathSpans(text: string): string[] {
  const spans: string[] = [];
  const rest = text.replace(/\$\$([\s\S]+?)\$\$/g, (_, tex) => {
    spans.push(tex);
    return " ";
  });
  for (const m of rest.matchAll(/\$([^$\n]+)\$/g)) spans.push(m[1]);
  return spans;
}

/** A formula cut at relations, alignment, line breaks and annotations, normalized. */
function formulaPieces(tex: string): string[] {
  return tex
    .replace(/\\text\{[^}]*\}|\\(?:begin|end)\{[a-z*]+\}|\\tag\{[^}]*\}/g, "\n")
    .split(
      /\\\\|&|:=|=|\\approx|\\neq|\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|\\qquad|\\quad|[<>]/,
    )
    .map(normalizeTex)
    .map((p) => p.replace(/^[,.;]+|[,.;]+$/g, ""))
    .filter((p) => p.length >= MIN_PIECE);
}

/** The text of a cell's solution regions (markdown only). */
function solutionText(cell: Cell): string {
  const text = cellSource(cell);
  return [...text.matchAll(
    /<!--\s*BEGIN SOLUTION\s*-->([\s\S]*?)<!--\s*END SOLUTION\s*-->/g,
  )].map((m) => m[1]).join("\n");
}

/** One solution formula piece found where a student can read it. */
interface Leak {
  answer: string;
  piece: string;
  /** 1-based cell number in the student copy. */
  cell: number;
}

/**
 * The pieces of `master`'s answer solutions that appear in `student` outside
 * the questions, in cell order.
 */
function leaks(master: Notebook, student: Notebook): Leak[] {
  const given = master.cells
    .filter((_, i) =>
      i + 1 < master.cells.length && answerIdOf(master.cells[i + 1])
    )
    .map((cell) => normalizeTex(cellSource(cell))).join("\n");
  const secrets = master.cells.flatMap((cell) => {
    const answer = answerIdOf(cell);
    if (!answer) return [];
    return mathSpans(solutionText(cell)).flatMap(formulaPieces)
      .filter((piece) => !given.includes(piece))
      .map((piece) => ({ answer, piece }));
  });
  const found: Leak[] = [];
  student.cells.forEach((cell, index) => {
    const text = normalizeTex(
      cellSource(cell) + JSON.stringify(cell.metadata ?? {}),
    );
    for (const { answer, piece } of secrets) {
      if (text.includes(piece)) found.push({ answer, piece, cell: index + 1 });
    }
  });
  return found;
}

function nb(cells: Cell[]): Notebook {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}
const md = (source: string, vaelab?: Record<string, unknown>): Cell => ({
  cell_type: "markdown",
  source,
  metadata: vaelab ? { vaelab } : {},
});

Deno.test("leaks: a solution formula in a later prompt is found in other notation; the question's own formulas are not", () => {
  const master = nb([
    md("**1.4** Calcular $D_{KL}(q\\,\\Vert\\,p) = \\int q\\log\\frac{q}{p}$."),
    md(
      "<!-- ANSWER: kl -->\n<!-- BEGIN SOLUTION -->\n$$\nD_{KL}(q\\,\\Vert\\,p) = \\int q\\log\\frac{q}{p} = \\log\\frac{\\sigma_p}{\\sigma_q} + \\frac{\\sigma_q^2 + (\\mu_q-\\mu_p)^2}{2\\sigma_p^2} - \\frac12\n$$\n<!-- END SOLUTION -->",
      { answer: "kl", points: 1 },
    ),
    md(
      "Implementa $\\log\\dfrac{\\sigma_P}{\\sigma_Q} + \\dfrac{\\sigma_Q^2 + \\left(\\mu_Q-\\mu_P\\right)^2}{2\\,\\sigma_P^2} - \\tfrac12$.",
    ),
    md("Sólo $\\int q\\log\\frac{q}{p}$, que la pregunta ya da."),
  ]);
  const found = leaks(master, releaseNotebook(master, "lab9_demo.ipynb"));
  assert.deepEqual(found.map((l) => [l.answer, l.cell]), [["kl", 3]]);
});

Deno.test("leaks: the prompt lab 2 used to show (the closed form of 1.4) is caught against the real master", async () => {
  const master = await readNotebook(`${ROOT}solutions/lab2_conv_vae.ipynb`);
  const student = releaseNotebook(master, "lab2_conv_vae.ipynb");
  student.cells.push(md(
    "Implementa el resultado de 1.4 **elemento a elemento** (con *broadcasting*): `klGaussians(muQ, sigmaQ, muP, sigmaP)` $= \\log\\frac{\\sigma_P}{\\sigma_Q} + \\frac{\\sigma_Q^2 + (\\mu_Q-\\mu_P)^2}{2\\sigma_P^2} - \\frac12$.",
  ));
  const found = leaks(master, student);
  assert.ok(found.length > 0);
  assert.ok(found.every((l) => l.answer === "p1_kl_gaussians"));
  assert.ok(found.every((l) => l.cell === student.cells.length));
});

for (const lab of LABS) {
  Deno.test(`notebooks/${lab}: no cell states a formula that a theory answer must derive`, async () => {
    const master = await readNotebook(`${ROOT}solutions/${lab}`);
    const student = await readNotebook(`${ROOT}notebooks/${lab}`);
    const secretCount = master.cells.filter(answerIdOf).flatMap((c) =>
      mathSpans(solutionText(c)).flatMap(formulaPieces)
    ).length;
    assert.ok(secretCount > 20, `${lab}: only ${secretCount} solution pieces`);
    const found = leaks(master, student);
    assert.deepEqual(
      found,
      [],
      `${lab}: solution formulas in the student copy:\n${
        found.map((l) =>
          `  cell ${l.cell} shows ${l.answer}: ${l.piece}`
        )
          .join("\n")
      }`,
    );
  });
}

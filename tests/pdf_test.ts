/**
 * Notebook → PDF renderer: unit tests of each piece (ANSI, math extraction,
 * sanitizing, images, page counting, theory selection), the command line's
 * documented behaviour on bad input, and real PDFs checked with poppler's
 * `pdftotext`/`pdfinfo` (skipped, with a notice, without Chromium or poppler).
 */
import assert from "node:assert/strict";
import { createCanvas, loadImage } from "canvas";
import { cellSource, readNotebook } from "../lib/notebook/nbformat.ts";
import { ChromiumNotFoundError, renderNotebookHtml } from "../lib/pdf/mod.ts";
import { ansiToHtml, stripAnsi } from "../lib/pdf/ansi.ts";
import { findChromium } from "../lib/pdf/chromium.ts";
import { RenderContext } from "../lib/pdf/context.ts";
import { notebookTitle, theoryCellIndexes } from "../lib/pdf/document.ts";
import { prepareImage } from "../lib/pdf/images.ts";
import { renderMarkdown } from "../lib/pdf/markdown.ts";
import { renderMath } from "../lib/pdf/math.ts";
import { extractMath } from "../lib/pdf/math_scan.ts";
import { countPdfPages } from "../lib/pdf/pages.ts";
import { sanitizeHtml } from "../lib/pdf/sanitize.ts";
import { makeGif } from "./fixtures/make_pdf_fixtures.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
const ALL_OUTPUTS = `${FIXTURES}all_outputs.ipynb`;
const THEORY = `${FIXTURES}theory_report.ipynb`;
const SOLUTIONS = [
  "solutions/lab1_elbo_dense_vae.ipynb",
  "solutions/lab2_conv_vae.ipynb",
].map((p) => new URL(`../${p}`, import.meta.url).pathname);
const CLI = new URL("../cli/pdf.ts", import.meta.url).pathname;

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) =>
    exists(`${dir}/${command}`)
  );
}

let chromium: string | undefined;
try {
  chromium = findChromium();
} catch {
  chromium = undefined;
}
const HAVE_POPPLER = onPath("pdftotext") && onPath("pdfinfo");
const SKIP_PDF = !chromium || !HAVE_POPPLER;
if (SKIP_PDF) {
  console.warn(
    `pdf_test: se omiten las pruebas que imprimen PDF: falta ${
      [!chromium && "Chromium", !HAVE_POPPLER && "pdftotext/pdfinfo"].filter(
        Boolean,
      ).join(" y ")
    }; instale con \`apt-get install chromium poppler-utils\` (o defina VAELAB_CHROMIUM=/ruta/a/chromium)`,
  );
}

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: out.code,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}

async function pdftotext(pdf: string): Promise<string> {
  const out = await new Deno.Command("pdftotext", {
    args: ["-enc", "UTF-8", pdf, "-"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

async function pdfinfo(pdf: string): Promise<Record<string, string>> {
  const out = await new Deno.Command("pdfinfo", {
    args: [pdf],
    stdout: "piped",
  }).output();
  const info: Record<string, string> = {};
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const m = line.match(/^([^:]+):\s*(.*)$/);
    if (m) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

/** `$` that may legitimately be printed: in code (spans, blocks, cells) and outputs. */
async function allowedDollars(
  file: string,
  theoryOnly: boolean,
): Promise<number> {
  const nb = await readNotebook(file);
  const keep = new Set(
    theoryOnly ? theoryCellIndexes(nb) : nb.cells.map((_, i) => i),
  );
  let count = 0;
  nb.cells.forEach((cell, i) => {
    if (!keep.has(i)) return;
    if (cell.cell_type === "markdown") {
      count += (extractMath(cellSource(cell)).text.match(/\$/g) ?? []).length;
    } else if (cell.cell_type === "code" && !theoryOnly) {
      count += (cellSource(cell).match(/\$/g) ?? []).length;
      count += (JSON.stringify(cell.outputs ?? []).match(/\$/g) ?? []).length;
    }
  });
  return count;
}

/** Checks that printed text holds no TeX source, raw dollars or escape codes. */
async function assertCleanText(
  text: string,
  file: string,
  theoryOnly: boolean,
): Promise<void> {
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text, /\x1b|\[\d+(;\d+)*m/, "escape sequence printed");
  assert.doesNotMatch(
    text,
    /\\(frac|begin|end|mathbb|mathcal|left|right|sum|sigma|mu)\b/,
    "TeX source printed",
  );
  const dollars = (text.match(/\$/g) ?? []).length;
  const allowed = await allowedDollars(file, theoryOnly);
  assert.ok(
    dollars <= allowed,
    `${dollars} '$' printed but only ${allowed} are in code/outputs of ${file}`,
  );
}

// ---------------------------------------------------------------- ANSI

Deno.test("ansiToHtml turns SGR codes into colour spans and drops other escapes", () => {
  const html = ansiToHtml(
    "\x1b[31mrojo\x1b[0m \x1b[1;4mfuerte\x1b[22;24m \x1b[38;5;208mx\x1b[38;2;1;2;3my\x1b[0m\x1b[2K\x1b]0;title\x07<b>",
  );
  assert.ok(html.includes('<span style="color:#c91b00">rojo</span>'), html);
  assert.ok(
    html.includes(
      '<span style="font-weight:bold;text-decoration:underline">fuerte</span>',
    ),
    html,
  );
  assert.ok(html.includes("color:rgb(255,135,0)"), html); // xterm 208
  assert.ok(html.includes("color:rgb(1,2,3)"), html);
  assert.ok(html.endsWith("&lt;b&gt;"), html);
  assert.ok(!html.includes("\x1b") && !html.includes("title"), html);
});

Deno.test("stripAnsi applies carriage returns and backspaces like a terminal", () => {
  assert.equal(stripAnsi("10%\r50%\r100%\n"), "100%\n");
  assert.equal(stripAnsi("abcdef\rXY"), "XYcdef");
  assert.equal(stripAnsi("ab\bc \x1b[32mok\x1b[0m"), "ac ok");
});

// ---------------------------------------------------------------- math

Deno.test("extractMath finds every delimiter and leaves code and \\$ alone", () => {
  const source = [
    "En línea $a_1$ y \\(b^2\\); precio \\$5 y $3 o $4.",
    "$$\\frac{1}{2}$$ y \\[ c \\]",
    "\\begin{aligned} x &= 1 \\\\ y &= 2 \\end{aligned}",
    "\\begin{cases} 1 \\end{cases} \\begin{pmatrix} 1 \\end{pmatrix}",
    "`$no$` y ```$tampoco$```",
    "```",
    "$dentro de bloque$",
    "```",
    "$ no es fórmula $ ni US$ 3",
  ].join("\n");
  const { text, spans } = extractMath(source);
  assert.deepEqual(spans, [
    { tex: "a_1", display: false, line: 1 },
    { tex: "b^2", display: false, line: 1 },
    { tex: "\\frac{1}{2}", display: true, line: 2 },
    { tex: " c ", display: true, line: 2 },
    {
      tex: "\\begin{aligned} x &= 1 \\\\ y &= 2 \\end{aligned}",
      display: true,
      line: 3,
    },
    { tex: "\\begin{cases} 1 \\end{cases}", display: true, line: 4 },
    { tex: "\\begin{pmatrix} 1 \\end{pmatrix}", display: true, line: 4 },
  ]);
  assert.ok(text.includes("\\$5 y $3 o $4."), text);
  assert.ok(text.includes("`$no$` y ```$tampoco$```"), text);
  assert.ok(text.includes("\n$dentro de bloque$\n"), text);
  assert.ok(text.endsWith("$ no es fórmula $ ni US$ 3"), text);
});

Deno.test("extractMath reports unclosed delimiters with their line, and nothing else", () => {
  const { spans } = extractMath(
    [
      "Bien $a$ y mal $x + 1 sin cierre",
      "",
      "\\begin{align}",
      "a &= b",
      "",
      "$$ \\sum_i x_i",
      "",
      "\\[ y",
      "",
      "\\end{aligned} y \\( z",
      "",
      "cuesta $5, y \\$ es literal",
    ].join("\n"),
  );
  assert.deepEqual(
    spans.map((s) => [s.line, s.display, s.tex, s.error?.split(":")[0]]),
    [
      [1, false, "a", undefined],
      [1, false, "$x + 1 sin cierre", "«$» sin cerrar"],
      [3, true, "\\begin{align}\na &= b", "entorno «align» sin cerrar"],
      [6, true, "$$ \\sum_i x_i", "«$$» sin cerrar"],
      [8, true, "\\[ y", "«\\[» sin cerrar"],
      [
        10,
        false,
        "\\end{aligned}",
        "«\\end{aligned}» sin «\\begin{aligned}» que lo abra",
      ],
      [10, false, "\\( z", "«\\(» sin cerrar"],
    ],
  );
});

Deno.test("unclosed delimiters are shown in red and listed with cell and line", async () => {
  const ctx = new RenderContext(".");
  ctx.cell = 5;
  const html = await renderMarkdown(
    "Título\n\nSea $x_1 la media\n\n$$a$$",
    ctx,
  );
  assert.ok(html.includes('<span class="math-error"'), html);
  assert.ok(html.includes("$x_1 la media"), html);
  assert.equal((html.match(/class="katex-display"/g) ?? []).length, 1);
  assert.deepEqual(
    ctx.problems.map((p) => [p.cell, p.line, p.kind, p.source]),
    [[5, 3, "math", "$x_1 la media"]],
  );
  assert.match(ctx.problems[0].message, /«\$» sin cerrar.*«\\\$»/);
});

Deno.test("markdown inside formulas is not parsed as markdown", async () => {
  const ctx = new RenderContext(".");
  const html = await renderMarkdown(
    "Sea $a_i * b_i * c_i$ y | tabla $x|y$ |\n\n$$\\sum_{i} x_i^2$$",
    ctx,
  );
  assert.ok(!html.includes("<em>"), html);
  assert.equal((html.match(/class="katex"/g) ?? []).length, 3, html);
  assert.equal(ctx.problems.length, 0);
});

Deno.test("a KaTeX parse error renders the source in red and is recorded", async () => {
  const ctx = new RenderContext(".");
  ctx.cell = 7;
  const html = await renderMarkdown("Antes $\\frac{1$ después", ctx);
  assert.ok(html.includes('class="math-error"'), html);
  assert.ok(html.includes("\\frac{1"), html);
  assert.ok(html.includes("después"), html);
  assert.equal(ctx.problems.length, 1);
  assert.equal(ctx.problems[0].kind, "math");
  assert.equal(ctx.problems[0].cell, 7);
  assert.equal(ctx.problems[0].source, "\\frac{1");
  assert.equal(ctx.problems[0].line, 1);
  assert.match(
    ctx.problems[0].message,
    /^KaTeX no puede interpretar la fórmula: .*expected '}'/i,
  );
});

Deno.test("\\newcommand in one formula is visible in later ones", () => {
  const ctx = new RenderContext(".");
  renderMath("\\newcommand{\\KL}{D_{KL}}", false, ctx);
  const html = renderMath("\\KL(q\\|p)", false, ctx);
  assert.equal(ctx.problems.length, 0, JSON.stringify(ctx.problems));
  assert.ok(html.includes("D"), html);
});

// ---------------------------------------------------------------- HTML

Deno.test("sanitizeHtml removes scripts, handlers and network references", () => {
  const html = sanitizeHtml(
    `<p onclick="x()" style="background:url(https://e.com/a.png)">hola</p><script>alert(1)</script>` +
      `<link rel="stylesheet" href="https://e.com/s.css"><img src="https://e.com/i.png">` +
      `<style>@import url("https://e.com/x.css"); td { color: red; }</style>` +
      `<a href="https://arxiv.org/abs/1312.6114" onmouseover="y()">VAE</a><iframe src="http://e.com"></iframe>`,
    { stylesheets: true },
  );
  assert.ok(
    !/<script|onclick|onmouseover|<link|<iframe|<img|@import/i.test(html),
    html,
  );
  assert.ok(!html.includes("e.com"), html);
  assert.ok(
    html.includes('<a href="https://arxiv.org/abs/1312.6114">VAE</a>'),
    html,
  );
  assert.ok(html.includes("td { color: red; }"), html);
  assert.ok(!html.includes("background"), html);
});

// ---------------------------------------------------------------- images

Deno.test("an animated GIF is embedded as PNGs of its first and last frames", async () => {
  const gif = makeGif([0, 1], 6, 4); // frame 1 red, frame 2 blue
  const image = await prepareImage(gif, "image/gif");
  assert.ok(image.ok, JSON.stringify(image));
  assert.equal(image.width, 6);
  assert.equal(image.height, 4);
  assert.equal(image.animation?.frameCount, 2);
  const pixel = async (dataUrl: string) => {
    assert.ok(dataUrl.startsWith("data:image/png;base64,"));
    const decoded = await loadImage(
      Uint8Array.fromBase64(dataUrl.split(",")[1]),
    );
    const canvas = createCanvas(decoded.width, decoded.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(decoded, 0, 0);
    return Array.from(ctx.getImageData(3, 2, 1, 1).data);
  };
  const frames = image.animation!.frames;
  assert.deepEqual(frames.map((f) => f.index), [0, 1]);
  assert.deepEqual(await pixel(frames[0].dataUrl), [230, 30, 30, 255]);
  assert.deepEqual(await pixel(frames[1].dataUrl), [30, 60, 220, 255]);
  assert.equal(image.dataUrl, frames[1].dataUrl, "src is the last frame");
});

Deno.test("images that do not decode are refused with a reason", async () => {
  const notPng = await prepareImage(
    new TextEncoder().encode("hola"),
    "image/png",
  );
  assert.equal(notPng.ok, false);
  const truncated = Uint8Array.fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAf",
  );
  const bad = await prepareImage(truncated, "image/png");
  assert.equal(bad.ok, false);
  assert.match((bad as { reason: string }).reason, /decodificar/);
  const svg = await prepareImage(
    new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>',
    ),
    "image/svg+xml",
  );
  assert.ok(svg.ok);
  assert.ok(svg.dataUrl.startsWith("data:image/svg+xml;base64,"));
});

Deno.test("markdown images: relative files and <img> are embedded, missing ones reported", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
  try {
    const canvas = createCanvas(30, 20);
    canvas.getContext("2d").fillRect(0, 0, 30, 20);
    await Deno.writeFile(
      `${dir}/fig.png`,
      new Uint8Array(canvas.toBuffer("image/png")),
    );
    const ctx = new RenderContext(dir);
    ctx.cell = 4;
    const html = await renderMarkdown(
      '![a](fig.png)\n\n<img src="fig.png" width="50">\n\n![b](falta.png)',
      ctx,
    );
    assert.equal(
      (html.match(/<img[^>]* src="data:image\/png;base64,/g) ?? []).length,
      2,
      html,
    );
    assert.ok(html.includes('width="50"'), html);
    assert.ok(!html.includes("fig.png"), html);
    assert.deepEqual(ctx.problems.map((p) => [p.cell, p.kind, p.source]), [[
      4,
      "image",
      "falta.png",
    ]]);
    assert.match(ctx.problems[0].message, /no existe el archivo/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------- notebook

Deno.test("title, student and theory selection come from the notebook", async () => {
  const nb = await readNotebook(ALL_OUTPUTS);
  assert.equal(notebookTitle(nb), "Notebook de prueba: todas las salidas");
  assert.equal(notebookTitle({ ...nb, cells: [] }, "dir/x.ipynb"), "x");
  const student = async (n: typeof nb, name?: string) =>
    (await renderNotebookHtml(n, { file: "notebooks/x.ipynb", name })).student;
  assert.equal(await student(nb), "Ana Pérez Soto"); // nbformat authors
  assert.equal(await student(nb, "Flag"), "Flag");
  // never the folder name: nothing when the notebook does not say
  assert.equal(await student({ ...nb, metadata: {} }), "");
  const theory = await readNotebook(THEORY);
  assert.equal(await student(theory), "Ana Pérez Soto"); // "Estudiante" cell
  // title, student cell, P1 statement, answer p1a, question c), answer p1c;
  // not the practical section, its code or its closing remark
  assert.deepEqual(theoryCellIndexes(theory), [0, 1, 2, 3, 4, 5]);
});

Deno.test("the page of every output type has no script, no network, no escape codes", async () => {
  const nb = await readNotebook(ALL_OUTPUTS);
  const page = await renderNotebookHtml(nb, { file: ALL_OUTPUTS });
  const html = page.html;
  assert.ok(!/<script/i.test(html), "script in page");
  // hyperlinks are allowed (never loaded when printing); nothing else may
  // point at the network
  const withoutLinks = html.replace(/<a\b[^>]*>/gi, "<a>");
  assert.ok(
    !/https?:\/\//i.test(withoutLinks),
    withoutLinks.match(/.{60}https?:\/\/.{60}/)?.[0],
  );
  assert.ok(!html.includes("\x1b"), "escape character in page");
  assert.ok(
    html.includes("@font-face") && html.includes("data:font/woff2;base64,"),
  );
  assert.ok(!/url\((?!data:)/.test(html), "CSS url() that is not data:");
  for (
    const marker of [
      "SALIDA-ESTANDAR",
      "ERROR-ESTANDAR",
      "PLANO-ANSI",
      "TABLA-HTML",
      "MARKDOWN-SALIDA",
      "TRAZA-ERROR",
      "SVG-DIBUJO",
    ]
  ) {
    assert.ok(
      html.includes(marker) || html.includes("data:image/svg+xml"),
      marker,
    );
  }
  // png, the gif's first and last frames, svg
  assert.equal((html.match(/<img class="output-image/g) ?? []).length, 4);
  assert.match(
    html,
    /<img alt="figura adjunta" src="data:image\/png;base64,[^"]+">/,
  );
  const kinds = page.problems.map((p) => `${p.cell}:${p.kind}:${p.source}`);
  assert.deepEqual(kinds, [
    "2:math:\\sqrt{x",
    "2:math:\\left( a + b",
    "6:image:example.com/remota.png",
    "8:output:application/x-vaelab-desconocido",
    "8:image:image/png",
    "8:image:image/png",
    "8:output:misterioso",
  ]);
  assert.ok(html.includes("Problemas encontrados al generar el documento"));
});

Deno.test("findChromium: a variable pointing nowhere names the variable", () => {
  assert.throws(
    () =>
      findChromium((
        n,
      ) => (n === "VAELAB_CHROMIUM" ? "/no/existe/chromium" : undefined)),
    (e: Error) =>
      e instanceof ChromiumNotFoundError && /VAELAB_CHROMIUM/.test(e.message) &&
      /apt-get install chromium/.test(e.message),
  );
});

Deno.test("countPdfPages counts page objects, not the page tree", () => {
  const pdf = new TextEncoder().encode(
    "%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>> endobj 2 0 obj <</Type /Page>> endobj 3 0 obj <</Type/Page /Parent 1 0 R>> endobj",
  );
  assert.equal(countPdfPages(pdf), 2);
  assert.throws(() => countPdfPages(new TextEncoder().encode("hola")), /PDF/);
});

// ---------------------------------------------------------------- command line

Deno.test("cli: bad command lines exit 2 with one line naming the valid choices", async () => {
  const unknown = await run([ALL_OUTPUTS, "--colour"]);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /opción desconocida --colour; opciones válidas: --out, --theory-only, --html, --max-pages, --name, --paper/,
  );
  const paper = await run([ALL_OUTPUTS, "--paper", "a3"]);
  assert.equal(paper.code, 2);
  assert.match(
    paper.stderr,
    /--paper debe ser uno de a4, letter; se recibió "a3"/,
  );
  const pages = await run([ALL_OUTPUTS, "--max-pages", "cuatro"]);
  assert.equal(pages.code, 2);
  assert.match(
    pages.stderr,
    /--max-pages debe ser un entero ≥ 1, se recibió "cuatro"/,
  );
  const none = await run([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /falta el notebook/);
});

Deno.test("cli: unusable notebooks exit 1 with the file named", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
  try {
    await Deno.writeTextFile(`${dir}/roto.ipynb`, '{"cells": [');
    await Deno.writeTextFile(
      `${dir}/otro.ipynb`,
      '{"name": "no soy un notebook"}',
    );
    const broken = await run([`${dir}/roto.ipynb`, "--html"]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /roto\.ipynb: not valid JSON/);
    const other = await run([`${dir}/otro.ipynb`, "--html"]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /otro\.ipynb: not a notebook/);
    const missing = await run([`${dir}/no_existe.ipynb`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no_existe\.ipynb: file not found/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: --html writes a self-contained page and reports the problems", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
  try {
    const out = `${dir}/pagina.html`;
    const result = await run([ALL_OUTPUTS, "--html", "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /HTML escrito: .*pagina\.html/);
    assert.match(result.stderr, /celda 2, línea 3: .*\\sqrt\{x/);
    assert.match(
      result.stderr,
      /celda 8: tipo de salida desconocido «misterioso»/,
    );
    const html = await Deno.readTextFile(out);
    assert.ok(!/<script/i.test(html));
    assert.ok(!/https?:\/\//i.test(html.replace(/<a\b[^>]*>/gi, "<a>")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: without Chromium the message says what to install", async () => {
  const result = await run([ALL_OUTPUTS, "--out", "/tmp/nunca.pdf"], {
    VAELAB_CHROMIUM: "/no/existe/chromium",
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /apt-get install chromium/);
  assert.match(result.stderr, /VAELAB_CHROMIUM/);
  assert.match(result.stderr, /--html/);
});

// ---------------------------------------------------------------- real PDFs

const PDF_CASES: { file: string; theoryOnly: boolean; markers: string[] }[] = [
  {
    file: ALL_OUTPUTS,
    theoryOnly: false,
    markers: [
      "Notebook de prueba: todas las salidas",
      "Ana Pérez Soto",
      "Página 1 de",
      "SALIDA-ESTANDAR verde",
      "ERROR-ESTANDAR advertencia",
      "progreso 100%",
      "PLANO-ANSI",
      "TABLA-HTML",
      "MARKDOWN-SALIDA",
      "TRAZA-ERROR",
      "SVG-DIBUJO",
      "DESPUES-DEL-ERROR",
      "FINAL-DEL-NOTEBOOK",
      "Problemas encontrados",
      "misterioso",
      "σ", // rendered math
    ],
  },
  {
    file: THEORY,
    theoryOnly: true,
    markers: [
      "Laboratorio 1: ELBO y VAE denso",
      "RESPUESTA-P1A",
      "RESPUESTA-P1C",
      "DKL",
    ],
  },
  ...SOLUTIONS.flatMap((file) => [
    { file, theoryOnly: false, markers: ["Página 1 de"] },
    { file, theoryOnly: true, markers: ["Página 1 de"] },
  ]),
];

for (const { file, theoryOnly, markers } of PDF_CASES) {
  const name = file.split("/").slice(-2).join("/");
  Deno.test({
    name: `pdf: ${name}${theoryOnly ? " --theory-only" : ""} prints clean text`,
    ignore: SKIP_PDF || !exists(file),
    fn: async () => {
      const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
      try {
        const out = `${dir}/salida.pdf`;
        const started = performance.now();
        const result = await run([
          file,
          "--out",
          out,
          ...(theoryOnly ? ["--theory-only", "--max-pages", "99"] : []),
        ]);
        const seconds = (performance.now() - started) / 1000;
        assert.equal(result.code, 0, result.stderr);
        // Reported, not asserted: timed assertions flake on a busy machine.
        console.log(`rendered ${name} in ${seconds.toFixed(1)} s`);
        const text = await pdftotext(out);
        for (const marker of markers) {
          assert.ok(
            text.includes(marker),
            `missing «${marker}» in\n${text.slice(0, 3000)}`,
          );
        }
        if (theoryOnly && file === THEORY) {
          for (
            const dropped of [
              "TEXTO-PRACTICO",
              "CODIGO-SALIDA",
              "klStandardNormal",
            ]
          ) {
            assert.ok(!text.includes(dropped), `theory-only kept «${dropped}»`);
          }
        }
        if (file !== ALL_OUTPUTS) {
          await assertCleanText(text, file, theoryOnly);
        } else {
          // the broken formulas are shown as source on purpose; nothing else
          const rest = text.split("Problemas encontrados")[0]
            .replaceAll("\\sqrt{x", "").replaceAll(
              "\\left( a + b",
              "",
            ).replaceAll("\\left( a", "");
          await assertCleanText(rest, file, theoryOnly);
        }
        const info = await pdfinfo(out);
        assert.equal(
          countPdfPages(await Deno.readFile(out)),
          Number(info.Pages),
        );
        assert.match(info["Page size"], /\(A4\)/);
        const pages = Number(result.stdout.match(/\((\d+) página/)?.[1]);
        assert.equal(pages, Number(info.Pages));
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "pdf: the theory report of lab 1 fits the 4-page limit",
  ignore: SKIP_PDF || !exists(SOLUTIONS[0]),
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
    try {
      const result = await run([
        SOLUTIONS[0],
        "--theory-only",
        "--out",
        `${dir}/informe.pdf`,
      ]);
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      const info = await pdfinfo(`${dir}/informe.pdf`);
      assert.ok(Number(info.Pages) <= 4, `${info.Pages} pages`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "pdf: over the page limit warns and exits 3 (Letter paper, --name)",
  ignore: SKIP_PDF,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
    try {
      const out = `${dir}/largo.pdf`;
      const result = await run([
        ALL_OUTPUTS,
        "--out",
        out,
        "--max-pages",
        "1",
        "--paper",
        "letter",
        "--name",
        "Nombre De Bandera",
      ]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /tiene \d+ páginas y el máximo es 1/);
      const info = await pdfinfo(out);
      assert.ok(Number(info.Pages) > 1);
      assert.match(info["Page size"], /612 x 792/);
      assert.ok((await pdftotext(out)).includes("Nombre De Bandera"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

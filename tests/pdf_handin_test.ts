/**
 * The hand-in PDF (tests/fixtures/hand_in.ipynb, a theory report that
 * pushes the printer), printed by real Chromium and read back with poppler:
 * no answer title ends a page, no inline formula is split across lines, the
 * unclosed environment and the stray `$` are reported with their cell and
 * line, the training animation prints as its first, middle and last frames,
 * and the header carries the student's name from the notebook. The two
 * layout rules are also switched off once, to show the fixture really puts a
 * title at a page end and a formula at a line end.
 */
import assert from "node:assert/strict";
import { loadImage } from "canvas";
import { cellSource, readNotebook } from "../lib/notebook/nbformat.ts";
import { KEEP_TITLES_CSS, UNBROKEN_MATH_CSS } from "../lib/pdf/assets.ts";
import { findChromium } from "../lib/pdf/chromium.ts";
import { renderNotebookHtml } from "../lib/pdf/document.ts";
import { printHtmlToPdf, withPage } from "../lib/pdf/print.ts";
import { FIT_WIDE_MATH_SCRIPT } from "../lib/pdf/render.ts";
import {
  ANIMATION_FRAMES,
  animationColour,
} from "./fixtures/make_pdf_fixtures.ts";

const HAND_IN = new URL("./fixtures/hand_in.ipynb", import.meta.url).pathname;
const CLI = new URL("../cli/pdf.ts", import.meta.url).pathname;

function onPath(command: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      return Deno.statSync(`${dir}/${command}`).isFile;
    } catch {
      return false;
    }
  });
}

let chromium: string | undefined;
try {
  chromium = findChromium();
} catch {
  chromium = undefined;
}
const SKIP = !chromium || !onPath("pdftotext") || !onPath("pdftoppm");
if (SKIP) {
  console.warn(
    "pdf_handin_test: se omite: falta Chromium o poppler (pdftotext, pdftoppm); instale con `apt-get install chromium poppler-utils`",
  );
}

async function output(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

/** The text lines of each page (header and footer dropped). */
async function pageLines(pdf: string): Promise<string[][]> {
  const info = await output("pdfinfo", [pdf]);
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1]);
  const result: string[][] = [];
  for (let p = 1; p <= pages; p++) {
    const text = await output("pdftotext", [
      "-enc",
      "UTF-8",
      "-f",
      String(p),
      "-l",
      String(p),
      pdf,
      "-",
    ]);
    const lines = text.split("\n").map((l) => l.trim()).filter((l) =>
      l && !/^Página \d+ de \d+$/.test(l) && !/^[\u200b\s]*$/.test(l)
    );
    result.push(lines.slice(1)); // the first line is the page header
  }
  return result;
}

const TITLE = /^Respuesta \d+$/;

/** Pages (1-based) whose last line of text is an answer title. */
async function pagesEndingInTitle(pdf: string): Promise<number[]> {
  const pages = await pageLines(pdf);
  return pages.flatMap((lines, i) =>
    TITLE.test(lines.at(-1) ?? "") ? [i + 1] : []
  );
}

async function handInPage(): Promise<
  { html: string; title: string; student: string }
> {
  return await renderNotebookHtml(await readNotebook(HAND_IN), {
    file: HAND_IN,
    theoryOnly: true,
  });
}

async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
  try {
    return await use(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "hand-in: the theory report prints with titles kept, problems placed and the student's name",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const pdf = `${dir}/informe.pdf`;
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          CLI,
          HAND_IN,
          "--theory-only",
          "--max-pages",
          "99",
          "--out",
          pdf,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.equal(run.code, 0, stderr);
      // where the bad TeX is, found in the fixture's source
      const nb = await readNotebook(HAND_IN);
      const cell = nb.cells.findIndex((c) =>
        cellSource(c).includes("\\begin{align}")
      );
      const lines = cellSource(nb.cells[cell]).split("\n");
      const align = lines.findIndex((l) => l.includes("\\begin{align}")) + 1;
      const dollar = lines.findIndex((l) => l.includes("$x mayor")) + 1;
      assert.match(
        stderr,
        new RegExp(
          `celda ${cell + 1}, línea ${align}: entorno «align» sin cerrar`,
        ),
      );
      assert.match(
        stderr,
        new RegExp(`celda ${cell + 1}, línea ${dollar}: «\\$» sin cerrar`),
      );
      const pages = await pageLines(pdf);
      const text = pages.flat().join("\n");
      // the two problems, at their spot (in red) and in the list at the end
      assert.match(
        text,
        new RegExp(`Celda ${cell + 1}, línea ${align} — fórmula`),
      );
      assert.match(
        text,
        new RegExp(`Celda ${cell + 1}, línea ${dollar} — fórmula`),
      );
      assert.ok(text.includes("FIN-DEL-INFORME"));
      assert.deepEqual(await pagesEndingInTitle(pdf), []);
      // header: title left, the name from the "Estudiante" cell right
      const header =
        (await output("pdftotext", ["-layout", "-l", "1", pdf, "-"]))
          .split("\n")[0];
      assert.match(
        header,
        /Informe de entrega: prueba del PDF\s*Ana Pérez Soto/,
      );
      // the animation: first, middle and last frame, captioned
      for (const i of [1, 3, 5]) {
        assert.ok(
          text.includes(`fotograma ${i} de ${ANIMATION_FRAMES}`),
          `frame ${i} caption`,
        );
      }
    }),
});

Deno.test({
  name:
    "hand-in: the fixture does put a title at a page end when titles are not kept",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const page = await handInPage();
      assert.ok(page.html.includes(KEEP_TITLES_CSS));
      const loose = page.html.replace(KEEP_TITLES_CSS, "");
      await Deno.writeFile(
        `${dir}/suelto.pdf`,
        await printHtmlToPdf(loose, {
          chromium,
          title: page.title,
          beforePrint: FIT_WIDE_MATH_SCRIPT,
        }),
      );
      const dangling = await pagesEndingInTitle(`${dir}/suelto.pdf`);
      assert.ok(
        dangling.length > 0,
        "no page ends in a title even without the rule",
      );
    }),
});

/** For each inline formula of the printed layout: on how many lines it lies. */
const INLINE_FORMULA_LINES = `(() => [...document.querySelectorAll(".katex")]
  .filter((k) => !k.closest(".katex-display"))
  .map((k) => new Set([...k.getClientRects()].map((r) => Math.round(r.top))).size))()`;

Deno.test({
  name:
    "hand-in: no inline formula is split across lines (and some would be without the rule)",
  ignore: SKIP,
  fn: async () => {
    const page = await handInPage();
    assert.ok(page.html.includes(UNBROKEN_MATH_CSS));
    const lines = async (html: string) =>
      await withPage(html, { chromium }, async (p) => {
        await p.emulatePrint("a4");
        await p.evaluate(FIT_WIDE_MATH_SCRIPT);
        return await p.evaluate(INLINE_FORMULA_LINES) as number[];
      });
    const kept = await lines(page.html);
    assert.ok(kept.length >= 16, `${kept.length} inline formulas`);
    assert.deepEqual(kept.filter((n) => n !== 1), []);
    const loose = await lines(page.html.replace(UNBROKEN_MATH_CSS, ""));
    assert.ok(loose.some((n) => n > 1), "no formula reaches a line end");
  },
});

Deno.test({
  name: "hand-in: the animation prints its first, middle and last frames",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const page = await handInPage();
      await Deno.writeFile(
        `${dir}/informe.pdf`,
        await printHtmlToPdf(page.html, { chromium, title: page.title }),
      );
      const pages = await pageLines(`${dir}/informe.pdf`);
      const strip = pages.findIndex((lines) =>
        lines.some((l) => l.includes("fotograma 1 de"))
      ) + 1;
      await output("pdftoppm", [
        "-png",
        "-r",
        "40",
        "-f",
        String(strip),
        "-l",
        String(strip),
        "-singlefile",
        `${dir}/informe.pdf`,
        `${dir}/tira`,
      ]);
      const png = await loadImage(await Deno.readFile(`${dir}/tira.png`));
      const { createCanvas } = await import("canvas");
      const canvas = createCanvas(png.width, png.height);
      const ctx = canvas.getContext("2d");
      ctx.drawImage(png, 0, 0);
      const pixels = ctx.getImageData(0, 0, png.width, png.height).data;
      const count = ([r, g, b]: number[]) => {
        let n = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          if (
            Math.abs(pixels[i] - r) < 12 && Math.abs(pixels[i + 1] - g) < 12 &&
            Math.abs(pixels[i + 2] - b) < 12
          ) {
            n++;
          }
        }
        return n;
      };
      const colour = (i: number) =>
        animationColour(i, ANIMATION_FRAMES);
      const printed = [0, 2, 4].map((i) => count(colour(i)));
      const skipped = [1, 3].map((i) => count(colour(i)));
      // a frame at 40 dpi is about 66×37 pixels
      for (const n of printed) {
        assert.ok(n > 1000, `printed frames: ${printed}`);
      }
      assert.deepEqual(skipped, [0, 0], `frames not printed: ${skipped}`);
    }),
});

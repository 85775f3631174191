/**
 * The PDF renderer's HTML sanitizer against a corpus of injection payloads
 * (tests/fixtures/xss_payloads.ts): at the function level (the output is
 * only allowed tags and attributes, and cleaning it again changes nothing),
 * and end to end in real Chromium through DevTools: the payloads run in a raw
 * control page (so the corpus is live), none runs in the rendered notebook
 * page with or without its Content-Security-Policy, the CSP alone stops them
 * too, and the legitimate content (math, images, tables, the live progress
 * display) still renders and prints.
 */
import assert from "node:assert/strict";
import { createCanvas } from "canvas";
import type { Notebook } from "../lib/notebook/nbformat.ts";
import { NotebookProgress } from "../lib/progress/notebook.ts";
import { findChromium } from "../lib/pdf/chromium.ts";
import {
  CONTENT_SECURITY_POLICY,
  renderNotebookHtml,
} from "../lib/pdf/document.ts";
import { printHtmlToPdf, withPage } from "../lib/pdf/print.ts";
import { ALLOWED_TAGS, sanitizeHtml } from "../lib/pdf/sanitize.ts";
import {
  AUDIT_SCRIPT,
  MARKER,
  PAYLOADS,
  PROBE_SCRIPT,
} from "./fixtures/xss_payloads.ts";

let chromium: string | undefined;
try {
  chromium = findChromium();
} catch {
  chromium = undefined;
}
const HAVE_PDFTOTEXT = (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
  try {
    return Deno.statSync(`${dir}/pdftotext`).isFile;
  } catch {
    return false;
  }
});
if (!chromium) {
  console.warn(
    "pdf_sanitize_test: se omiten las pruebas en Chromium: falta Chromium; instale con `apt-get install chromium` (o defina VAELAB_CHROMIUM=/ruta/a/chromium)",
  );
}

// ---------------------------------------------------------------- function level

const TAG =
  /<(\/?)([a-z][a-z0-9-]*)((?: [a-z][a-z0-9-]*(?:="[^"<>]*")?)*)( \/)?>/g;
const ATTRIBUTE = / ([a-z][a-z0-9-]*)(?:="([^"<>]*)")?/g;
const ATTRIBUTES = new Set([
  "class",
  "style",
  "title",
  "lang",
  "dir",
  "href",
  "src",
  "alt",
  "width",
  "height",
  "start",
  "type",
  "value",
  "colspan",
  "rowspan",
  "align",
  "valign",
  "scope",
  "span",
  "checked",
  "disabled",
  "open",
  "viewbox",
  "points",
]);

/** Everything that is not an allowed tag with allowed attributes, in sanitized HTML. */
function violations(html: string, stylesheets: boolean): string[] {
  const found: string[] = [];
  const tags = new Set([...ALLOWED_TAGS, ...(stylesheets ? ["style"] : [])]);
  // inside <style> only CSS; checked separately
  const css: string[] = [];
  const body = html.replace(/<style>([\s\S]*?)<\/style>/g, (_, text) => {
    css.push(text);
    return "";
  });
  for (const text of css) {
    if (/url\(|@import|expression|<\/?style|javascript:/i.test(text)) {
      found.push(`style: ${text}`);
    }
  }
  const rest = body.replace(
    TAG,
    (_all, _close, name: string, attrs: string) => {
      if (!tags.has(name)) found.push(`<${name}>`);
      for (const [, attr, value = ""] of attrs.matchAll(ATTRIBUTE)) {
        const svgAttr =
          /^(fill|stroke|opacity|transform|x|y|x1|y1|x2|y2|cx|cy|r|rx|ry|dx|dy|d|font-|text-|dominant-|preserve|stroke-|fill-)/
            .test(attr);
        if (!ATTRIBUTES.has(attr) && !svgAttr) found.push(`${name} ${attr}`);
        if (/javascript:|vbscript:|data:text|url\(|expression\(/i.test(value)) {
          found.push(`${name} ${attr}="${value}"`);
        }
        if (attr === "href" && !/^(https?:|mailto:)/i.test(value)) {
          found.push(`${name} href="${value}"`);
        }
      }
      return "";
    },
  );
  // what is left is text: a raw "<" there would be markup the pattern missed
  if (rest.includes("<")) {
    found.push(`raw <: ${rest.slice(rest.indexOf("<"), 60)}`);
  }
  return found;
}

for (const stylesheets of [false, true]) {
  Deno.test(`sanitizeHtml${stylesheets ? " (output HTML)" : " (markdown)"}: every payload comes out as allowed markup only`, () => {
    for (const payload of PAYLOADS) {
      const clean = sanitizeHtml(payload.html, { stylesheets });
      assert.deepEqual(
        violations(clean, stylesheets),
        [],
        `${payload.id} (${payload.what}): ${clean}`,
      );
      assert.equal(
        sanitizeHtml(clean, { stylesheets }),
        clean,
        `${payload.id}: cleaning twice changes the result`,
      );
    }
    const all = sanitizeHtml(PAYLOADS.map((p) => p.html).join("\n"), {
      stylesheets,
    });
    assert.deepEqual(violations(all, stylesheets), [], all);
  });
}

Deno.test("sanitizeHtml keeps what notebooks legitimately hold", () => {
  const html = sanitizeHtml(
    `<table><thead><tr><th align="center">época</th></tr></thead><tbody><tr><td colspan="2" style="color: #1d4e89; text-align: right">143.2</td></tr></tbody></table>` +
      `<pre><code class="language-ts">const x = 1 &lt; 2;</code></pre>` +
      `<p>Ver <a href="https://arxiv.org/abs/1312.6114" title="Kingma">VAE</a> y <a href="mailto:a@b.cl">correo</a>.</p>` +
      `<ul><li><input type="checkbox" checked disabled> hecho</li></ul>` +
      `<details><summary>más</summary>oculto</details>` +
      `<svg width="120" height="36" viewBox="0 0 120 36" style="background:#fafafa"><polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="1,2 3,4"/></svg>` +
      `<img src="data:image/png;base64,iVBORw0KGgo=" alt="figura" width="50">` +
      `<sub>1</sub><sup>2</sup><kbd>Ctrl</kbd><del>no</del><blockquote>cita</blockquote><hr>`,
    { stylesheets: true },
  );
  for (
    const kept of [
      '<th align="center">época</th>',
      '<td colspan="2" style="color:#1d4e89;text-align:right">143.2</td>',
      '<code class="language-ts">const x = 1 &lt; 2;</code>',
      '<a title="Kingma" href="https://arxiv.org/abs/1312.6114">VAE</a>',
      '<a href="mailto:a@b.cl">correo</a>',
      '<input type="checkbox" disabled checked />',
      "<details open><summary>más</summary>",
      '<svg width="120" height="36" viewbox="0 0 120 36" style="background:#fafafa">',
      '<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="1,2 3,4"></polyline>',
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="figura" width="50">',
      "<sub>1</sub><sup>2</sup><kbd>Ctrl</kbd><del>no</del><blockquote>cita</blockquote><hr />",
    ]
  ) {
    assert.ok(html.includes(kept), `lost ${kept}\nin ${html}`);
  }
});

Deno.test("sanitizeHtml: <style> only in outputs, with its CSS cleaned", () => {
  const css =
    `<style>@import url("https://e.com/x.css"); td.c { color: red; background: url(https://e.com/a.png); } @media print { td { padding: 0 10px; position: fixed } } a[title="<b>"] { color: blue }</style><p>t</p>`;
  assert.equal(sanitizeHtml(css), "<p>t</p>");
  const kept = sanitizeHtml(css, { stylesheets: true });
  assert.match(kept, /td\.c \{ color: red; \}/);
  assert.match(kept, /@media print \{ td \{ padding: 0 10px \} \}/);
  assert.doesNotMatch(kept, /@import|url\(|fixed|<b>/);
  assert.match(kept, /a\[title="\\3c b>"\]/, "a '<' inside CSS is escaped");
  // a string cannot hide the end of the element: it ends where a browser ends it
  assert.equal(
    sanitizeHtml(`<style>a[title="</style><b>x</b>"] {}</style>`, {
      stylesheets: true,
    }),
    '<style></style><b>x</b>"] {}',
  );
});

Deno.test("sanitizeHtml hands every <img> to the caller, decoded", () => {
  const seen: unknown[] = [];
  const html = sanitizeHtml(
    `<p><img src="fig&#46;png" alt="a &amp; b" width="50%" height="x" onerror="y()"> y <IMG SRC=https://e.com/i.png></p>`,
    {
      image: (ref) => {
        seen.push(ref);
        return `[${seen.length}]`;
      },
    },
  );
  assert.equal(html, "<p>[1] y [2]</p>");
  assert.deepEqual(seen, [
    { src: "fig.png", alt: "a & b", width: "50%", height: undefined },
    {
      src: "https://e.com/i.png",
      alt: "",
      width: undefined,
      height: undefined,
    },
  ]);
});

// ---------------------------------------------------------------- in Chromium

const RAW_PAGE = (head = "") =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}<title>control</title></head><body>\n${
    PAYLOADS.map((p) => `<section>${p.html}</section>`).join("\n")
  }\n</body></html>`;

/** Loads `html`, pokes at it, and returns the payloads that ran and the audit. */
async function runInChromium(html: string) {
  return await withPage(html, { chromium }, async (page) => {
    const title = String(await page.evaluate(PROBE_SCRIPT));
    const audit = await page.evaluate(AUDIT_SCRIPT) as {
      found: string[];
      katex: number;
      mathErrors: number;
      images: number[];
      tableCells: number;
      polylines: number;
      text: string;
    };
    const ran = new Set(
      [title, ...page.console, ...page.dialogs].flatMap((text) =>
        [...text.matchAll(MARKER)].map((m) => m[1])
      ),
    );
    return { title, ran, audit };
  });
}

Deno.test({
  name:
    "chromium: the corpus is live in a raw page with no sanitizer and no CSP",
  ignore: !chromium,
  fn: async () => {
    const { ran } = await runInChromium(RAW_PAGE());
    const live = PAYLOADS.filter((p) => p.live).map((p) => p.id);
    assert.ok(live.length >= 35, `${live.length} live payloads`);
    assert.deepEqual(live.filter((id) => !ran.has(id)), [], "did not run");
    assert.deepEqual(
      [...ran].filter((id) => !live.includes(id)),
      [],
      "ran but marked not live",
    );
  },
});

Deno.test({
  name: "chromium: the page's CSP alone stops every payload",
  ignore: !chromium,
  fn: async () => {
    const csp =
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;
    const { ran } = await runInChromium(RAW_PAGE(csp));
    assert.deepEqual([...ran], []);
  },
});

function figure(): string {
  const canvas = createCanvas(60, 30);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#1d4e89";
  ctx.fillRect(0, 0, 60, 30);
  return new Uint8Array(canvas.toBuffer("image/png")).toBase64();
}

/** The real live-progress display as a training run leaves it. */
async function progressHtml(): Promise<string> {
  let last: Record<string, unknown> = {};
  const clock = { t: 0 };
  const progress = new NotebookProgress({
    jupyter: {
      display: () => Promise.resolve(),
      broadcast: (_type, content) => {
        last = content.data as Record<string, unknown>;
        return Promise.resolve();
      },
    },
    now: () => clock.t,
    title: "PROGRESO-VAE",
  });
  for (let b = 0; b < 20; b++) {
    clock.t += 100;
    await progress.onBatchEnd(
      {
        epoch: 0,
        epochs: 1,
        batch: b,
        batches: 20,
        loss: 200 - b,
        imagesPerSecond: 640,
      } as never,
    );
  }
  await progress.onEpochEnd({ epoch: 0, loss: 181, kl: 9 } as never);
  await progress.done();
  return String(last["text/html"]);
}

/** A notebook whose markdown cells and HTML output carry every payload, around legitimate content. */
async function payloadNotebook(): Promise<Notebook> {
  const legit = `# Informe con cargas maliciosas

Fórmula en línea $\\mathbb{E}_{q}[\\log p(x|z)]$ y en bloque

$$D_{KL}(q \\| p) = \\sum_j \\mu_j^2$$

| columna | valor |
|---|---|
| TABLA-LEGITIMA | 1 |

![figura](attachment:fig.png)
`;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { authors: [{ name: "Ana Pérez Soto" }] },
    cells: [
      {
        cell_type: "markdown",
        metadata: {},
        source: legit,
        attachments: { "fig.png": { "image/png": figure() } },
      },
      ...PAYLOADS.map((p) => ({
        cell_type: "markdown" as const,
        metadata: {},
        source: `Carga ${p.id}:\n\n${p.html}\n`,
      })),
      {
        cell_type: "code",
        metadata: {},
        execution_count: 1,
        source: "await trainWithProgress();",
        outputs: [
          {
            output_type: "display_data",
            metadata: {},
            data: {
              "text/html": await progressHtml(),
              "text/plain": "progreso",
            },
          },
          {
            output_type: "display_data",
            metadata: {},
            data: {
              "text/html":
                PAYLOADS.map((p) => `<div>${p.html}</div>`).join("\n") +
                `<table><tr><td>SALIDA-HTML-LEGITIMA</td></tr></table><img src="data:image/png;base64,${figure()}">`,
              "text/plain": "tabla",
            },
          },
        ],
      },
    ],
  };
}

Deno.test({
  name:
    "chromium: no payload runs in the rendered page (with and without its CSP) and the content still renders and prints",
  ignore: !chromium,
  fn: async () => {
    const page = await renderNotebookHtml(await payloadNotebook(), {
      file: "cargas.ipynb",
    });
    const title = "Informe con cargas maliciosas — Ana Pérez Soto";
    const withoutCsp = page.html.replace(
      /<meta http-equiv="Content-Security-Policy"[^>]*>/,
      "",
    );
    assert.notEqual(withoutCsp, page.html, "the page has its CSP");
    for (const html of [withoutCsp, page.html]) {
      const result = await runInChromium(html);
      assert.deepEqual([...result.ran], [], "payloads ran");
      assert.equal(result.title, title);
      assert.deepEqual(result.audit.found, [], "active content in the DOM");
      // legitimate content: 2 formulas, every image decoded (the attachment,
      // the output's PNG, and the payload's SVG, harmless in an <img>, twice),
      // both tables, the progress sparkline
      assert.equal(result.audit.katex, 2);
      assert.equal(result.audit.mathErrors, 0);
      assert.deepEqual(result.audit.images, [60, 300, 300, 60]);
      assert.ok(result.audit.tableCells >= 2, String(result.audit.tableCells));
      assert.equal(result.audit.polylines, 1);
      assert.match(result.audit.text, /TABLA-LEGITIMA/);
    }
    if (!HAVE_PDFTOTEXT) return;
    const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-test-" });
    try {
      await Deno.writeFile(
        `${dir}/cargas.pdf`,
        await printHtmlToPdf(page.html, { chromium, title: page.title }),
      );
      const out = await new Deno.Command("pdftotext", {
        args: ["-enc", "UTF-8", `${dir}/cargas.pdf`, "-"],
        stdout: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      for (
        const marker of [
          "TABLA-LEGITIMA",
          "SALIDA-HTML-LEGITIMA",
          "PROGRESO-VAE",
          "Carga script-nested",
          "DKL",
        ]
      ) {
        assert.ok(text.includes(marker), `missing ${marker}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

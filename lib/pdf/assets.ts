/**
 * The page's stylesheets: KaTeX's CSS with its woff2 fonts embedded as
 * `data:` URLs, the highlight.js GitHub theme (both read from the installed npm
 * packages), and the kit's own print stylesheet. Nothing refers to the network.
 *
 * @example
 * ```ts
 * import { pageStylesheets } from "./assets.ts";
 * const css = await pageStylesheets();
 * console.log(css.length); // ~ 400 kB, mostly fonts
 * ```
 * @module
 */
/** Where the npm packages' files are looked for, in order. */
export function nodeModulesCandidates(): string[] {
  const candidates: string[] = [];
  const here = new URL("../../node_modules/", import.meta.url);
  if (here.protocol === "file:") {
    candidates.push(decodeURIComponent(here.pathname));
  }
  candidates.push(`${Deno.cwd()}/node_modules/`);
  return candidates;
}

async function readPackageFile(
  relative: string,
): Promise<{ path: string; text: string }> {
  const tried: string[] = [];
  for (const base of nodeModulesCandidates()) {
    const path = `${base}${relative}`;
    tried.push(path);
    try {
      return { path, text: await Deno.readTextFile(path) };
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `no se encontró ${relative} (buscado en ${
      tried.join(", ")
    }); ejecute \`deno install\` en la raíz del proyecto`,
  );
}

function stripCssComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, "");
}

/**
 * KaTeX's stylesheet with every `@font-face` pointing at its woff2 font
 * embedded as a `data:` URL (the woff/ttf fallbacks are dropped).
 */
export async function katexStylesheet(): Promise<string> {
  const { path, text } = await readPackageFile("katex/dist/katex.min.css");
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  const fonts = new Map<string, string>();
  for (const match of text.matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)) {
    const bytes = await Deno.readFile(dir + match[1]);
    fonts.set(
      match[1],
      `data:font/woff2;base64,${bytes.toBase64()}`,
    );
  }
  return stripCssComments(text).replace(
    /src:\s*url\((fonts\/[^)]+\.woff2)\)\s*format\(["']woff2["']\)[^;}]*/g,
    (_, file: string) => `src:url(${fonts.get(file)}) format("woff2")`,
  );
}

/** The highlight.js GitHub (light) theme. */
export async function highlightStylesheet(): Promise<string> {
  const { text } = await readPackageFile("highlight.js/styles/github.min.css");
  return stripCssComments(text);
}

/** A heading or a bold title line ("Respuesta P1 b)") never ends a page. */
export const KEEP_TITLES_CSS =
  "h1, h2, h3, h4, h5, h6, p.title-line { break-after: avoid; }";

/** Inline formulas never break across lines ("log p(x |" / "z)"). */
export const UNBROKEN_MATH_CSS = ".katex { white-space: nowrap; }";

/** The print stylesheet of the notebook page. */
export const PAGE_CSS = `
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  font-family: "Liberation Serif", "DejaVu Serif", "Times New Roman", serif;
  font-size: 10.5pt; line-height: 1.38; color: #111; margin: 0;
  hyphens: auto; overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6 {
  font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  line-height: 1.2; margin: 0.9em 0 0.4em;
}
${KEEP_TITLES_CSS}
h1 { font-size: 17pt; } h2 { font-size: 14pt; } h3 { font-size: 12pt; }
h4, h5, h6 { font-size: 10.5pt; }
p { margin: 0.45em 0; }
ul, ol { margin: 0.35em 0; padding-left: 1.6em; }
li { margin: 0.15em 0; }
a { color: #1a4f9c; text-decoration: none; }
blockquote { margin: 0.5em 0; padding: 0 0.9em; border-left: 3px solid #ccc; color: #444; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 2px 6px; }
th { background: #f0f0f0; }
img { max-width: 100%; height: auto; }
hr { border: 0; border-top: 1px solid #ccc; }
code, pre, kbd, samp {
  font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.4pt;
}
:not(pre) > code { background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; line-height: 1.3; }
.cell { margin: 0.35em 0; }
.cell.code { margin: 0.6em 0; }
.cell.answer { border-left: 2px solid #9db8d9; padding-left: 8px; }
.prompt {
  font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; color: #777;
  margin-bottom: 1px;
}
.source { background: #f6f8fa; border: 1px solid #dde1e6; border-radius: 3px; padding: 4px 7px; }
.source code.hljs { background: transparent; padding: 0; }
.outputs { margin: 3px 0 0 0; padding-left: 8px; border-left: 2px solid #e3e3e3; }
.outputs > * { margin: 2px 0; }
.output-text { color: #222; line-height: 1.17; }
.output-stderr { background: #fdf0f0; padding: 2px 4px; }
.output-error { background: #fdecec; border: 1px solid #e5a0a0; padding: 4px 6px; border-radius: 3px; }
.output-image { display: block; break-inside: avoid; }
.pixelated { image-rendering: pixelated; }
.gif-strip { display: flex; gap: 8px; align-items: flex-start; break-inside: avoid; margin: 2px 0; }
.gif-frame { display: flex; flex-direction: column; align-items: center; flex: 0 1 auto; min-width: 0; }
.gif-frame img { display: block; max-width: 100%; height: auto; }
.gif-caption { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 7.5pt; color: #555; }
.output-html, .output-markdown, .output-latex { overflow-x: hidden; }
.katex-display { margin: 0.55em 0; overflow-x: auto; overflow-y: hidden; }
@media print { .katex-display { overflow-x: hidden; } }
.katex { font-size: 1.12em; }
${UNBROKEN_MATH_CSS}
.math-error {
  color: #c00; font-family: "DejaVu Sans Mono", monospace; font-size: 8.6pt;
  background: #fff0f0; white-space: pre-wrap;
}
.problem-box {
  display: inline-block; color: #8a4b00; background: #fff6e5; border: 1px solid #f0c36d;
  padding: 1px 5px; border-radius: 3px; font-size: 8.6pt;
  font-family: "Liberation Sans", "DejaVu Sans", sans-serif;
}
.problem-ref { color: #c00; font-size: 7pt; }
.problems { margin-top: 1.5em; border-top: 2px solid #c00; }
.problems h2 { color: #c00; font-size: 12pt; }
.problems li { font-size: 9pt; }
.problems code { white-space: pre-wrap; }
.doc-title { font-size: 19pt; margin-top: 0; }
.doc-meta { color: #555; margin-bottom: 1em; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; }
`;

let cached: Promise<string> | undefined;

/** All stylesheets of the page, concatenated (read once per process). */
export function pageStylesheets(): Promise<string> {
  cached ??= Promise.all([katexStylesheet(), highlightStylesheet()]).then(
    ([katex, highlight]) => [katex, highlight, PAGE_CSS].join("\n"),
  );
  return cached;
}

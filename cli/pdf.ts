/**
 * `deno task pdf <notebook.ipynb> [--out file.pdf] [--theory-only] [--html]
 * [--max-pages N] [--name "Estudiante"] [--paper a4|letter]`
 *
 * Renders a notebook to PDF (math by KaTeX, no LaTeX needed) with headless
 * Chromium, or to a self-contained HTML page with `--html`. `--theory-only`
 * keeps the theory report (markdown answers and their figures) and checks its
 * page count against `--max-pages` (default: `metadata.vaelab.max_pages` of
 * the notebook, else 4 for a theory report).
 *
 * Exit codes: 0 done; 1 the notebook or Chromium failed; 2 bad command line;
 * 3 the PDF has more pages than allowed (the PDF is still written).
 *
 * @module
 */
import { NotebookError, readNotebook } from "../lib/notebook/nbformat.ts";
import {
  ChromiumNotFoundError,
  type Paper,
  PAPER_SIZES,
  problemPlace,
  renderNotebookHtml,
  renderNotebookPdf,
  type RenderProblem,
} from "../lib/pdf/mod.ts";
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";

/** Page limit of a theory report when neither flag nor notebook sets one. */
export const DEFAULT_REPORT_PAGES = 4;

const USAGE =
  `uso: deno task pdf <notebook.ipynb> [--out archivo.pdf] [--theory-only] [--html] [--max-pages N] [--name "Nombre"] [--paper a4|letter]`;

const OPTIONS = {
  out: { type: "string" },
  "theory-only": { type: "boolean" },
  html: { type: "boolean" },
  "max-pages": { type: "string" },
  name: { type: "string" },
  paper: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

interface Args {
  notebook: string;
  out?: string;
  theoryOnly: boolean;
  html: boolean;
  maxPages?: number;
  name?: string;
  paper: Paper;
  help: boolean;
}

/** Parses the command line; throws a one-line {@link UsageError} when wrong. */
function parse(argv: string[]): Args {
  const { values, positionals } = parseFlags(argv, OPTIONS, {
    positionals: true,
  });
  if (values.help) {
    return {
      notebook: "",
      theoryOnly: false,
      html: false,
      paper: "a4",
      help: true,
    };
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `falta el notebook (.ipynb) a convertir; ${USAGE}`
        : `se esperaba un solo notebook, se recibieron ${positionals.length}: ${
          positionals.join(" ")
        }`,
    );
  }
  const papers = Object.keys(PAPER_SIZES) as Paper[];
  const paperText = values.paper ?? "a4";
  const paper = papers.find((p) => p === paperText.toLowerCase()) ??
    choiceFlag("paper", paperText, papers);
  const maxPages = values["max-pages"] === undefined
    ? undefined
    : integerFlag("max-pages", values["max-pages"]);
  if (values.out !== undefined && values.out.trim() === "") {
    throw new UsageError("--out necesita un nombre de archivo");
  }
  return {
    notebook: positionals[0],
    out: values.out,
    theoryOnly: values["theory-only"] ?? false,
    html: values.html ?? false,
    maxPages,
    name: values.name,
    paper,
    help: false,
  };
}

/** The default output path: next to the notebook, `.pdf`/`.html`. */
export function defaultOutput(
  notebook: string,
  html: boolean,
  theoryOnly: boolean,
): string {
  const base = notebook.replace(/\.ipynb$/i, "");
  return `${base}${theoryOnly ? ".teoria" : ""}.${html ? "html" : "pdf"}`;
}

/**
 * Runs the command; returns the exit code (a bad command line throws a
 * {@link UsageError}, exit code 2 under {@link runMain}).
 */
export async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const warn = (problems: RenderProblem[]) => {
    for (const p of problems) {
      console.error(
        `aviso: ${args.notebook}, ${problemPlace(p)}: ${p.message}${
          p.source ? ` [${p.source}]` : ""
        }`,
      );
    }
  };
  try {
    const nb = await readNotebook(args.notebook);
    const render = {
      file: args.notebook,
      theoryOnly: args.theoryOnly,
      name: args.name,
    };
    const out = args.out ??
      defaultOutput(args.notebook, args.html, args.theoryOnly);
    if (args.html) {
      const page = await renderNotebookHtml(nb, render);
      warn(page.problems);
      await Deno.writeTextFile(out, page.html);
      console.log(
        `HTML escrito: ${out} (${page.cellCount} celdas, ${seconds()} s)`,
      );
      return 0;
    }
    const { pdf, pages, problems } = await renderNotebookPdf(nb, {
      ...render,
      paper: args.paper,
    });
    warn(problems);
    await Deno.writeFile(out, pdf);
    console.log(
      `PDF escrito: ${out} (${pages} ${
        pages === 1 ? "página" : "páginas"
      }, ${seconds()} s)`,
    );
    const metaLimit =
      (nb.metadata.vaelab as { max_pages?: unknown } | undefined)
        ?.max_pages;
    const limit = args.maxPages ??
      (typeof metaLimit === "number" ? metaLimit : undefined) ??
      (args.theoryOnly ? DEFAULT_REPORT_PAGES : undefined);
    if (limit !== undefined && pages > limit) {
      console.error(
        `aviso: ${out} tiene ${pages} páginas y el máximo es ${limit}; acorte las respuestas o las figuras`,
      );
      return 3;
    }
    return 0;
  } catch (error) {
    if (error instanceof NotebookError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    if (error instanceof ChromiumNotFoundError) {
      console.error(`error: ${error.message}`);
      console.error(
        "(sin Chromium puede generar la página HTML con --html e imprimirla desde su navegador)",
      );
      return 1;
    }
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
}

if (import.meta.main) await runMain("pdf", main);

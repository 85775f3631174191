/**
 * Printing a self-contained HTML page to PDF with headless Chromium through
 * the DevTools protocol (`Page.printToPDF`: paper size, margins, header and
 * footer). The page is opened in a fresh browser with a fresh profile in a
 * temporary directory that is removed afterwards; {@link withPage} gives the
 * opened page to a caller (the tests use it to inspect the live DOM).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printHtmlToPdf } from "./print.ts";
 * const pdf = await printHtmlToPdf("<p>Hola</p>", { title: "Prueba" });
 * assert.equal(new TextDecoder().decode(pdf.subarray(0, 5)), "%PDF-");
 * ```
 * @module
 */
import { escapeHtml } from "../text/html.ts";
import type { Cdp } from "./cdp.ts";
import { launchChromium, withTimeout } from "./chromium.ts";
import { ChromiumPrintError } from "./errors.ts";

/** Paper sizes the renderer knows, in inches (what `Page.printToPDF` takes). */
export const PAPER_SIZES = {
  a4: { width: 8.27, height: 11.69 },
  letter: { width: 8.5, height: 11 },
} as const;

/** A paper size name: `"a4"` or `"letter"`. */
export type Paper = keyof typeof PAPER_SIZES;

/** Page margins in millimetres. */
export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const DEFAULT_MARGINS: Margins = { top: 20, bottom: 18, left: 16, right: 16 };

/** Options of {@link withPage}. */
export interface PageOptions {
  /** Chromium executable (default: found as `findChromium` does, or an error). */
  chromium?: string;
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** Options of {@link printHtmlToPdf}. */
export interface PrintOptions extends PageOptions {
  /** Shown on the left of every page header. */
  title?: string;
  /** Shown on the right of every page header. */
  student?: string;
  /** Paper size (default A4). */
  paper?: Paper;
  /** Page margins in millimetres (default 20 top, 18 bottom, 16 left/right). */
  marginsMm?: Margins;
  /**
   * JavaScript evaluated in the loaded page just before printing, laid out as
   * printed (by the printer, through DevTools: the page itself carries no
   * script), e.g. to shrink formulas wider than the page.
   */
  beforePrint?: string;
}

/** The header template: title left, student right (Chromium's own page context). */
function headerTemplate(title: string, student: string): string {
  return `<div style="font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 16mm; display: flex; justify-content: space-between; border-bottom: 0.5px solid #aaa; padding-bottom: 2px;"><span>${
    escapeHtml(title)
  }</span><span>${escapeHtml(student)}</span></div>`;
}

/** The footer template: "Página N de M", centred. */
function footerTemplate(): string {
  return `<div style="font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; text-align: center;">Página <span class="pageNumber"></span> de <span class="totalPages"></span></div>`;
}

/** An opened page: evaluate script in it, lay it out for print, print it. */
export class PageSession {
  /** Text of every `console` call the page made (in any of its frames). */
  readonly console: string[] = [];
  /** Messages of the JavaScript dialogs the page opened (all dismissed). */
  readonly dialogs: string[] = [];

  /** @internal */
  constructor(readonly cdp: Cdp, readonly sessionId: string) {
    cdp.on("Runtime.consoleAPICalled", (params) => {
      const args = (params.args ?? []) as { value?: unknown }[];
      this.console.push(args.map((a) => String(a.value ?? "")).join(" "));
    });
    cdp.on("Page.javascriptDialogOpening", (params, session) => {
      this.dialogs.push(String(params.message ?? ""));
      cdp.send("Page.handleJavaScriptDialog", { accept: false }, session)
        .catch(() => {});
    });
  }

  /** Evaluates `expression` in the page (awaiting a promise) and returns its value. */
  async evaluate(expression: string): Promise<unknown> {
    const run = await this.cdp.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    }, this.sessionId) as {
      result?: { value?: unknown };
      exceptionDetails?: unknown;
    };
    if (run.exceptionDetails) {
      throw new ChromiumPrintError(
        `falló un script en la página: ${
          JSON.stringify(run.exceptionDetails).slice(0, 500)
        }`,
      );
    }
    return run.result?.value;
  }

  /** Lays the page out as it will be printed: print media, the text column's size. */
  async emulatePrint(paper: Paper = "a4", margins = DEFAULT_MARGINS) {
    const size = PAPER_SIZES[paper];
    const px = (inches: number, mm: number) =>
      Math.floor((inches - mm / 25.4) * 96);
    await this.cdp.send(
      "Emulation.setEmulatedMedia",
      { media: "print" },
      this.sessionId,
    );
    await this.cdp.send("Emulation.setDeviceMetricsOverride", {
      width: px(size.width, margins.left + margins.right),
      height: px(size.height, margins.top + margins.bottom),
      deviceScaleFactor: 1,
      mobile: false,
    }, this.sessionId);
  }

  /** Prints the page; returns the PDF's bytes. */
  async printToPdf(options: PrintOptions = {}): Promise<Uint8Array> {
    const paper = PAPER_SIZES[options.paper ?? "a4"];
    const margins = options.marginsMm ?? DEFAULT_MARGINS;
    const result = await this.cdp.send("Page.printToPDF", {
      paperWidth: paper.width,
      paperHeight: paper.height,
      marginTop: margins.top / 25.4,
      marginBottom: margins.bottom / 25.4,
      marginLeft: margins.left / 25.4,
      marginRight: margins.right / 25.4,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(
        options.title ?? "",
        options.student ?? "",
      ),
      footerTemplate: footerTemplate(),
      preferCSSPageSize: false,
    }, this.sessionId);
    return Uint8Array.fromBase64(String(result.data));
  }
}

/** Opens a new tab on `url`, waits for the load event and the web fonts. */
async function openTab(cdp: Cdp, url: string): Promise<PageSession> {
  const { targetId } = await cdp.send("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await cdp.send("Target.attachToTarget", {
    targetId,
    flatten: true,
  }) as { sessionId: string };
  const page = new PageSession(cdp, sessionId);
  await cdp.send("Page.enable", {}, sessionId);
  await cdp.send("Runtime.enable", {}, sessionId);
  const loaded = cdp.once("Page.loadEventFired");
  const nav = await cdp.send("Page.navigate", { url }, sessionId);
  if (nav.errorText) {
    throw new ChromiumPrintError(
      `no se pudo abrir la página: ${nav.errorText}`,
    );
  }
  await loaded;
  // web fonts (KaTeX's) load lazily after layout; wait for them
  await page.evaluate("document.fonts.ready.then(() => document.fonts.size)");
  return page;
}

/**
 * Opens `html` in a fresh headless Chromium, runs `use` on the loaded page
 * and closes everything (the browser, its profile, the page's file).
 */
export async function withPage<T>(
  html: string,
  options: PageOptions,
  use: (page: PageSession) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-" });
  try {
    await Deno.writeTextFile(`${dir}/page.html`, html);
    const browser = await launchChromium(`${dir}/profile`, {
      executable: options.chromium,
      timeoutMs,
    });
    try {
      const url = new URL(`file://${dir}/page.html`).href;
      const page = await withTimeout(
        openTab(browser.cdp, url),
        timeoutMs,
        "abrir la página",
      );
      return await withTimeout(use(page), timeoutMs, "imprimir el PDF");
    } finally {
      await browser.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Prints a self-contained HTML page to PDF with headless Chromium and returns
 * the PDF bytes.
 */
export function printHtmlToPdf(
  html: string,
  options: PrintOptions = {},
): Promise<Uint8Array> {
  return withPage(html, options, async (page) => {
    if (options.beforePrint) {
      // measured on the page as printed: the real text column
      await page.emulatePrint(options.paper, options.marginsMm);
      await page.evaluate(options.beforePrint);
    }
    return await page.printToPdf(options);
  });
}

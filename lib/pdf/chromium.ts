/**
 * Headless Chromium: finding it, and printing an HTML page to PDF through the
 * DevTools protocol (`Page.printToPDF`), which gives control over paper size,
 * margins and the header/footer templates.
 *
 * @example
 * ```ts
 * import { findChromium, printHtmlToPdf } from "./chromium.ts";
 * console.log(findChromium());
 * const pdf = await printHtmlToPdf("<p>Hola</p>", { title: "Prueba" });
 * await Deno.writeFile("hola.pdf", pdf);
 * ```
 * @module
 */
import { Buffer } from "node:buffer";
import { escapeHtml } from "../text/html.ts";

/** Paper sizes the renderer knows, in inches (what `Page.printToPDF` takes). */
export const PAPER_SIZES = {
  a4: { width: 8.27, height: 11.69 },
  letter: { width: 8.5, height: 11 },
} as const;

/** A paper size name: `"a4"` or `"letter"`. */
export type Paper = keyof typeof PAPER_SIZES;

/** Environment variables checked, in order, for the Chromium executable. */
export const CHROMIUM_ENV_VARS = ["VAELAB_CHROMIUM", "CHROME_PATH"] as const;

/** What to tell a user who has no Chromium (Spanish, student facing). */
export const INSTALL_HINT =
  "instale Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install --cask chromium` o Google Chrome) " +
  "o indique el ejecutable con la variable de entorno VAELAB_CHROMIUM=/ruta/a/chromium";

/** No Chromium or Chrome executable could be found. */
export class ChromiumNotFoundError extends Error {
  constructor(readonly tried: string[]) {
    super(
      `no se encontró Chromium ni Google Chrome (se buscó en: ${
        tried.join(", ")
      }); ${INSTALL_HINT}`,
    );
    this.name = "ChromiumNotFoundError";
  }
}

/** Chromium started but printing failed (crash, timeout, protocol error). */
export class ChromiumPrintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChromiumPrintError";
  }
}

const USUAL_PATHS: Record<string, string[]> = {
  linux: [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/opt/google/chrome/chrome",
  ],
  darwin: [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/opt/homebrew/bin/chromium",
  ],
  windows: [
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files\\Chromium\\Application\\chrome.exe",
  ],
};

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Finds a Chromium/Chrome executable: `VAELAB_CHROMIUM`, then `CHROME_PATH`,
 * then the usual install paths of the platform. Returns `undefined` if none.
 * A variable that is set but points nowhere is an error (it names the
 * variable), since the user clearly meant that one.
 */
export function findChromium(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): string | undefined {
  for (const name of CHROMIUM_ENV_VARS) {
    const value = env(name);
    if (!value) continue;
    if (!isFile(value)) {
      throw new ChromiumNotFoundError([`${name}=${value} (no existe)`]);
    }
    return value;
  }
  return (USUAL_PATHS[Deno.build.os] ?? USUAL_PATHS.linux).find(isFile);
}

/** Like {@link findChromium} but throws {@link ChromiumNotFoundError}. */
export function requireChromium(): string {
  const found = findChromium();
  if (found) return found;
  throw new ChromiumNotFoundError([
    ...CHROMIUM_ENV_VARS,
    ...(USUAL_PATHS[Deno.build.os] ?? USUAL_PATHS.linux),
  ]);
}

/** Options of {@link printHtmlToPdf}. */
export interface PrintOptions {
  /** Shown on the left of every page header. */
  title?: string;
  /** Shown on the right of every page header. */
  student?: string;
  /** Paper size (default A4). */
  paper?: Paper;
  /** Page margins in millimetres (default 20 top/bottom, 16 left/right). */
  marginsMm?: { top: number; bottom: number; left: number; right: number };
  /** Chromium executable (default: {@link requireChromium}). */
  chromium?: string;
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
  /**
   * JavaScript evaluated in the loaded page just before printing (by the
   * printer, through DevTools: the page itself carries no script), e.g. to
   * shrink formulas wider than the page.
   */
  beforePrint?: string;
}

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--mute-audio",
  "--hide-scrollbars",
  "--remote-debugging-port=0",
];

/** The header template: title left, student right (Chromium's own page context). */
export function headerTemplate(title: string, student: string): string {
  return `<div style="font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 16mm; display: flex; justify-content: space-between; border-bottom: 0.5px solid #aaa; padding-bottom: 2px;"><span>${
    escapeHtml(title)
  }</span><span>${escapeHtml(student)}</span></div>`;
}

/** The footer template: "Página N de M", centred. */
export function footerTemplate(): string {
  return `<div style="font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; text-align: center;">Página <span class="pageNumber"></span> de <span class="totalPages"></span></div>`;
}

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string; code: number };
}

/** A minimal DevTools-protocol client over one WebSocket. */
class Cdp {
  #next = 1;
  #pending = new Map<
    number,
    {
      resolve: (r: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();
  #waiters: { method: string; resolve: () => void }[] = [];
  #closed: Error | undefined;

  constructor(readonly socket: WebSocket) {
    socket.onmessage = (event) => {
      const msg = JSON.parse(String(event.data)) as CdpMessage;
      if (msg.id !== undefined) {
        const pending = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (!pending) return;
        if (msg.error) {
          pending.reject(new ChromiumPrintError(msg.error.message));
        } else pending.resolve(msg.result ?? {});
      } else if (msg.method) {
        this.#waiters = this.#waiters.filter((w) => {
          if (w.method !== msg.method) return true;
          w.resolve();
          return false;
        });
      }
    };
    socket.onclose = () => {
      this.#closed = new ChromiumPrintError(
        "Chromium cerró la conexión de DevTools",
      );
      for (const p of this.#pending.values()) p.reject(this.#closed);
      this.#pending.clear();
    };
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(new Cdp(socket));
      socket.onerror = () =>
        reject(new ChromiumPrintError(`no se pudo conectar a ${url}`));
    });
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  /** Resolves at the next event named `method` (register before triggering it). */
  once(method: string): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ method, resolve }));
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

/** Reads Chromium's stderr until it announces the DevTools WebSocket URL. */
async function devtoolsUrl(
  stderr: ReadableStream<Uint8Array>,
  log: string[],
): Promise<string> {
  const reader = stderr.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  while (true) {
    const { value: bytes, done } = await reader.read();
    const value = decoder.decode(bytes, { stream: true });
    if (done) {
      throw new ChromiumPrintError(
        `Chromium terminó sin abrir DevTools: ${log.join("\n").slice(-2000)}`,
      );
    }
    buffer += value;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      log.push(line);
      const match = line.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) {
        // keep draining stderr so Chromium never blocks on a full pipe
        (async () => {
          try {
            while (!(await reader.read()).done) { /* drain */ }
          } catch { /* process gone */ }
        })();
        return match[1];
      }
    }
  }
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ChromiumPrintError(`Chromium tardó más de ${ms} ms en ${what}`),
        ),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Prints a self-contained HTML page to PDF with headless Chromium and returns
 * the PDF bytes. The page is written to a fresh temporary directory (with a
 * fresh browser profile) that is removed afterwards.
 */
export async function printHtmlToPdf(
  html: string,
  options: PrintOptions = {},
): Promise<Uint8Array> {
  const executable = options.chromium ?? requireChromium();
  const paper = PAPER_SIZES[options.paper ?? "a4"];
  const margins = options.marginsMm ??
    { top: 20, bottom: 18, left: 16, right: 16 };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = await Deno.makeTempDir({ prefix: "vaelab-pdf-" });
  const pagePath = `${dir}/page.html`;
  await Deno.writeTextFile(pagePath, html);
  const child = new Deno.Command(executable, {
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${dir}/profile`, "about:blank"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  let cdp: Cdp | undefined;
  try {
    const url = await withTimeout(
      devtoolsUrl(child.stderr, log),
      timeoutMs,
      "arrancar",
    );
    cdp = await Cdp.connect(url);
    const work = async (c: Cdp) => {
      const { targetId } = await c.send("Target.createTarget", {
        url: "about:blank",
      });
      const { sessionId } = await c.send("Target.attachToTarget", {
        targetId,
        flatten: true,
      }) as { sessionId: string };
      await c.send("Page.enable", {}, sessionId);
      const loaded = c.once("Page.loadEventFired");
      const nav = await c.send("Page.navigate", {
        url: new URL(`file://${pagePath}`).href,
      }, sessionId);
      if (nav.errorText) {
        throw new ChromiumPrintError(
          `no se pudo abrir la página: ${nav.errorText}`,
        );
      }
      await loaded;
      // web fonts (KaTeX's) load lazily after layout; wait for them
      await c.send("Runtime.evaluate", {
        expression: "document.fonts.ready.then(() => document.fonts.size)",
        awaitPromise: true,
      }, sessionId);
      if (options.beforePrint) {
        // lay the page out as it will be printed, so the script measures the
        // real text column
        await c.send(
          "Emulation.setEmulatedMedia",
          { media: "print" },
          sessionId,
        );
        await c.send("Emulation.setDeviceMetricsOverride", {
          width: Math.floor(
            (paper.width - (margins.left + margins.right) / 25.4) * 96,
          ),
          height: Math.floor(
            (paper.height - (margins.top + margins.bottom) / 25.4) * 96,
          ),
          deviceScaleFactor: 1,
          mobile: false,
        }, sessionId);
        const run = await c.send("Runtime.evaluate", {
          expression: options.beforePrint,
          awaitPromise: true,
        }, sessionId);
        if (run.exceptionDetails) {
          throw new ChromiumPrintError(
            `falló el ajuste previo a imprimir: ${
              JSON.stringify(run.exceptionDetails).slice(0, 500)
            }`,
          );
        }
      }
      const result = await c.send("Page.printToPDF", {
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
      }, sessionId);
      return new Uint8Array(Buffer.from(String(result.data), "base64"));
    };
    const pdf = await withTimeout(work(cdp), timeoutMs, "imprimir el PDF");
    await withTimeout(cdp.send("Browser.close"), 5000, "cerrarse").catch(
      () => {},
    );
    return pdf;
  } finally {
    cdp?.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const status = await Promise.race([
      child.status,
      new Promise<null>((r) => timer = setTimeout(() => r(null), 3000)),
    ]);
    clearTimeout(timer);
    if (status === null) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

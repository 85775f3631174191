/**
 * Headless Chromium: finding it, starting it with a fresh profile, reaching
 * its DevTools endpoint, and stopping it (the printing itself is in
 * `print.ts`).
 *
 * @example
 * ```ts
 * import { findChromium, launchChromium } from "./chromium.ts";
 * console.log(findChromium());
 * const browser = await launchChromium(await Deno.makeTempDir());
 * await browser.close();
 * ```
 * @module
 */
import { Cdp } from "./cdp.ts";
import { ChromiumNotFoundError, ChromiumPrintError } from "./errors.ts";

/** Environment variables checked, in order, for the Chromium executable. */
export const CHROMIUM_ENV_VARS = ["VAELAB_CHROMIUM", "CHROME_PATH"] as const;

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
    if (done) {
      throw new ChromiumPrintError(
        `Chromium terminó sin abrir DevTools: ${log.join("\n").slice(-2000)}`,
      );
    }
    buffer += decoder.decode(bytes, { stream: true });
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

/** Rejects with a {@link ChromiumPrintError} if `promise` takes longer than `ms`. */
export function withTimeout<T>(
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

/** A running headless Chromium and its DevTools connection. */
export interface Browser {
  /** The browser-level DevTools connection. */
  cdp: Cdp;
  /** Asks Chromium to quit, kills it if it does not, and waits for it. */
  close(): Promise<void>;
}

/** Waits for the process to end, killing it after `graceMs`. */
async function stop(child: Deno.ChildProcess, graceMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const status = await Promise.race([
    child.status,
    new Promise<null>((r) => timer = setTimeout(() => r(null), graceMs)),
  ]);
  clearTimeout(timer);
  if (status !== null) return;
  try {
    child.kill("SIGKILL");
  } catch { /* already gone */ }
  await child.status;
}

/**
 * Starts headless Chromium with its profile in `profileDir` (which the caller
 * removes afterwards) and connects to its DevTools endpoint.
 */
export async function launchChromium(
  profileDir: string,
  options: { executable?: string; timeoutMs?: number } = {},
): Promise<Browser> {
  const executable = options.executable ?? requireChromium();
  const child = new Deno.Command(executable, {
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profileDir}`, "about:blank"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  let cdp: Cdp;
  try {
    const url = await withTimeout(
      devtoolsUrl(child.stderr, log),
      options.timeoutMs ?? 60_000,
      "arrancar",
    );
    cdp = await Cdp.connect(url);
  } catch (error) {
    await stop(child, 0);
    throw error;
  }
  return {
    cdp,
    async close() {
      await withTimeout(cdp.send("Browser.close"), 5000, "cerrarse").catch(
        () => {},
      );
      cdp.close();
      await stop(child, 3000);
    },
  };
}

/**
 * The errors of the PDF renderer: no Chromium to print with, or Chromium
 * failing while printing. Messages are in Spanish and say what to do.
 *
 * @example
 * ```ts
 * import { ChromiumNotFoundError } from "./errors.ts";
 * const error = new ChromiumNotFoundError(["/usr/bin/chromium"]);
 * console.log(error.message); // "no se encontró Chromium … instale Chromium …"
 * ```
 * @module
 */

/** What to tell a user who has no Chromium (Spanish, student facing). */
export const INSTALL_HINT =
  "instale Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install --cask chromium` o Google Chrome) " +
  "o indique el ejecutable con la variable de entorno VAELAB_CHROMIUM=/ruta/a/chromium";

/** No Chromium or Chrome executable could be found. */
export class ChromiumNotFoundError extends Error {
  /** Builds the message from where it was looked for (variables and paths). */
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
  /** Wraps what failed (a Spanish message). */
  constructor(message: string) {
    super(message);
    this.name = "ChromiumPrintError";
  }
}

/**
 * The error every data loader throws for bad input: a missing folder or file,
 * a file that is not what its name says, or inconsistent contents. The
 * message always names the file (or option) and the problem.
 *
 * @example
 * ```ts
 * import { DataError } from "./errors.ts";
 * try {
 *   throw new DataError("x.idx: wrong magic number", "x.idx");
 * } catch (e) {
 *   if (e instanceof DataError) console.error(e.message, e.file);
 * }
 * ```
 */
export class DataError extends Error {
  /** The file (or folder) the problem is about, when there is one. */
  readonly file?: string;

  /** Creates a data error; `file` is kept for programmatic use. */
  constructor(message: string, file?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DataError";
    this.file = file;
  }
}

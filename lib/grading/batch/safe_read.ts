/**
 * Looking at and reading a submitted file without trusting it: the file's
 * own entry is examined with `lstat` (a symlink is reported, never
 * followed), FIFOs, sockets and devices are refused without being opened,
 * and a file is read only after opening it with `O_NOFOLLOW | O_NONBLOCK`
 * and checking, on the open descriptor, that it is still a regular file of
 * at most `maxBytes` (so swapping the file for a link or a FIFO between the
 * look and the read gains nothing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { examine } from "./safe_read.ts";
 * assert.match((await examine("/dev/zero", 1024))!, /dispositivo/);
 * ```
 * @module
 */
import fs from "node:fs";

/** Largest notebook graded by default: 20 MiB (a notebook full of figures is ~5). */
export const DEFAULT_MAX_BYTES: number = 20 * 1024 * 1024;

/** A file that is not graded, with the Spanish reason (names no path). */
export class RefusedFile extends Error {
  /** `reason` is one Spanish sentence without the file's name. */
  constructor(readonly reason: string) {
    super(reason);
    this.name = "RefusedFile";
  }
}

/** Megabytes with one decimal, Spanish style ("20,5 MB"). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}

/** Why a regular file's metadata disqualifies it, or null. */
function regularProblem(
  info: { size: number; nlink: number | null },
  maxBytes: number,
): string | null {
  if (info.size > maxBytes) {
    return `pesa ${megabytes(info.size)} y el máximo es ${
      megabytes(maxBytes)
    }: borra las salidas de las celdas (Editar → Borrar todas las salidas) y guarda de nuevo.`;
  }
  if ((info.nlink ?? 1) > 1) {
    return `es un enlace duro (el mismo archivo tiene ${info.nlink} nombres en el disco), así que no se lee: entrega una copia normal del archivo.`;
  }
  return null;
}

/**
 * Why the entry at `path` is not a gradable file (Spanish, without its
 * name), or null when it is a regular file within `maxBytes`. Never opens
 * the file and never follows a symlink.
 */
export async function examine(
  path: string,
  maxBytes: number,
): Promise<string | null> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && path.includes("\ufffd")) {
      return "su nombre no es texto UTF-8 válido, así que no se puede abrir: renómbralo usando solo letras, números, guiones y puntos.";
    }
    if (error instanceof Deno.errors.NotFound) {
      return "desapareció mientras se examinaba la entrega.";
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      return "no se puede leer (permiso denegado).";
    }
    return `no se pudo examinar (${(error as Error).message}).`;
  }
  if (info.isSymlink) {
    let target = "";
    try {
      target = ` a «${await Deno.readLink(path)}»`;
    } catch { /* the target is only shown when readable */ }
    return `es un enlace simbólico${target}; los enlaces no se siguen: entrega el archivo en sí.`;
  }
  if (info.isFifo) {
    return "es una tubería con nombre (FIFO), no un archivo; no se abrió.";
  }
  if (info.isSocket) return "es un socket, no un archivo; no se abrió.";
  if (info.isCharDevice || info.isBlockDevice) {
    return "es un dispositivo, no un archivo; no se abrió.";
  }
  if (info.isDirectory) return "es una carpeta, no un archivo.";
  if (!info.isFile) return "no es un archivo normal; no se abrió.";
  return regularProblem(info, maxBytes);
}

/**
 * The bytes of the regular file at `path`, or a {@link RefusedFile} saying
 * why not. Checks {@link examine}'s conditions again on the open descriptor.
 */
export async function readRegularFile(
  path: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const problem = await examine(path, maxBytes);
  if (problem) throw new RefusedFile(problem);
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new RefusedFile(
      code === "ELOOP"
        ? "es un enlace simbólico; los enlaces no se siguen: entrega el archivo en sí."
        : code === "EACCES"
        ? "no se puede leer (permiso denegado)."
        : `no se pudo abrir (${code ?? (error as Error).message}).`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw new RefusedFile("dejó de ser un archivo normal mientras se leía.");
    }
    const late = regularProblem(
      { size: stat.size, nlink: stat.nlink },
      maxBytes,
    );
    if (late) throw new RefusedFile(late);
    // Read at most maxBytes + 1: a file that grows while read is refused.
    const buffer = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) {
      throw new RefusedFile(
        `creció mientras se leía y supera el máximo de ${megabytes(maxBytes)}.`,
      );
    }
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Names a batch gives each submission: its key (the gradebook's row id, what
 * `marks.csv` refers to) and its output folder.
 *
 * - The key is the notebook's path relative to the submissions root, with
 *   `/` separators and without its `.ipynb`/`.ipynb.json` ending; when two
 *   files would get the same key (`a.ipynb` and `a.ipynb.json`) both keep
 *   their full relative path. Keys are unique and depend only on the
 *   folder's layout, so `deno task marks` and `deno task grade` agree.
 * - The output folder is the key made safe for any file system: letters,
 *   digits, `.`, `_`, `-` and spaces only, `/` as `__`, no leading dot, at
 *   most 100 bytes, no Windows device name, and unique even where case and
 *   Unicode normalisation are ignored (macOS, Windows), by a `-2`, `-3`…
 *   suffix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputFolders, submissionKeys } from "./keys.ts";
 * assert.deepEqual(
 *   submissionKeys(["ana/lab1.ipynb", "Ana/lab1.IPYNB", "x.ipynb", "x.ipynb.json"]),
 *   ["ana/lab1", "Ana/lab1", "x.ipynb", "x.ipynb.json"],
 * );
 * assert.deepEqual(outputFolders(["ana/lab1", "Ana/lab1", "../.x"]), [
 *   "ana__lab1",
 *   "Ana__lab1-2",
 *   "x",
 * ]);
 * ```
 * @module
 */

/** A notebook's file name: `.ipynb`, or `.ipynb.json` as browsers save it, in any case. */
export const NOTEBOOK_NAME: RegExp = /\.ipynb(?:\.json)?$/i;

/** Unique keys for relative paths (same order); see the module doc. */
export function submissionKeys(relatives: readonly string[]): string[] {
  const stripped = relatives.map((r) => r.replace(NOTEBOOK_NAME, "") || r);
  const count = new Map<string, number>();
  for (const key of [...stripped, ...relatives]) {
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const keys = stripped.map((key, i) =>
    key !== relatives[i] && (count.get(key) ?? 0) > 1 ? relatives[i] : key
  );
  return uniquify(keys, (k) => k, (k, n) => `${k} (${n})`);
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
const MAX_FOLDER_BYTES = 100;

function safeFolder(key: string): string {
  let name = key.normalize("NFC")
    .replace(/\//g, "__")
    .replace(/[^\p{L}\p{N}._ -]+/gu, "_")
    .replace(/^[.\s_-]+|[.\s]+$/g, "");
  const encoder = new TextEncoder();
  while (encoder.encode(name).length > MAX_FOLDER_BYTES) {
    name = Array.from(name).slice(0, -1).join("");
  }
  name = name.replace(/[.\s]+$/, "");
  if (name === "") return "entrega";
  return WINDOWS_DEVICE.test(name) ? `_${name}` : name;
}

/** Output folder names for keys (same order), unique case-insensitively. */
export function outputFolders(keys: readonly string[]): string[] {
  return uniquify(
    keys.map(safeFolder),
    (name) => name.normalize("NFC").toLowerCase(),
    (name, n) => `${name}-${n}`,
  );
}

function uniquify(
  names: string[],
  fold: (name: string) => string,
  suffix: (name: string, n: number) => string,
): string[] {
  const taken = new Set(names.map(fold));
  const seen = new Set<string>();
  return names.map((name) => {
    if (!seen.has(fold(name))) {
      seen.add(fold(name));
      return name;
    }
    let n = 2;
    while (taken.has(fold(suffix(name, n)))) n++;
    const unique = suffix(name, n);
    taken.add(fold(unique));
    seen.add(fold(unique));
    return unique;
  });
}

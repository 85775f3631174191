/**
 * File helpers shared by the figure and animation writers.
 *
 * @module
 */
import { dirname } from "node:path";

/** Creates the folder that will hold `path` (recursively); a no-op when it exists. */
export async function ensureParentDir(path: string): Promise<void> {
  const dir = dirname(path);
  if (dir && dir !== ".") await Deno.mkdir(dir, { recursive: true });
}

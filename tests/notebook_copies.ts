/**
 * Test helper: a modified copy of a lab notebook that still runs. The labs
 * import `../lib/…` relative to their folder, so a copy lives in its own
 * folder under `out/tests/` (ignored by fmt and lint) with those imports
 * rewritten to reach the repository's `lib/`.
 */
import {
  type Cell,
  cellSource,
  formatNotebook,
  type Notebook,
  toLines,
} from "../lib/notebook/mod.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** A code cell with the given source and no outputs. */
export function codeCell(source: string): Cell {
  return {
    cell_type: "code",
    source: toLines(source),
    metadata: {},
    outputs: [],
    execution_count: null,
  };
}

/** Writes `nb` as `<name>` in a fresh folder under out/tests/; returns its path and a cleanup. */
export async function runnableCopy(
  nb: Notebook,
  name: string,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  await Deno.mkdir(`${ROOT}out/tests`, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: `${ROOT}out/tests` });
  const copy: Notebook = structuredClone(nb);
  for (const cell of copy.cells) {
    if (cell.cell_type !== "code") continue;
    cell.source = toLines(
      cellSource(cell).replaceAll('"../lib/', '"../../../lib/'),
    );
  }
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, formatNotebook(copy));
  return { path, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

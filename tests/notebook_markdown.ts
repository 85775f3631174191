/**
 * Test helper: the pipe tables of a Markdown text that a Jupyter front end
 * would not render as tables. Jupyter (Notebook 6, JupyterLab) cuts math out
 * first, then renders with marked in GFM mode; a table whose header has a
 * stray `|` has more header cells than delimiter cells and comes out as one
 * paragraph of raw pipes. This parses the same way, with marked.
 */
import { marked, type Tokens } from "marked";

/** `$…$` and `$$…$$` spans replaced by a placeholder, as Jupyter does before marked. */
function withoutMath(text: string): string {
  return text.replace(/\$\$[\s\S]*?\$\$/g, "MATH").replace(
    /\$[^$\n]+\$/g,
    "MATH",
  );
}

/** Cells of one table line, split at unescaped pipes, outer pipes dropped. */
function splitRow(line: string): string[] {
  const cells = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/);
  return cells.map((c) => c.trim());
}

/** A block of consecutive lines that looks like a pipe table (second line a delimiter row). */
function candidateBlocks(text: string): string[][] {
  const lines = text.split("\n");
  const blocks: string[][] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].trim().startsWith("|")) continue;
    if (
      !/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(lines[i + 1])
    ) {
      continue;
    }
    let end = i + 2;
    while (end < lines.length && lines[end].trim().startsWith("|")) end++;
    blocks.push(lines.slice(i, end));
    i = end - 1;
  }
  return blocks;
}

/**
 * Problems of every pipe table in `markdown`, each naming the table by its
 * header line: not parsed as a table, or a row whose cell count differs
 * from the header's (marked silently drops or pads cells). Empty when every
 * table renders whole.
 */
export function tableProblems(markdown: string): string[] {
  const problems: string[] = [];
  for (const block of candidateBlocks(withoutMath(markdown))) {
    const tokens = marked.lexer(block.join("\n"), { gfm: true });
    const tables = tokens.filter((t): t is Tokens.Table => t.type === "table");
    const name = `table «${block[0].trim()}»`;
    if (tables.length !== 1) {
      problems.push(
        `${name} is not rendered as a table (marked found ${tables.length}; header cells ${
          splitRow(block[0]).length
        }, delimiter cells ${splitRow(block[1]).length})`,
      );
      continue;
    }
    const columns = tables[0].header.length;
    block.forEach((line, i) => {
      if (i === 1) return;
      const cells = splitRow(line).length;
      if (cells !== columns) {
        problems.push(
          `${name}: line ${i + 1} has ${cells} cells, the header ${columns}`,
        );
      }
    });
  }
  return problems;
}

/** The number of pipe tables found in `markdown` (so a test can see it checked some). */
export function tableCount(markdown: string): number {
  return candidateBlocks(withoutMath(markdown)).length;
}

/**
 * Grading many submissions: expands folders into notebooks, grades `jobs`
 * of them at a time (one sandbox subprocess each), goes on past broken
 * submissions, and writes grades.csv, results.json (all reports), and per
 * student feedback.md, feedback.html and Gradescope's results.json.
 *
 * @module
 */
import {
  gradeNotebook,
  type GradeOptions,
  type GradeReport,
} from "../grade.ts";
import { gradesCsv } from "../gradebook/grades_csv.ts";
import { gradescopeResults } from "../reports/gradescope.ts";
import { reportHtml } from "../reports/html.ts";
import { reportMarkdown } from "../reports/markdown.ts";

/** Expands files and folders (recursively) into a sorted list of .ipynb files. */
export async function collectNotebooks(inputs: string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string) => {
    const info = await Deno.stat(path);
    if (info.isDirectory) {
      const entries: string[] = [];
      for await (const entry of Deno.readDir(path)) {
        if (entry.name.startsWith(".")) continue;
        entries.push(entry.name);
      }
      for (const name of entries.sort()) {
        const child = `${path.replace(/\/$/, "")}/${name}`;
        const stat = await Deno.stat(child);
        if (stat.isDirectory) await walk(child);
        else if (name.endsWith(".ipynb")) found.push(child);
      }
    } else {
      found.push(path);
    }
  };
  for (const input of inputs) {
    try {
      await walk(input);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error(
          `${input}: no existe (se esperaba un .ipynb o una carpeta con notebooks)`,
        );
      }
      throw error;
    }
  }
  return found;
}

/** Runs `task` over `items` with at most `jobs` in flight, keeping order. */
export async function mapPool<T, R>(
  items: T[],
  jobs: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker),
  );
  return results;
}

/** Options of {@link gradeMany}. */
export interface BatchOptions extends GradeOptions {
  /** Submissions graded at once (default 2: one per core). */
  jobs?: number;
  /** Output folder; nothing is written when omitted. */
  outDir?: string;
  /** Called after each submission. */
  onReport?: (report: GradeReport, done: number, total: number) => void;
}

function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^\.+/, "_") ||
    "submission";
}

/** Grades every notebook and (with `outDir`) writes all reports. */
export async function gradeMany(
  notebooks: string[],
  options: BatchOptions = {},
): Promise<GradeReport[]> {
  let done = 0;
  const reports = await mapPool(notebooks, options.jobs ?? 2, async (path) => {
    const report = await gradeNotebook(path, {
      ...options,
      student: undefined,
    });
    options.onReport?.(report, ++done, notebooks.length);
    return report;
  });
  // Disambiguate equal student names: by lab first (a folder holding both
  // labs), then by a counter (the same file stem in several folders).
  const count = new Map<string, number>();
  for (const r of reports) {
    count.set(r.student, (count.get(r.student) ?? 0) + 1);
  }
  const taken = new Set<string>();
  for (const r of reports) {
    let name = r.student;
    if ((count.get(name) ?? 0) > 1 && r.lab) {
      name = `${name}_${r.lab.split("_")[0]}`;
    }
    for (let n = 2; taken.has(name); n++) name = `${r.student}_${n}`;
    taken.add(name);
    r.student = name;
  }
  if (options.outDir) {
    const out = options.outDir;
    await Deno.mkdir(out, { recursive: true });
    await Deno.writeTextFile(`${out}/grades.csv`, gradesCsv(reports));
    await Deno.writeTextFile(
      `${out}/results.json`,
      JSON.stringify(reports, null, 1) + "\n",
    );
    for (const r of reports) {
      const dir = `${out}/${safeName(r.student)}`;
      await Deno.mkdir(dir, { recursive: true });
      await Deno.writeTextFile(`${dir}/feedback.md`, reportMarkdown(r));
      await Deno.writeTextFile(`${dir}/feedback.html`, reportHtml(r));
      await Deno.writeTextFile(
        `${dir}/results.json`,
        JSON.stringify(gradescopeResults(r), null, 1) + "\n",
      );
    }
  }
  return reports;
}

/**
 * `deno task grade <notebooks or folders…>`: the instructor's batch grader.
 * Finds the submissions (`lib/grading/batch/walk.ts`: symlinks, FIFOs,
 * devices and oversized files are refused and reported, dotfiles listed),
 * grades them two at a time, and writes each one's feedback as soon as it
 * is graded, with `grades.csv` and `results.json` rewritten atomically
 * after each (`lib/grading/batch/session.ts`). With `--marks` the theory
 * marks are checked first (every problem listed, nothing graded) and the
 * gradebook gets the final grades. SIGINT/SIGTERM stop it cleanly with
 * everything finished so far written (exit 130/143).
 *
 * Usage:
 *   deno task grade submissions/ [--out out/grades] [--jobs 2] [--seed N]
 *     [--timeout S] [--lab ID] [--strict] [--marks marks.csv] [--max-mb 20]
 *     [--memory MB] [--watchdog S]
 *
 * @module
 */
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import { defaultEngine, type Engine } from "../lib/grading/batch/engine.ts";
import { identifySubmissions } from "../lib/grading/batch/identify.ts";
import { OutputError } from "../lib/grading/batch/output.ts";
import { defaultWatchdogMs } from "../lib/grading/batch/run.ts";
import { gradeSubmissions } from "../lib/grading/batch/session.ts";
import { interruptOnSignals } from "../lib/grading/batch/signals.ts";
import { collectSubmissions, MissingInput } from "../lib/grading/batch/walk.ts";
import { marksContext } from "../lib/grading/gradebook/context.ts";
import {
  type Marks,
  MarksError,
  readMarks,
} from "../lib/grading/gradebook/marks.ts";
import { brief, cleanLine } from "../lib/grading/reports/text.ts";
import { pts } from "../lib/grading/reports/view.ts";

const USAGE =
  "uso: deno task grade <notebooks o carpetas…> [--out out/grades] [--jobs 2] [--seed N] [--timeout S] [--lab ID] [--strict] [--marks marks.csv] [--max-mb 20] [--memory MB] [--watchdog S]";

/** What the command is run with: the engine (tests pass fakes). */
export interface GradeCommandDeps {
  /** The grading engine (default: {@link defaultEngine}). */
  engine?: () => Promise<Engine>;
  /** Where progress goes (default: stdout). */
  log?: (line: string) => void;
}

/** A fresh seed for a batch: every submission gets the same hidden inputs. */
function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000_000;
}

/** The command; returns its exit code. */
export async function gradeCommand(
  args: string[],
  deps: GradeCommandDeps = {},
): Promise<number> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const { values, positionals } = parseFlags(args, {
    out: { type: "string", default: "out/grades" },
    jobs: { type: "string", default: "2" },
    seed: { type: "string" },
    timeout: { type: "string", default: "10" },
    lab: { type: "string" },
    strict: { type: "boolean", default: false },
    marks: { type: "string" },
    "max-mb": { type: "string", default: "20" },
    memory: { type: "string" },
    watchdog: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: true });
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(`falta al menos un notebook o carpeta; ${USAGE}`);
  }
  const jobs = integerFlag("jobs", values.jobs);
  const timeoutMs = integerFlag("timeout", values.timeout) * 1000;
  const maxBytes = integerFlag("max-mb", values["max-mb"]) * 1024 * 1024;
  const memoryMb = values.memory === undefined
    ? undefined
    : integerFlag("memory", values.memory, 64);
  const watchdogMs = values.watchdog === undefined
    ? defaultWatchdogMs(timeoutMs)
    : integerFlag("watchdog", values.watchdog) * 1000;
  const seed = values.seed === undefined
    ? freshSeed()
    : integerFlag("seed", values.seed, 0);
  const engine = await (deps.engine ?? defaultEngine)();
  const lab = values.lab === undefined
    ? undefined
    : choiceFlag("lab", values.lab, engine.catalog.labIds());

  let collection;
  try {
    collection = await collectSubmissions(positionals, { maxBytes });
  } catch (error) {
    if (error instanceof MissingInput) throw new UsageError(error.message);
    throw error;
  }
  for (const s of collection.skipped.filter((s) => s.kind !== "other")) {
    log(`no se evalúa «${cleanLine(s.relative)}»: ${cleanLine(s.reason, 400)}`);
  }
  const others = collection.skipped.filter((s) => s.kind === "other").length;
  if (others > 0) {
    log(
      `${others} archivo(s) que no son notebooks no se evalúan (se listan en el informe de cada entrega).`,
    );
  }
  if (collection.submissions.length === 0) {
    log(
      `No se encontró ningún notebook (.ipynb o .ipynb.json) en ${
        positionals.join(" ")
      }.`,
    );
    return 1;
  }

  let marks: Marks | undefined;
  if (values.marks !== undefined) {
    const identified = await identifySubmissions(
      collection.submissions,
      engine,
      {
        lab,
        maxBytes,
      },
    );
    try {
      marks = await readMarks(
        values.marks,
        await marksContext(identified, engine.catalog),
      );
    } catch (error) {
      if (!(error instanceof MarksError)) throw error;
      for (const p of error.problems) console.error(cleanLine(p, 1000));
      throw new UsageError(
        `${values.marks}: ${error.problems.length} problema(s) (arriba); corrígelos y vuelve a ejecutar: no se evaluó nada`,
      );
    }
  }

  const stop = interruptOnSignals((name) =>
    console.error(
      `${name}: parando; lo ya evaluado queda escrito en ${values.out}/ (otra señal sale de inmediato)`,
    )
  );
  log(
    `${collection.submissions.length} notebook(s); semilla ${seed} (repite exactamente esta evaluación con --seed ${seed})`,
  );
  const started = performance.now();
  let result;
  try {
    result = await gradeSubmissions(collection, {
      engine,
      grading: {
        mode: "grade",
        seed,
        lab,
        strict: values.strict,
        timeoutMs,
        memoryMb,
      },
      outDir: values.out,
      inputs: positionals,
      marks,
      jobs,
      watchdogMs,
      signal: stop.signal,
      onEntry(e, done, total) {
        const r = e.report;
        const problem = r.problems[0] ? ` (${brief(r.problems[0], 100)})` : "";
        const final = e.final.grade === null
          ? ""
          : `, nota ${e.final.grade.toFixed(2)}`;
        log(
          `[${done}/${total}] ${cleanLine(r.submission)}: ${pts(r.score)} / ${
            pts(r.maxScore)
          }${final}${problem} — ${(r.durationMs / 1000).toFixed(2)} s`,
        );
      },
    });
  } catch (error) {
    stop.dispose();
    if (error instanceof OutputError) throw new UsageError(error.message);
    throw error;
  }
  stop.dispose();
  for (const e of result.errors) console.error(cleanLine(e, 1000));
  const seconds = (performance.now() - started) / 1000;
  if (result.interrupted) {
    console.error(
      `Interrumpido (${stop.received()}): ${result.entries.length} entrega(s) evaluadas y escritas en ${values.out}/; sin evaluar: ${result.pending.length} (${
        result.pending.slice(0, 10).map((s) => cleanLine(s.key)).join(", ")
      }${result.pending.length > 10 ? ", …" : ""}).`,
    );
    return stop.exitCode();
  }
  log(
    `${result.entries.length} entregas evaluadas en ${
      seconds.toFixed(1)
    } s (${jobs} en paralelo); resultados en ${values.out}/ (grades.csv, results.json, feedback/<entrega>/)`,
  );
  return result.errors.length > 0 ? 1 : 0;
}

if (import.meta.main) await runMain("grade", (args) => gradeCommand(args));

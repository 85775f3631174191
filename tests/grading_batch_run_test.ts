/**
 * The batch's own guarantees, proven with fake graders (the engine is a
 * parameter): a grader that throws, rejects, returns garbage or hangs costs
 * only its own submission; reports are on disk the moment a submission is
 * graded, with grades.csv and results.json rewritten atomically; an abort
 * stops starting calls and aborts the ones in flight; the output folder
 * never overlaps the submissions, never takes over a foreign folder, and a
 * student named like one of its files gets their own folder.
 */
import assert from "node:assert/strict";
import type { Engine, GradeFn, LabInfo } from "../lib/grading/batch/engine.ts";
import { OutputError } from "../lib/grading/batch/output.ts";
import { runBatch } from "../lib/grading/batch/run.ts";
import { gradeSubmissions } from "../lib/grading/batch/session.ts";
import {
  collectSubmissions,
  type Submission,
} from "../lib/grading/batch/walk.ts";
import type { GradeReport } from "../lib/grading/report.ts";

const LAB: LabInfo = {
  id: "labx",
  title: "Laboratorio X",
  weights: { theory: 1, practice: 3 },
  exercises: [{ id: "e1", points: 2 }, { id: "e2", points: 1 }],
  answers: [
    { id: "q1", points: 2, bonus: false },
    { id: "q2", points: 1, bonus: true },
  ],
};

function fakeReport(
  path: string,
  submission: string,
  score: number,
): GradeReport {
  return {
    notebook: path,
    submission,
    student: submission,
    lab: "labx",
    labTitle: LAB.title,
    mode: "grade",
    score,
    maxScore: 3,
    problems: [],
    copy: null,
    exercises: LAB.exercises.map((e) => ({
      id: e.id,
      title: e.id,
      points: e.id === "e1" ? Math.min(score, 2) : Math.max(0, score - 2),
      maxPoints: e.points,
      messages: [],
      tests: [],
      hiddenNotRun: 0,
      hiddenPointsNotRun: 0,
    })),
    answers: LAB.answers.map((a) => ({
      id: a.id,
      answered: true,
      maxPoints: a.points,
      bonus: a.bonus,
    })),
    seed: 7,
    kitVersion: "test",
    durationMs: 1,
  };
}

function engineWith(grade: GradeFn): Engine {
  return {
    grade,
    catalog: {
      labIds: () => ["labx"],
      labInfo: (id) =>
        id === "labx" ? Promise.resolve(LAB) : Promise.reject(new Error(id)),
    },
    describe: () => ({ lab: "labx", answered: 1, stamped: false }),
  };
}

async function folderOf(
  names: string[],
): Promise<{ root: string; submissions: Submission[] }> {
  const root = await Deno.makeTempDir({ prefix: "vaelab-run-" });
  await Deno.mkdir(`${root}/in`);
  for (const name of names) {
    await Deno.writeTextFile(`${root}/in/${name}`, "{}");
  }
  const { submissions } = await collectSubmissions([`${root}/in`]);
  return { root, submissions };
}

Deno.test("a grader that throws, rejects, returns garbage or hangs costs only its own submission", async () => {
  const { root, submissions } = await folderOf([
    "a.ipynb",
    "b.ipynb",
    "c.ipynb",
    "d.ipynb",
    "e.ipynb",
    "f.ipynb",
  ]);
  let hungAborted = false;
  const grade: GradeFn = (path, options) => {
    const name = path.split("/").at(-1)!;
    switch (name) {
      case "b.ipynb":
        throw new Error("se rompió el motor");
      case "c.ipynb":
        return Promise.reject("no es un Error");
      case "d.ipynb":
        return Promise.resolve({ score: "todo" } as unknown as GradeReport);
      case "e.ipynb":
        return new Promise<GradeReport>((_, reject) =>
          options.signal!.addEventListener("abort", () => {
            hungAborted = true;
            reject(new Error("abortado"));
          })
        );
      default:
        return Promise.resolve(
          fakeReport(path, options.submission!, name === "a.ipynb" ? 3 : 1.5),
        );
    }
  };
  try {
    const result = await runBatch(submissions, {
      ...engineWith(grade),
      options: { lab: "labx", seed: 7 },
      jobs: 2,
      watchdogMs: 300,
    });
    assert.equal(result.interrupted, false);
    assert.deepEqual(result.pending, []);
    const by = new Map(result.entries.map((e) => [e!.submission.key, e!]));
    assert.deepEqual(
      [...by].map(([k, e]) => [k, e.outcome, e.report.score]),
      [
        ["a", "graded", 3],
        ["b", "failed", 0],
        ["c", "failed", 0],
        ["d", "failed", 0],
        ["e", "watchdog", 0],
        ["f", "graded", 1.5],
      ],
    );
    assert.match(
      by.get("b")!.report.problems[0],
      /Error interno del evaluador con «b\.ipynb»: Error: se rompió el motor/,
    );
    assert.match(by.get("c")!.report.problems[0], /«c\.ipynb»: no es un Error/);
    assert.match(
      by.get("d")!.report.problems[0],
      /«d\.ipynb»: no devolvió un informe/,
    );
    assert.match(
      by.get("e")!.report.problems[0],
      /La evaluación de «e\.ipynb» no terminó en 0 s/,
    );
    assert.ok(hungAborted, "the abandoned call's signal was aborted");
    // A failed submission still has its lab's exercises and answers at zero.
    assert.deepEqual(
      by.get("b")!.report.exercises.map((e) => [e.id, e.points, e.maxPoints]),
      [["e1", 0, 2], ["e2", 0, 1]],
    );
    assert.equal(by.get("b")!.report.maxScore, 3);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("aborting the batch stops new calls, aborts the one in flight and lists the rest as pending", async () => {
  const { root, submissions } = await folderOf([
    "1.ipynb",
    "2.ipynb",
    "3.ipynb",
    "4.ipynb",
  ]);
  const started: string[] = [];
  const controller = new AbortController();
  let sawAbort = false;
  const grade: GradeFn = (path, options) => {
    const name = path.split("/").at(-1)!;
    started.push(name);
    if (name === "1.ipynb") {
      return Promise.resolve(fakeReport(path, options.submission!, 3));
    }
    queueMicrotask(() => controller.abort("SIGTERM"));
    return new Promise((resolve) =>
      options.signal!.addEventListener("abort", () => {
        sawAbort = true;
        // The engine answers its abort with a report; it must not count.
        resolve(fakeReport(path, options.submission!, 3));
      })
    );
  };
  try {
    const result = await runBatch(submissions, {
      ...engineWith(grade),
      options: {},
      jobs: 1,
      signal: controller.signal,
    });
    assert.equal(result.interrupted, true);
    assert.deepEqual(started, ["1.ipynb", "2.ipynb"]);
    assert.ok(sawAbort);
    assert.equal(result.entries[0]?.report.score, 3);
    assert.deepEqual(result.pending.map((s) => s.key), ["2", "3", "4"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("each report is on disk the moment its submission is graded, the summary files always whole", async () => {
  const { root } = await folderOf(["ana.ipynb", "bruno.ipynb"]);
  const collection = await collectSubmissions([`${root}/in`]);
  const out = `${root}/out`;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  // Bruno's call stays in flight until Ana's files have been read.
  const grade: GradeFn = async (path, options) => {
    if (path.endsWith("bruno.ipynb")) await gate;
    return fakeReport(
      path,
      options.submission!,
      path.endsWith("ana.ipynb") ? 3 : 1,
    );
  };
  const seen: {
    feedback: string;
    csv: string;
    json: { complete: boolean; submissions: unknown[] };
  }[] = [];
  try {
    const result = await gradeSubmissions(collection, {
      engine: engineWith(grade),
      grading: { seed: 7 },
      outDir: out,
      inputs: [`${root}/in`],
      jobs: 2,
      onEntry(entry) {
        if (entry.submission.key !== "ana") return;
        seen.push({
          feedback: Deno.readTextFileSync(`${out}/feedback/ana/feedback.md`),
          csv: Deno.readTextFileSync(`${out}/grades.csv`),
          json: JSON.parse(Deno.readTextFileSync(`${out}/results.json`)),
        });
        open();
      },
    });
    assert.equal(result.entries.length, 2);
    assert.equal(seen.length, 1);
    assert.match(seen[0].feedback, /^# Laboratorio X — ana/);
    assert.equal(
      seen[0].csv.trim().split("\n").length,
      2,
      "header and ana's row",
    );
    assert.match(seen[0].csv, /^"ana","ana","labx",2,1,3,3,/m);
    assert.equal(seen[0].json.complete, false);
    assert.equal(seen[0].json.submissions.length, 1);
    const final = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
    assert.equal(final.complete, true);
    assert.deepEqual(
      final.submissions.map((
        s: { submission: string; folder: string },
      ) => [s.submission, s.folder]),
      [["ana", "feedback/ana"], ["bruno", "feedback/bruno"]],
    );
    const leftovers = [...Deno.readDirSync(out)].map((e) => e.name).filter((
      n,
    ) => n.endsWith(".tmp"));
    assert.deepEqual(leftovers, []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the output folder: never inside or around the submissions, never a foreign folder, stale reports removed", async () => {
  const { root } = await folderOf([
    "grades.csv.ipynb",
    "results.json.ipynb",
    "feedback.ipynb",
    "a.ipynb",
  ]);
  const collection = await collectSubmissions([`${root}/in`]);
  const grade: GradeFn = (path, options) =>
    Promise.resolve(fakeReport(path, options.submission!, 1));
  const session = (outDir: string) =>
    gradeSubmissions(collection, {
      engine: engineWith(grade),
      grading: {},
      outDir,
      inputs: [`${root}/in`],
    });
  try {
    await assert.rejects(
      () => session(`${root}/in/out`),
      (e) =>
        e instanceof OutputError &&
        /no puede estar dentro de las entregas/.test(e.message),
    );
    await assert.rejects(
      () => session(root),
      (e) => e instanceof OutputError && /ni contenerlas/.test(e.message),
    );
    await Deno.mkdir(`${root}/mine`);
    await Deno.writeTextFile(`${root}/mine/tesis.tex`, "important");
    await assert.rejects(
      () => session(`${root}/mine`),
      (e) =>
        e instanceof OutputError &&
        /no es de una evaluación anterior/.test(e.message),
    );
    assert.deepEqual([...Deno.readDirSync(`${root}/mine`)].map((e) => e.name), [
      "tesis.tex",
    ]);

    await session(`${root}/out`);
    // Students named like the batch's files have their own folders.
    const feedback = [...Deno.readDirSync(`${root}/out/feedback`)].map((e) =>
      e.name
    ).sort();
    assert.deepEqual(feedback, ["a", "feedback", "grades.csv", "results.json"]);
    assert.match(
      await Deno.readTextFile(`${root}/out/grades.csv`),
      /^"submission","student","lab",/,
    );
    assert.equal(
      JSON.parse(await Deno.readTextFile(`${root}/out/results.json`))
        .submissions.length,
      4,
    );
    // A second run over the same folder replaces the previous reports.
    await Deno.mkdir(`${root}/out/feedback/gone`);
    await session(`${root}/out`);
    assert.throws(
      () => Deno.statSync(`${root}/out/feedback/gone`),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

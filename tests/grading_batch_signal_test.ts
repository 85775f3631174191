/**
 * SIGTERM and SIGINT to `deno task grade` stop it cleanly: the command (a
 * real process, with the engine replaced by a fake whose grading call runs
 * a real child process) aborts the call in flight, which kills its child,
 * writes everything finished so far (grades.csv, results.json marked
 * incomplete with the pending submissions, the finished feedback) and
 * exits with 143 or 130.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).href;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

const DRIVER = `
import { runMain } from "${ROOT}lib/cli/mod.ts";
import { gradeCommand } from "${ROOT}cli/grade.ts";
const LAB = { id: "labx", title: "Laboratorio X", weights: { theory: 1, practice: 1 },
  exercises: [{ id: "e1", points: 1 }], answers: [] };
const report = (path, submission) => ({ notebook: path, submission, student: submission,
  lab: "labx", labTitle: LAB.title, mode: "grade", score: 1, maxScore: 1, problems: [],
  copy: null, answers: [], seed: 1, kitVersion: "test", durationMs: 1,
  exercises: [{ id: "e1", title: "e1", points: 1, maxPoints: 1, messages: [], tests: [],
    hiddenNotRun: 0, hiddenPointsNotRun: 0 }] });
const engine = {
  catalog: { labIds: () => ["labx"], labInfo: () => Promise.resolve(LAB) },
  describe: () => ({ lab: "labx", answered: 1, stamped: false }),
  async grade(path, options) {
    if (path.endsWith("a.ipynb")) return report(path, options.submission);
    const child = new Deno.Command("sleep", { args: ["600"] }).spawn();
    options.signal.addEventListener("abort", () => child.kill("SIGKILL"));
    await Deno.writeTextFile(Deno.env.get("PID_FILE"), String(child.pid));
    await child.status;
    throw new Error("cancelada");
  },
};
await runMain("grade", (args) => gradeCommand(args, { engine: () => Promise.resolve(engine) }));
`;

const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(Deno.readTextFileSync(`/proc/${pid}/status`));
  } catch {
    return false;
  }
};

for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
  Deno.test(`${signal} stops the batch cleanly: the child killed, what finished written, exit ${code}`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "vaelab-signal-" });
    let sleeper = 0;
    try {
      await Deno.writeTextFile(`${dir}/driver.ts`, DRIVER);
      await Deno.mkdir(`${dir}/in`);
      for (const n of ["a", "b", "c"]) {
        await Deno.writeTextFile(`${dir}/in/${n}.ipynb`, "{}");
      }
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `--config=${CONFIG}`,
          `${dir}/driver.ts`,
          `${dir}/in`,
          "--out",
          `${dir}/out`,
          "--jobs",
          "1",
          "--seed",
          "3",
        ],
        env: { PID_FILE: `${dir}/pid`, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const output = child.output();
      // Wait (polling, no time limit asserted) until b's call runs its child.
      for (let i = 0; i < 1200 && sleeper === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          sleeper = Number(await Deno.readTextFile(`${dir}/pid`)) || 0;
        } catch { /* not yet */ }
      }
      assert.ok(sleeper > 0, "the second grading call started its child");
      assert.ok(alive(sleeper));
      child.kill(signal);
      const out = await output;
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, code, stderr);
      assert.match(
        stderr,
        new RegExp(
          `Interrumpido \\(${signal}\\): 1 entrega\\(s\\) evaluadas y escritas`,
        ),
      );
      assert.ok(!alive(sleeper), "the grading call's child was killed");
      const csv = (await Deno.readTextFile(`${dir}/out/grades.csv`)).trim()
        .split("\n");
      assert.equal(csv.length, 2);
      assert.match(csv[1], /^"a",/);
      const results = JSON.parse(
        await Deno.readTextFile(`${dir}/out/results.json`),
      );
      assert.equal(results.complete, false);
      assert.deepEqual(results.pending, ["b", "c"]);
      assert.match(
        await Deno.readTextFile(`${dir}/out/feedback/a/feedback.md`),
        /Laboratorio X — a/,
      );
      assert.deepEqual(
        [...Deno.readDirSync(`${dir}/out/feedback`)].map((e) => e.name),
        ["a"],
      );
    } finally {
      if (sleeper && alive(sleeper)) Deno.kill(sleeper, "SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  });
}

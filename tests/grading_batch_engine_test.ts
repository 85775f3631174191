/**
 * The batch command on the real engine when sandboxes are killed: next to
 * a master and an untouched copy, one submission exhausts the V8 heap (its
 * sandbox dies) and one never returns (killed at its time limit). Every
 * submission gets its row in grades.csv and its feedback files, the
 * honest ones their usual scores, and no sandbox process or temporary
 * folder outlives the command.
 */
import assert from "node:assert/strict";
import { formatNotebook, readNotebook } from "../lib/notebook/nbformat.ts";
import { body, studentCopy } from "./fixtures/submissions/corpus.ts";

function harnesses(): string[] {
  return [...Deno.readDirSync("/proc")].filter((e) => /^\d+$/.test(e.name))
    .filter((e) => {
      try {
        return Deno.readTextFileSync(`/proc/${e.name}/cmdline`).includes(
          "lib/grading/sandbox/harness.ts",
        );
      } catch {
        return false;
      }
    }).map((e) => e.name);
}

Deno.test("deno task grade writes every report when sandboxes die, and leaves nothing running", async () => {
  const root = await Deno.makeTempDir({ prefix: "vaelab-batch-kill-" });
  try {
    const lab = "lab1_elbo_dense_vae";
    const master = await readNotebook(`solutions/${lab}.ipynb`);
    const write = async (who: string, text: string) => {
      await Deno.mkdir(`${root}/in/${who}`, { recursive: true });
      await Deno.writeTextFile(`${root}/in/${who}/${lab}.ipynb`, text);
    };
    const attack = (code: string) => {
      const nb = studentCopy(master, lab);
      body(nb, "kl_standard_normal", code);
      return formatNotebook(nb);
    };
    await write("ana", formatNotebook(studentCopy(master, lab)));
    await write("beto", await Deno.readTextFile(`notebooks/${lab}.ipynb`));
    await write(
      "carla",
      attack(
        "const keep: number[][] = [];\nfor (;;) keep.push(new Array(1e6).fill(Math.random()));",
      ),
    );
    await write("dario", attack("for (;;) { /* spin */ }"));
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "task",
        "grade",
        `${root}/in`,
        "--out",
        `${root}/out`,
        "--timeout",
        "8",
        "--memory",
        "1024",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, log);
    const csv = (await Deno.readTextFile(`${root}/out/grades.csv`)).trim()
      .split("\n");
    assert.equal(csv.length, 5, csv.join("\n"));
    const header = csv[0].split(",").map((h) => h.replace(/"/g, ""));
    const practice = header.indexOf("practice");
    const row = (who: string) =>
      csv.find((l) => l.includes(`${who}/`))!.split(",").map((c) =>
        c.replace(/"/g, "")
      );
    assert.equal(
      Number(row("ana")[practice]),
      6,
      "the master's copy keeps its full marks",
    );
    assert.equal(Number(row("beto")[practice]), 0);
    assert.equal(
      Number(row("carla")[practice]),
      5,
      "only the exercise whose sandbox died loses its point",
    );
    assert.equal(
      Number(row("dario")[practice]),
      5,
      "only the exercise that never returned loses its point",
    );
    for (const who of ["ana", "beto", "carla", "dario"]) {
      const dir = [...Deno.readDirSync(`${root}/out/feedback`)].find((e) =>
        e.name.startsWith(who)
      )!;
      for (const f of ["feedback.md", "feedback.html", "results.json"]) {
        assert.ok(
          Deno.statSync(`${root}/out/feedback/${dir.name}/${f}`).size > 0,
          `${who}: ${f}`,
        );
      }
    }
    const carla = await Deno.readTextFile(
      `${root}/out/feedback/${
        [...Deno.readDirSync(`${root}/out/feedback`)].find((e) =>
          e.name.startsWith("carla")
        )!.name
      }/feedback.md`,
    );
    assert.match(carla, /memoria/);
    assert.deepEqual(harnesses(), [], "sandbox processes left running");
    const tmp = Deno.env.get("TMPDIR") || "/tmp";
    const left = [...Deno.readDirSync(tmp)].filter((e) =>
      /^vaelab-grade-\d+-/.test(e.name)
    ).map((e) => e.name)
      .filter((n) => {
        const pid = n.match(/^vaelab-grade-(\d+)-/)![1];
        try {
          Deno.statSync(`/proc/${pid}`);
          return false; // a live grader's (another test's) own folder
        } catch {
          return true;
        }
      });
    assert.deepEqual(
      left,
      [],
      "temporary folders of a finished grader left behind",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

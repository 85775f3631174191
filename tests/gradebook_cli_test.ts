/**
 * The theory round with the real commands and the kit's grader: `deno task
 * marks` writes the blank marks file from a submissions folder (and never
 * overwrites one), the instructor fills it in, `deno task grade --marks`
 * checks it before grading anything and writes the final grades, computed
 * here independently from the lab's released weights.
 */
import assert from "node:assert/strict";
import { defaultCatalog } from "../lib/grading/batch/engine.ts";
import { formatNotebook, readNotebook } from "../lib/notebook/nbformat.ts";
import { releaseNotebook } from "../lib/notebook/release.ts";

const LAB = "lab1_elbo_dense_vae";
const decoder = new TextDecoder();

async function deno(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

const haveSolution = (() => {
  try {
    return Deno.statSync(`solutions/${LAB}.ipynb`).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name:
    "marks → filled in → grade --marks: checked first, final grades from the release's weights",
  ignore: !haveSolution,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vaelab-marks-" });
    try {
      await Deno.mkdir(`${dir}/in/ana`, { recursive: true });
      await Deno.mkdir(`${dir}/in/bruno`);
      await Deno.mkdir(`${dir}/in/carla`);
      await Deno.copyFile(
        `solutions/${LAB}.ipynb`,
        `${dir}/in/ana/${LAB}.ipynb`,
      );
      await Deno.writeTextFile(
        `${dir}/in/bruno/${LAB}.ipynb`,
        formatNotebook(
          releaseNotebook(
            await readNotebook(`solutions/${LAB}.ipynb`),
            `solutions/${LAB}.ipynb`,
          ),
        ),
      );
      await Deno.writeTextFile(`${dir}/in/carla/notas.txt`, "sin notebook");

      const blank = await deno([
        "task",
        "marks",
        `${dir}/in`,
        "--out",
        `${dir}/marks.csv`,
      ]);
      assert.equal(blank.code, 0, blank.stderr);
      assert.match(blank.stdout, /2 entrega\(s\), 14 fila\(s\)/);
      const again = await deno([
        "run",
        "-A",
        "cli/marks.ts",
        `${dir}/in`,
        "--out",
        `${dir}/marks.csv`,
      ]);
      assert.equal(again.code, 2);
      assert.match(
        again.stderr,
        /marks: .*marks\.csv ya existe \(puede tener notas\); usa --force/,
      );

      const info = await defaultCatalog().labInfo(LAB);
      const lines = (await Deno.readTextFile(`${dir}/marks.csv`)).trim().split(
        "\n",
      );
      assert.equal(lines[0], '"student","question","points","max","bonus"');
      assert.deepEqual(
        lines.slice(1, 1 + info.answers.length),
        info.answers.map((a) =>
          `"ana/${LAB}","${a.id}","",${a.points},"${a.bonus ? "sí" : "no"}"`
        ),
      );
      // Ana: every answer at its maximum but one at half; bruno: one left blank.
      const mark = (a: { id: string; points: number }) =>
        a.id === info.answers[0].id ? a.points / 2 : a.points;
      const filled = ["student,question,points"];
      for (const a of info.answers) {
        filled.push(`ana/${LAB},${a.id},${mark(a)}`);
      }
      for (const a of info.answers.slice(1)) {
        filled.push(`bruno/${LAB},${a.id},0`);
      }
      await Deno.writeTextFile(`${dir}/marks.csv`, filled.join("\n") + "\n");

      // A bad file stops everything before grading, naming each problem.
      await Deno.writeTextFile(
        `${dir}/bad.csv`,
        `student,question,points\nana/${LAB},${info.answers[0].id},99\nnadie,${
          info.answers[0].id
        },1\n`,
      );
      const bad = await deno([
        "run",
        "-A",
        "cli/grade.ts",
        `${dir}/in`,
        "--out",
        `${dir}/out_bad`,
        "--marks",
        `${dir}/bad.csv`,
      ]);
      assert.equal(bad.code, 2);
      assert.match(
        bad.stderr,
        new RegExp(
          `bad\\.csv, línea 2: 99 está fuera de rango: debe estar entre 0 y ${
            info.answers[0].points
          }`,
        ),
      );
      assert.match(
        bad.stderr,
        /bad\.csv, línea 3: la entrega «nadie» no está entre las evaluadas; las entregas son: ana\/lab1_elbo_dense_vae, bruno\/lab1_elbo_dense_vae/,
      );
      assert.throws(
        () => Deno.statSync(`${dir}/out_bad`),
        Deno.errors.NotFound,
      );

      const run = await deno([
        "task",
        "grade",
        `${dir}/in`,
        "--out",
        `${dir}/out`,
        "--marks",
        `${dir}/marks.csv`,
        "--seed",
        "1",
      ]);
      assert.equal(run.code, 0, run.stderr);
      const csv = (await Deno.readTextFile(`${dir}/out/grades.csv`)).trim()
        .split("\n").map((l) => l.split(","));
      const header = csv[0].map((h) => JSON.parse(h));
      const col = (row: string[], name: string) => row[header.indexOf(name)];
      const ana = csv.find((r) => r[0] === `"ana/${LAB}"`)!;
      const bruno = csv.find((r) => r[0] === `"bruno/${LAB}"`)!;
      const practiceMax = info.exercises.reduce((s, e) => s + e.points, 0);
      const theoryMax = info.answers.filter((a) => !a.bonus).reduce(
        (s, a) => s + a.points,
        0,
      );
      const theory = info.answers.reduce((s, a) => s + mark(a), 0);
      const { theory: wT, practice: wP } = info.weights;
      const expected = Math.min(
        10,
        10 * (wT * theory / theoryMax + wP * 1) / (wT + wP),
      );
      assert.equal(
        Number(col(ana, "practice")),
        practiceMax,
        "the master gets full marks",
      );
      assert.equal(Number(col(ana, "theory (bonus incl.)")), theory);
      assert.equal(
        Number(col(ana, "final (0-10)")),
        Math.round(expected * 100) / 100,
      );
      assert.equal(
        Number(col(ana, info.answers[0].id)),
        info.answers[0].points / 2,
      );
      assert.equal(col(bruno, "final (0-10)"), '""');
      assert.equal(
        col(bruno, "status"),
        `"faltan notas de teoría: ${info.answers[0].id}"`,
      );
      // Ana's feedback shows her marks and her final grade.
      const md = await Deno.readTextFile(
        `${dir}/out/feedback/ana__${LAB}/feedback.md`,
      );
      assert.match(
        md,
        new RegExp(
          `Nota final: ${expected.toFixed(2).replace(".", "\\.")} / 10`,
        ),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

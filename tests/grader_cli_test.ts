/**
 * The command-line faces of the grader: `deno task check` (students: public
 * tests only, hidden tests counted, exit code) and `deno task grade`
 * (flag validation; a folder with a master copy, a broken notebook, a blank
 * `.ipynb.json`, symlinks to /etc/passwd and to the master, a FIFO and a
 * checkpoint folder is graded to the end with every report written and
 * nothing behind a link read), plus `VAELAB_NOTEBOOK` selecting the
 * notebook `deno test` grades.
 */
import assert from "node:assert/strict";
import { loadLab } from "../lib/grading/engine/labs.ts";
import { formatNotebook, readNotebook } from "../lib/notebook/nbformat.ts";
import { releaseNotebook } from "../lib/notebook/release.ts";

const decoder = new TextDecoder();

async function deno(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), { args, env }).output();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

const haveSolution = (() => {
  try {
    return Deno.statSync("solutions/lab1_elbo_dense_vae.ipynb").isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name:
    "deno task check: public tests only, hidden tests counted, exit code follows the result",
  ignore: !haveSolution,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const student = `${dir}/lab1_elbo_dense_vae.ipynb`;
      await Deno.writeTextFile(
        student,
        formatNotebook(
          releaseNotebook(
            await readNotebook("solutions/lab1_elbo_dense_vae.ipynb"),
            "solutions/lab1_elbo_dense_vae.ipynb",
          ),
        ),
      );
      // The public and hidden shares, from the definitions and the release.
      const lab = await loadLab("lab1_elbo_dense_vae");
      let publicPoints = 0, hiddenPoints = 0, hiddenTests = 0;
      for (const e of lab.exercises) {
        const tests = e.definition.tests;
        const weight = tests.reduce((s, t) => s + t.weight, 0);
        for (const t of tests) {
          const share = e.points * t.weight / weight;
          if (t.hidden) (hiddenPoints += share, hiddenTests++);
          else publicPoints += share;
        }
      }
      const untouched = await deno(["run", "-A", "cli/check.ts", student]);
      assert.equal(untouched.code, 1, untouched.stderr);
      const shownPublic = untouched.stdout.match(
        /\*\*Pruebas públicas: 0 \/ ([\d.]+)\*\*/,
      );
      const shownHidden = untouched.stdout.match(
        /Hay (\d+) pruebas ocultas \(([\d.]+) puntos\) que no se ejecutan aquí/,
      );
      assert.ok(shownPublic && shownHidden, untouched.stdout);
      // Shares are rounded to thousandths in reports.
      assert.ok(Math.abs(Number(shownPublic[1]) - publicPoints) < 0.005);
      assert.equal(Number(shownHidden[1]), hiddenTests);
      assert.ok(Math.abs(Number(shownHidden[2]) - hiddenPoints) < 0.005);
      assert.match(
        untouched.stdout,
        /Sin implementar: la celda todavía lanza el error TODO/,
      );
      assert.doesNotMatch(
        untouched.stdout,
        /\(oculta\): /,
        "hidden tests are not run by check",
      );

      const solved = await deno([
        "run",
        "-A",
        "cli/check.ts",
        "solutions/lab1_elbo_dense_vae.ipynb",
      ]);
      assert.equal(solved.code, 0, solved.stdout + solved.stderr);

      const usage = await deno(["run", "-A", "cli/check.ts"]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /se esperaba exactamente un notebook/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "deno task grade: validates flags, survives a hostile submissions folder, writes every report",
  ignore: !haveSolution,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const bad = await deno(["run", "-A", "cli/grade.ts", dir, "--jobs", "0"]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--jobs debe ser un entero ≥ 1, se recibió "0"/);
      const missing = await deno(["run", "-A", "cli/grade.ts", `${dir}/nope`]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nope: no existe/);
      const lab = await deno([
        "run",
        "-A",
        "cli/grade.ts",
        dir,
        "--lab",
        "lab9",
      ]);
      assert.equal(lab.code, 2);
      assert.match(
        lab.stderr,
        /--lab debe ser uno de lab1_elbo_dense_vae, lab2_conv_vae/,
      );

      const master = `${Deno.cwd()}/solutions/lab1_elbo_dense_vae.ipynb`;
      const release = formatNotebook(
        releaseNotebook(await readNotebook(master), master),
      );
      const input = `${dir}/in`;
      for (const d of ["ana/.ipynb_checkpoints", "bruno", "carla"]) {
        await Deno.mkdir(`${input}/${d}`, { recursive: true });
      }
      await Deno.copyFile(master, `${input}/ana/lab1_elbo_dense_vae.ipynb`);
      await Deno.copyFile(
        master,
        `${input}/ana/.ipynb_checkpoints/lab1-checkpoint.ipynb`,
      );
      await Deno.writeTextFile(`${input}/bruno/Lab1.IPYNB`, "{ not json");
      await Deno.writeTextFile(
        `${input}/carla/lab1_elbo_dense_vae.ipynb.json`,
        release,
      );
      await Deno.copyFile(master, `${input}/grades.csv.ipynb`);
      await Deno.symlink("/etc/passwd", `${input}/evil.ipynb`);
      await Deno.symlink(master, `${input}/master.ipynb`);
      const fifo = await new Deno.Command("mkfifo", {
        args: [`${input}/pipe.ipynb`],
      }).output();
      assert.equal(fifo.code, 0);

      const run = await deno([
        "run",
        "-A",
        "cli/grade.ts",
        input,
        "--out",
        `${dir}/out`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /7 entregas evaluadas/);
      assert.match(
        run.stdout,
        /no se evalúa «ana\/\.ipynb_checkpoints\/»: carpeta oculta/,
      );
      assert.match(
        run.stdout,
        /semilla \d+ \(repite exactamente esta evaluación con --seed \d+\)/,
      );
      const csv = await Deno.readTextFile(`${dir}/out/grades.csv`);
      const row = (key: string) =>
        csv.split("\n").find((l) => l.startsWith(`"${key}",`)) ?? "";
      assert.match(
        row("ana/lab1_elbo_dense_vae"),
        /,1,1,1,1\.5,0\.75,0\.75,6,6,/,
      );
      assert.match(
        row("grades.csv"),
        /,6,6,/,
        "a student named like a report file is graded like anyone",
      );
      assert.match(row("bruno/Lab1"), /no es JSON válido/);
      assert.match(row("carla/lab1_elbo_dense_vae"), /,0,6,/);
      assert.match(
        row("master"),
        /,0,0,.*enlace simbólico a «.*solutions\/lab1_elbo_dense_vae\.ipynb»; los enlaces no se siguen/,
      );
      assert.match(row("evil"), /enlace simbólico a «\/etc\/passwd»/);
      assert.match(row("pipe"), /tubería con nombre \(FIFO\)/);
      // Nothing of /etc/passwd was read into any report.
      const passwd = (await Deno.readTextFile("/etc/passwd")).split("\n")[0];
      for await (const entry of Deno.readDir(`${dir}/out/feedback`)) {
        for (const f of ["feedback.md", "feedback.html", "results.json"]) {
          const text = await Deno.readTextFile(
            `${dir}/out/feedback/${entry.name}/${f}`,
          );
          assert.ok(
            !text.includes(passwd),
            `${entry.name}/${f} quotes /etc/passwd`,
          );
        }
      }
      assert.ok(
        !(await Deno.readTextFile(`${dir}/out/results.json`)).includes(passwd),
      );
      // The checkpoint is listed in Ana's feedback, not graded.
      const ana = await Deno.readTextFile(
        `${dir}/out/feedback/ana__lab1_elbo_dense_vae/feedback.md`,
      );
      assert.match(ana, /«ana\/\.ipynb\\_checkpoints\/»: carpeta oculta/);
      assert.ok(!csv.includes("checkpoint"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "VAELAB_NOTEBOOK makes deno test grade a student's notebook, one step per exercise",
  ignore: !haveSolution,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const student = `${dir}/lab1_elbo_dense_vae.ipynb`;
      await Deno.writeTextFile(
        student,
        formatNotebook(
          releaseNotebook(
            await readNotebook("solutions/lab1_elbo_dense_vae.ipynb"),
            "solutions/lab1_elbo_dense_vae.ipynb",
          ),
        ),
      );
      const out = await deno(["test", "-A", "tests/grading_test.ts"], {
        VAELAB_NOTEBOOK: student,
        NO_COLOR: "1",
      });
      assert.equal(out.code, 1, "failed exercises fail the test run");
      assert.match(out.stdout, /kl_standard_normal \(0\/1\) \.\.\. FAILED/);
      assert.match(out.stdout, /elbo \(0\/1\.5\) \.\.\. FAILED/);
      assert.match(
        out.stdout,
        /p1a \(teoría, 1\.5 pts manuales\): sin responder \.\.\. ok/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

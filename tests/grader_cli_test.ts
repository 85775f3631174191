/**
 * The command-line faces of the grader: `deno task check` (students: public
 * tests only, hidden tests counted, exit code) and `deno task grade`
 * (flag validation, reports written, a broken submission does not stop the
 * batch), plus `VAELAB_NOTEBOOK` selecting the notebook `deno test` grades.
 */
import assert from "node:assert/strict";
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
          ),
        ),
      );
      const untouched = await deno(["run", "-A", "cli/check.ts", student]);
      assert.equal(untouched.code, 1, untouched.stderr);
      assert.match(untouched.stdout, /Pruebas públicas: \*\*0 \/ 3\.25\*\*/);
      assert.match(
        untouched.stdout,
        /Hay 7 pruebas ocultas \(2\.75 puntos\) que no se ejecutan aquí/,
      );
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
    "deno task grade: validates flags, goes on past broken submissions, writes the reports",
  ignore: !haveSolution,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const bad = await deno(["run", "-A", "cli/grade.ts", dir, "--jobs", "0"]);
      assert.equal(bad.code, 2);
      assert.match(
        bad.stderr,
        /--jobs debe ser un entero ≥ 1, se recibió "0"/,
      );
      const missing = await deno(["run", "-A", "cli/grade.ts", `${dir}/nope`]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nope: no existe/);

      await Deno.mkdir(`${dir}/in/ana`, { recursive: true });
      await Deno.mkdir(`${dir}/in/bruno`, { recursive: true });
      await Deno.copyFile(
        "solutions/lab1_elbo_dense_vae.ipynb",
        `${dir}/in/ana/lab1_elbo_dense_vae.ipynb`,
      );
      await Deno.writeTextFile(
        `${dir}/in/bruno/lab1_elbo_dense_vae.ipynb`,
        "{ not json",
      );
      const run = await deno([
        "run",
        "-A",
        "cli/grade.ts",
        `${dir}/in`,
        "--out",
        `${dir}/out`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /2 entregas evaluadas/);
      const csv = await Deno.readTextFile(`${dir}/out/grades.csv`);
      assert.match(
        csv,
        /^ana,lab1_elbo_dense_vae,1,1,1,1\.5,0\.75,0\.75,6,6,/m,
      );
      assert.match(
        csv,
        /^bruno,lab1_elbo_dense_vae,0,0,0,0,0,0,0,6,.*no es JSON válido/m,
      );
      for (const f of ["feedback.md", "feedback.html", "results.json"]) {
        assert.ok(Deno.statSync(`${dir}/out/bruno/${f}`).isFile);
      }
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

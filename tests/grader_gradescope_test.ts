/**
 * The Gradescope package: a valid zip (checked by Python's zipfile) with
 * executable setup.sh/run_autograder that install Deno 2.9.6 from npm, and an
 * end-to-end run of run_autograder on a local copy (AUTOGRADER_ROOT) that
 * writes a results.json with full marks for a master notebook and a
 * zero-score explanation for an empty submission.
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "../lib/grading/grade.ts";
import {
  buildAutograderZip,
  SETUP_SH,
} from "../lib/grading/gradescope_package.ts";
import { crc32, writeZip } from "../lib/grading/zip.ts";

async function python(code: string, cwd?: string): Promise<string> {
  const out = await new Deno.Command("python3", { args: ["-c", code], cwd })
    .output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

Deno.test("crc32 matches the standard check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

Deno.test("writeZip output is read back intact by Python's zipfile", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const big = "abc".repeat(10_000);
    await Deno.writeFile(
      `${dir}/t.zip`,
      writeZip([
        { name: "a.txt", data: "hola ñandú\n" },
        { name: "dir/big.txt", data: big },
        { name: "run", data: "#!/bin/sh\n", mode: 0o755 },
        { name: "empty", data: new Uint8Array() },
      ]),
    );
    const out = await python(
      `import zipfile; z = zipfile.ZipFile("${dir}/t.zip"); assert z.testzip() is None
print(z.read("a.txt").decode(), len(z.read("dir/big.txt")), oct(z.getinfo("run").external_attr >> 16), z.getinfo("dir/big.txt").compress_type)`,
    );
    assert.equal(out, "hola ñandú\n 30000 0o100755 8\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the Gradescope package grades a submission end to end", async () => {
  assert.match(SETUP_SH, /npm install -g deno@2\.9\.6/);
  const root = await Deno.makeTempDir({ prefix: "vaelab-autograder-" });
  try {
    const { zip, files } = await buildAutograderZip(REPO_ROOT);
    for (
      const f of [
        "setup.sh",
        "run_autograder",
        "deno.json",
        "deno.lock",
        "cli/grade.ts",
        "lib/grading/sandbox_main.ts",
      ]
    ) {
      assert.ok(files.includes(f), `${f} missing from the package`);
    }
    await Deno.writeFile(`${root}/autograder.zip`, zip);
    await Deno.mkdir(`${root}/source`);
    await python(
      `import zipfile, os
z = zipfile.ZipFile("${root}/autograder.zip")
z.extractall("${root}/source")
for i in z.infolist(): os.chmod("${root}/source/" + i.filename, (i.external_attr >> 16) & 0o777)`,
    );
    // Stand-in for setup.sh's `deno install`: reuse this checkout's packages.
    await Deno.symlink(
      `${REPO_ROOT}/node_modules`,
      `${root}/source/node_modules`,
    );
    const run = async () => {
      const out = await new Deno.Command(`${root}/source/run_autograder`, {
        env: { AUTOGRADER_ROOT: root },
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return JSON.parse(
        await Deno.readTextFile(`${root}/results/results.json`),
      );
    };

    await Deno.mkdir(`${root}/submission`);
    const results0 = await run();
    assert.equal(results0.score, 0);
    assert.match(results0.output, /No se encontró ningún notebook/);

    await Deno.copyFile(
      `${REPO_ROOT}/solutions/lab1_elbo_dense_vae.ipynb`,
      `${root}/submission/lab1_elbo_dense_vae.ipynb`,
    );
    const results = await run();
    const max = results.tests.reduce(
      (s: number, t: { max_score: number }) => s + t.max_score,
      0,
    );
    assert.equal(results.score, max);
    assert.ok(results.tests.length >= 10);
    for (const t of results.tests) {
      assert.deepEqual(Object.keys(t).sort(), [
        "max_score",
        "name",
        "output",
        "score",
        "status",
        "visibility",
      ]);
      assert.equal(t.status, "passed");
      assert.equal(
        t.visibility,
        t.name.endsWith("(oculta)") ? "after_published" : "visible",
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

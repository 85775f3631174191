/**
 * The Gradescope package: a valid zip (checked by Python's zipfile) pinned
 * to one lab, with executable setup.sh/run_autograder, the lab's release
 * and no master; `deno task gradescope` refuses to guess the lab; and
 * run_autograder, run end to end on a local root (AUTOGRADER_ROOT) with this
 * machine's Deno and packages standing in for what setup.sh installs
 * (`gradescope_setup_test.ts` runs the real setup.sh), grades the right
 * notebook of a submission and says which and why: a blank "Copia de …"
 * next to a completed one, a `.ipynb.json`, a symlink to the master, a
 * notebook of the other lab, an empty submission.
 */
import assert from "node:assert/strict";
import { buildAutograderZip } from "../lib/grading/gradescope/package.ts";
import { crc32, writeZip } from "../lib/grading/gradescope/zip.ts";
import { formatNotebook, readNotebook } from "../lib/notebook/nbformat.ts";
import { releaseNotebook } from "../lib/notebook/release.ts";

const REPO = Deno.cwd();
const LAB = "lab1_elbo_dense_vae";
const decoder = new TextDecoder();

async function python(code: string, cwd?: string): Promise<string> {
  const out = await new Deno.Command("python3", { args: ["-c", code], cwd })
    .output();
  assert.equal(out.code, 0, decoder.decode(out.stderr));
  return decoder.decode(out.stdout);
}

/** Unpacks `zip` into `dir` with the archive's Unix modes. */
async function unzip(zip: string, dir: string): Promise<void> {
  await python(
    `import zipfile, os
z = zipfile.ZipFile(${JSON.stringify(zip)})
assert z.testzip() is None
z.extractall(${JSON.stringify(dir)})
for i in z.infolist(): os.chmod(os.path.join(${
      JSON.stringify(dir)
    }, i.filename), (i.external_attr >> 16) & 0o777)`,
  );
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

Deno.test("the package is pinned to its lab: its release, its runner, no master", async () => {
  const { files, info } = await buildAutograderZip(REPO, LAB);
  assert.equal(info.lab, LAB);
  assert.equal(info.denoVersion, "2.9.6");
  for (
    const f of [
      "setup.sh",
      "run_autograder",
      "vaelab_autograder.json",
      "deno.json",
      "deno.lock",
      "cli/gradescope.ts",
      `notebooks/${LAB}.ipynb`,
      "lib/grading/gradescope/run.ts",
    ]
  ) {
    assert.ok(files.includes(f), `${f} missing from the package`);
  }
  assert.ok(
    !files.some((f) => f.startsWith("solutions/")),
    "masters are never packaged",
  );
  assert.ok(
    !files.includes("notebooks/lab2_conv_vae.ipynb"),
    "only the pinned lab's release",
  );
  const cli = async (args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli/gradescope.ts", ...args],
    }).output();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  };
  const noLab = await cli([]);
  assert.equal(noLab.code, 2);
  assert.match(
    noLab.stderr,
    /falta --lab: el paquete evalúa un solo laboratorio \(lab1_elbo_dense_vae, lab2_conv_vae\)/,
  );
  const badLab = await cli(["--lab", "lab3"]);
  assert.equal(badLab.code, 2);
  assert.match(
    badLab.stderr,
    /--lab debe ser uno de lab1_elbo_dense_vae, lab2_conv_vae; se recibió "lab3"/,
  );
  const dir = await Deno.makeTempDir();
  try {
    const ok = await cli(["--lab", LAB, "--out", `${dir}/ag.zip`]);
    assert.equal(ok.code, 0, ok.stderr);
    await unzip(`${dir}/ag.zip`, `${dir}/x`);
    assert.match(
      await Deno.readTextFile(`${dir}/x/run_autograder`),
      new RegExp(`--lab ${LAB}\\n`),
    );
    assert.equal(
      JSON.parse(await Deno.readTextFile(`${dir}/x/vaelab_autograder.json`))
        .lab,
      LAB,
    );
    for (const script of ["setup.sh", "run_autograder"]) {
      assert.equal(
        (await Deno.stat(`${dir}/x/${script}`)).mode! & 0o777,
        0o755,
      );
      const syntax = await new Deno.Command("bash", {
        args: ["-n", `${dir}/x/${script}`],
      }).output();
      assert.equal(syntax.code, 0, decoder.decode(syntax.stderr));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "run_autograder grades the right notebook of a submission and says which and why",
  ignore: !Deno.statSync("solutions").isDirectory,
  async fn(t) {
    const root = await Deno.makeTempDir({ prefix: "vaelab-autograder-" });
    try {
      const { zip } = await buildAutograderZip(REPO, LAB);
      await Deno.writeFile(`${root}/autograder.zip`, zip);
      await unzip(`${root}/autograder.zip`, `${root}/source`);
      // Stand-ins for what setup.sh installs: this machine's Deno and its
      // module cache, from which `deno install` fills node_modules (the
      // sandbox reads only the package's own node_modules, so no symlink).
      const info = await new Deno.Command(Deno.execPath(), {
        args: ["info", "--json"],
      }).output();
      const denoDir = JSON.parse(decoder.decode(info.stdout)).denoDir;
      await Deno.mkdir(`${root}/vaelab/bin`, { recursive: true });
      await Deno.symlink(Deno.execPath(), `${root}/vaelab/bin/deno`);
      await Deno.symlink(denoDir, `${root}/vaelab/deno_dir`);
      const install = await new Deno.Command(Deno.execPath(), {
        args: ["install", "--frozen"],
        cwd: `${root}/source`,
        env: { DENO_DIR: denoDir },
      }).output();
      assert.equal(install.code, 0, decoder.decode(install.stderr));
      const master = `${REPO}/solutions/${LAB}.ipynb`;
      const blank = formatNotebook(
        releaseNotebook(await readNotebook(master), master),
      );
      const run = async (files: Record<string, string | { link: string }>) => {
        await Deno.remove(`${root}/submission`, { recursive: true }).catch(
          () => {},
        );
        await Deno.remove(`${root}/results`, { recursive: true }).catch(
          () => {},
        );
        await Deno.mkdir(`${root}/submission`);
        for (const [name, content] of Object.entries(files)) {
          if (typeof content === "string") {
            await Deno.writeTextFile(`${root}/submission/${name}`, content);
          } else await Deno.symlink(content.link, `${root}/submission/${name}`);
        }
        const out = await new Deno.Command(`${root}/source/run_autograder`, {
          env: { AUTOGRADER_ROOT: root },
        }).output();
        assert.equal(out.code, 0, decoder.decode(out.stderr));
        return JSON.parse(
          await Deno.readTextFile(`${root}/results/results.json`),
        );
      };
      const solved = await Deno.readTextFile(master);

      await t.step(
        "a blank «Copia de …» next to the completed notebook",
        async () => {
          const r = await run({
            [`Copia de ${LAB}.ipynb`]: blank,
            [`${LAB}.ipynb`]: solved,
          });
          assert.equal(r.score, 6);
          assert.equal(r.output_format, "md");
          assert.equal(r.extra_data.lab, LAB);
          assert.match(
            r.output,
            /La entrega tiene 2 notebooks; se evaluó «lab1\\_elbo\\_dense\\_vae\.ipynb»: es del laboratorio lab1\\_elbo\\_dense\\_vae y el más completo/,
          );
          assert.match(
            r.output,
            /«Copia de lab1\\_elbo\\_dense\\_vae\.ipynb» no se evaluó: es una copia sin completar \(0 celdas completadas\)/,
          );
          assert.ok(
            r.tests.every((x: { status: string }) => x.status === "passed"),
          );
        },
      );
      await t.step("a notebook saved by a browser as .ipynb.json", async () => {
        const r = await run({ [`${LAB}.ipynb.json`]: solved });
        assert.equal(r.score, 6);
        assert.equal(r.extra_data.submission, LAB);
      });
      await t.step("a symlink to the master is not followed", async () => {
        const r = await run({
          "trampa.ipynb": { link: master },
          [`${LAB}.ipynb`]: blank,
        });
        assert.equal(r.score, 0);
        assert.match(
          r.output,
          /«trampa\.ipynb» no se evaluó: es un enlace simbólico/,
        );
      });
      await t.step("only a notebook of the other lab", async () => {
        const r = await run({
          "lab2_conv_vae.ipynb": await Deno.readTextFile(
            `${REPO}/notebooks/lab2_conv_vae.ipynb`,
          ),
        });
        assert.equal(r.score, 0);
        assert.match(
          r.output,
          /Ningún notebook de la entrega es del laboratorio lab1\\_elbo\\_dense\\_vae; se evaluó «lab2\\_conv\\_vae\.ipynb» de todos modos\. Sube el notebook de este laboratorio/,
        );
      });
      await t.step("no notebook at all", async () => {
        const r = await run({ "informe.pdf": "%PDF", ".DS_Store": "x" });
        assert.equal(r.score, 0);
        assert.match(
          r.output,
          /No se encontró ningún notebook \(\.ipynb\) en la entrega/,
        );
        assert.match(
          r.output,
          /Archivos recibidos: \.DS\\_Store, informe\.pdf/,
        );
      });
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

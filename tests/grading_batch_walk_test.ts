/**
 * Walking a submissions folder that holds anything: symlinks (to
 * /etc/passwd, to a master notebook, dangling, a loop, to a folder), a FIFO,
 * a socket, a device, a hard link, an oversized file, odd and colliding
 * names, dotfiles and dot-folders. Nothing is followed or opened, every
 * notebook-named entry becomes a submission (refused with a Spanish reason
 * when it is not a regular file), and keys and output folders are unique.
 */
import assert from "node:assert/strict";
import { outputFolders, submissionKeys } from "../lib/grading/batch/keys.ts";
import {
  readRegularFile,
  RefusedFile,
} from "../lib/grading/batch/safe_read.ts";
import {
  collectSubmissions,
  MAX_DEPTH,
  MissingInput,
} from "../lib/grading/batch/walk.ts";

const NOTEBOOK =
  '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}';

async function tree(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await Deno.makeTempDir({ prefix: "vaelab-walk-" });
  const w = (p: string, text = NOTEBOOK) =>
    Deno.writeTextFile(`${root}/${p}`, text);
  for (
    const d of [
      "ana/.ipynb_checkpoints",
      "Ana",
      "bruno/sub",
      "carla",
      "__MACOSX/ana",
    ]
  ) {
    await Deno.mkdir(`${root}/${d}`, { recursive: true });
  }
  await w("ana/Lab1.IPYNB");
  await w("ana/.ipynb_checkpoints/Lab1-checkpoint.ipynb");
  await w("ana/._Lab1.IPYNB", "\u0000\u0005mac resource fork");
  await w("ana/informe.pdf", "%PDF");
  await w("Ana/Lab1.ipynb");
  await w("bruno/lab1.ipynb.json");
  await w("bruno/lab1.ipynb");
  await w("bruno/sub/notas.txt", "x");
  await w("carla/grades.csv.ipynb");
  await w("carla/results.json.ipynb");
  await w("__MACOSX/ana/._Lab1.IPYNB", "x");
  await w(".DS_Store", "x");
  await w("nueva\nlínea.ipynb");
  await Deno.writeFile(
    `${root}/mal\xff.ipynb`.replace("\xff", ""),
    new Uint8Array(),
  );
  await Deno.symlink("/etc/passwd", `${root}/passwd.ipynb`);
  await Deno.symlink(
    `${Deno.cwd()}/solutions/lab1_elbo_dense_vae.ipynb`,
    `${root}/master.ipynb`,
  );
  await Deno.symlink(`${root}/nowhere`, `${root}/dangling.ipynb`);
  await Deno.symlink("loop.ipynb", `${root}/loop.ipynb`);
  await Deno.symlink("/", `${root}/rootdir`);
  // A hard link to a file outside the submissions (a master, say).
  const outside = await Deno.makeTempFile({ prefix: "vaelab-walk-outside-" });
  await Deno.link(outside, `${root}/hard.ipynb`);
  const fifo = await new Deno.Command("mkfifo", {
    args: [`${root}/pipe.ipynb`],
  })
    .output();
  assert.equal(fifo.code, 0);
  // Kept listening while the walk runs (closing it removes the file).
  const socket = Deno.listen({ transport: "unix", path: `${root}/sock.ipynb` });
  const big = await Deno.open(`${root}/big.ipynb`, {
    create: true,
    write: true,
  });
  await big.truncate(30 * 1024 * 1024); // sparse: costs no disk
  big.close();
  let deep = `${root}/deep`;
  for (let i = 0; i <= MAX_DEPTH + 1; i++) deep += `/d${i}`;
  await Deno.mkdir(deep, { recursive: true });
  await Deno.writeTextFile(`${deep}/hondo.ipynb`, NOTEBOOK);
  return {
    root,
    cleanup: async () => {
      socket.close();
      await Deno.remove(root, { recursive: true });
      await Deno.remove(outside);
    },
  };
}

Deno.test("the walk refuses what is not a regular file, lists what it skips, never follows a link", async () => {
  const { root, cleanup } = await tree();
  try {
    const found = await collectSubmissions([root, "/dev/zero"]);
    const byRel = new Map(
      found.submissions.map((
        s,
      ) => [s.relative.replace(/^.*?vaelab-walk-[^/]+\//, ""), s]),
    );
    const refused = (rel: string) => byRel.get(rel)?.refused ?? "";

    // Case-insensitive and browser-saved notebooks are submissions.
    for (
      const rel of [
        "ana/Lab1.IPYNB",
        "Ana/Lab1.ipynb",
        "bruno/lab1.ipynb",
        "bruno/lab1.ipynb.json",
        "carla/grades.csv.ipynb",
        "nueva\nlínea.ipynb",
      ]
    ) {
      assert.ok(
        byRel.has(rel),
        `${JSON.stringify(rel)} should be a submission`,
      );
      assert.equal(refused(rel), "", rel);
    }
    // Links are reported, with their target, and never followed.
    assert.match(
      refused("passwd.ipynb"),
      /enlace simbólico a «\/etc\/passwd»; los enlaces no se siguen/,
    );
    assert.match(refused("master.ipynb"), /enlace simbólico/);
    assert.match(refused("dangling.ipynb"), /enlace simbólico/);
    assert.match(refused("loop.ipynb"), /enlace simbólico/);
    assert.match(refused("pipe.ipynb"), /tubería con nombre \(FIFO\)/);
    assert.match(refused("sock.ipynb"), /socket/);
    assert.match(
      refused("big.ipynb"),
      /pesa 30,0 MB y el máximo es 20,0 MB: borra las salidas/,
    );
    assert.match(refused("hard.ipynb"), /enlace duro/);
    assert.match(
      refused("Ana/Lab1.ipynb") + refused("hard.ipynb"),
      /enlace duro/,
    );
    const device = found.submissions.find((s) => s.path === "/dev/zero")!;
    assert.match(
      device.refused!,
      /es un dispositivo, no un archivo; no se abrió/,
    );
    // Nothing under the symlinked "/" was walked.
    assert.ok(!found.submissions.some((s) => s.path.includes("rootdir/")));
    const skipped = new Map(
      found.skipped.map((
        s,
      ) => [s.relative.replace(/^.*?vaelab-walk-[^/]+\//, ""), s]),
    );
    assert.match(skipped.get("rootdir")!.reason, /enlace simbólico a «\/»/);
    // Dot entries and other files are listed, not graded.
    assert.equal(skipped.get("ana/.ipynb_checkpoints/")?.kind, "hidden");
    assert.equal(skipped.get("ana/._Lab1.IPYNB")?.kind, "hidden");
    assert.equal(skipped.get("__MACOSX/ana/._Lab1.IPYNB")?.kind, "hidden");
    assert.equal(skipped.get(".DS_Store")?.kind, "hidden");
    assert.equal(skipped.get("ana/informe.pdf")?.kind, "other");
    assert.ok(
      [...skipped.keys()].some((k) =>
        k.startsWith("deep/") &&
        /más de 16 niveles/.test(skipped.get(k)!.reason)
      ),
    );
    assert.ok(
      !found.submissions.some((s) => s.relative.endsWith("hondo.ipynb")),
    );
    // ... and noted in the report of the student whose folder holds them.
    const ana = byRel.get("ana/Lab1.IPYNB")!;
    assert.ok(ana.notes.some((n) => n.includes("ana/.ipynb_checkpoints/")));
    assert.ok(ana.notes.some((n) => n.includes("ana/._Lab1.IPYNB")));
    assert.ok(ana.notes.some((n) => n.includes("ana/informe.pdf")));
    assert.ok(
      byRel.get("bruno/lab1.ipynb")!.notes.some((n) =>
        n.includes("bruno/sub/notas.txt")
      ),
    );
    assert.ok(
      !byRel.get("Ana/Lab1.ipynb")!.notes.some((n) => n.includes("ana/")),
    );
    // Keys and folders are unique, folders even case-insensitively.
    const keys = found.submissions.map((s) => s.key);
    assert.equal(new Set(keys).size, keys.length);
    const folders = found.submissions.map((s) => s.folder.toLowerCase());
    assert.equal(new Set(folders).size, folders.length);
    for (const s of found.submissions) {
      assert.match(s.folder, /^[\p{L}\p{N}_][\p{L}\p{N}._ -]*$/u, s.folder);
    }
  } finally {
    await cleanup();
  }
});

Deno.test("a name that is not UTF-8 is refused with a message instead of stopping the walk", async () => {
  const root = await Deno.makeTempDir({ prefix: "vaelab-walk-" });
  try {
    // Created from the shell: Deno's own API only takes valid Unicode names.
    const made = await new Deno.Command("bash", {
      args: [
        "-c",
        `printf '{}' > "$1"/$'mal\\xff.ipynb'; printf '{}' > "$1/bien.ipynb"`,
        "_",
        root,
      ],
    }).output();
    assert.equal(made.code, 0);
    const found = await collectSubmissions([root]);
    assert.equal(found.submissions.length, 2);
    const bad = found.submissions.find((s) => s.relative.startsWith("mal"))!;
    assert.match(bad.refused!, /no es texto UTF-8 válido/);
    assert.equal(
      found.submissions.find((s) => s.relative === "bien.ipynb")?.refused,
      undefined,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a missing input is a usage error naming it; a single file is its own root", async () => {
  await assert.rejects(
    () => collectSubmissions(["/nonexistent/x.ipynb"]),
    MissingInput,
  );
  const root = await Deno.makeTempDir({ prefix: "vaelab-walk-" });
  try {
    await Deno.writeTextFile(`${root}/.oculto.ipynb`, NOTEBOOK);
    // Named explicitly, even a dotfile is graded.
    const found = await collectSubmissions([`${root}/.oculto.ipynb`]);
    assert.deepEqual(found.submissions.map((s) => [s.key, s.folder]), [[
      ".oculto",
      "oculto",
    ]]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("keys drop the notebook ending unless two files would share a key; folders are safe and unique", () => {
  assert.deepEqual(
    submissionKeys([
      "a/lab1.ipynb",
      "a/lab1.ipynb.json",
      "b/lab1.IPYNB",
      "c/x",
    ]),
    ["a/lab1.ipynb", "a/lab1.ipynb.json", "b/lab1", "c/x"],
  );
  assert.deepEqual(
    outputFolders([
      "grades.csv",
      "results.json",
      "feedback",
      "a/b",
      "a__b",
      "A__B",
      "..",
      "CON",
      "a b",
      "x\u0301",
      "\u00e1",
    ]),
    [
      "grades.csv",
      "results.json",
      "feedback",
      "a__b",
      "a__b-2",
      "A__B-3",
      "entrega",
      "_CON",
      "a b",
      "x_",
      "á",
    ],
  );
  const long = outputFolders(["ñ".repeat(300)])[0];
  assert.ok(new TextEncoder().encode(long).length <= 100);
});

Deno.test("readRegularFile reads regular files only, without opening devices or FIFOs", async () => {
  const root = await Deno.makeTempDir({ prefix: "vaelab-read-" });
  try {
    await Deno.writeTextFile(`${root}/ok.ipynb`, NOTEBOOK);
    assert.equal(
      new TextDecoder().decode(await readRegularFile(`${root}/ok.ipynb`, 1000)),
      NOTEBOOK,
    );
    await Deno.symlink(`${root}/ok.ipynb`, `${root}/link.ipynb`);
    const fifo = await new Deno.Command("mkfifo", { args: [`${root}/pipe`] })
      .output();
    assert.equal(fifo.code, 0);
    for (
      const [path, reason] of [
        [`${root}/link.ipynb`, /enlace simbólico/],
        [`${root}/pipe`, /FIFO/],
        ["/dev/zero", /dispositivo/],
        [`${root}/ok.ipynb`, /pesa/],
      ] as const
    ) {
      await assert.rejects(
        () => readRegularFile(path, path.endsWith("ok.ipynb") ? 10 : 1000),
        (e) => e instanceof RefusedFile && reason.test(e.reason),
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/**
 * The student notebooks are a faithful, solution-free release of the masters:
 * stubs and prompts where the solutions were, no solution text left, outputs
 * cleared, deterministic, up to date with solutions/, valid nbformat 4.
 */
import assert from "node:assert/strict";
import {
  ANSWER_PROMPT,
  assignCellIds,
  type Cell,
  cellSource,
  exerciseIdOf,
  findExerciseCells,
  formatNotebook,
  type Notebook,
  NotebookError,
  readNotebook,
  releaseFolder,
  releaseNotebook,
  releaseStampOf,
  secretLines,
} from "../lib/notebook/mod.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LABS = ["lab1_elbo_dense_vae.ipynb", "lab2_conv_vae.ipynb"];

function code(source: string, vaelab?: Record<string, unknown>): Cell {
  return {
    cell_type: "code",
    source,
    metadata: vaelab ? { vaelab } : {},
    outputs: [{ output_type: "stream", name: "stdout", text: ["secret 42\n"] }],
    execution_count: 7,
  };
}

function markdown(source: string, vaelab?: Record<string, unknown>): Cell {
  return { cell_type: "markdown", source, metadata: vaelab ? { vaelab } : {} };
}

function notebook(cells: Cell[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "deno", display_name: "Deno" } },
    cells: cells.map((cell, i) => ({ id: `cell-${i}`, ...cell })),
  };
}

const MASTER = notebook([
  markdown("# Título\n\nTeoría $x^2$."),
  markdown(
    "<!-- ANSWER: p1a -->\n**Respuesta.**\n<!-- BEGIN SOLUTION -->\n$$a = b + c$$\nporque sí.\n<!-- END SOLUTION -->\nFin.",
    { answer: "p1a", points: 1.5 },
  ),
  code(
    "// EXERCISE: square\nfunction square(x: number): number {\n  // BEGIN SOLUTION\n  const y = x * x;\n  return y;\n  // END SOLUTION\n}",
    { exercise: "square", points: 1, todo: 'devuelve x al "cuadrado"' },
  ),
  code("square(3)"),
]);

Deno.test("release replaces code regions by an indented TODO stub inside the function", () => {
  const student = releaseNotebook(MASTER, "m.ipynb");
  assert.equal(
    cellSource(student.cells[2]),
    '// EXERCISE: square\nfunction square(x: number): number {\n  throw new Error("TODO: square: devuelve x al \\"cuadrado\\"");\n}',
  );
  // The stub is valid JavaScript that throws the stub's message.
  const body = cellSource(student.cells[2]) + "\nsquare(2);";
  assert.throws(
    () => new Function(body.replace(/: number/g, ""))(),
    { message: 'TODO: square: devuelve x al "cuadrado"' },
  );
});

Deno.test("release replaces markdown regions by the Spanish answer prompt", () => {
  const student = releaseNotebook(MASTER, "m.ipynb");
  assert.equal(
    cellSource(student.cells[1]),
    `<!-- ANSWER: p1a -->\n**Respuesta.**\n${ANSWER_PROMPT}\nFin.`,
  );
  assert.equal(cellSource(student.cells[0]), cellSource(MASTER.cells[0]));
});

Deno.test("release clears outputs and counts, keeps metadata, leaves the master untouched", () => {
  const before = formatNotebook(MASTER);
  const student = releaseNotebook(MASTER, "m.ipynb");
  assert.equal(formatNotebook(MASTER), before);
  for (const cell of student.cells.filter((c) => c.cell_type === "code")) {
    assert.deepEqual(cell.outputs, []);
    assert.equal(cell.execution_count, null);
  }
  assert.deepEqual(student.cells[2].metadata, MASTER.cells[2].metadata);
  // The master's metadata is kept; the release adds its stamp.
  const { vaelab, ...rest } = student.metadata as Record<string, unknown>;
  assert.deepEqual(rest, MASTER.metadata);
  assert.deepEqual(Object.keys(vaelab as object), ["assignment", "version"]);
  assert.deepEqual(findExerciseCells(student), findExerciseCells(MASTER));
});

Deno.test("release stamps the assignment and a version that changes with the content, and keeps every cell's id", async () => {
  const a = releaseNotebook(MASTER, "solutions/lab9_demo.ipynb");
  assert.deepEqual(releaseStampOf(a)?.assignment, "lab9_demo");
  assert.match(releaseStampOf(a)!.version, /^[0-9a-f]{12}$/);
  const edited = structuredClone(MASTER);
  edited.cells[0].source = "# Otro título";
  const b = releaseNotebook(edited, "solutions/lab9_demo.ipynb");
  assert.notEqual(releaseStampOf(b)!.version, releaseStampOf(a)!.version);
  assert.ok(a.nbformat_minor >= 5);
  const ids = a.cells.map((c) => c.id);
  assert.ok(ids.every((id) => typeof id === "string" && id !== ""));
  assert.equal(new Set(ids).size, ids.length);
  // The committed releases: stamped, every cell with a unique id kept from the master.
  for (const lab of ["lab1_elbo_dense_vae", "lab2_conv_vae"]) {
    const released = JSON.parse(
      await Deno.readTextFile(`notebooks/${lab}.ipynb`),
    );
    const master = JSON.parse(
      await Deno.readTextFile(`solutions/${lab}.ipynb`),
    );
    assert.equal(released.metadata.vaelab.assignment, lab);
    assert.deepEqual(
      released.cells.map((c: { id: string }) => c.id),
      master.cells.map((c: { id: string }) => c.id),
    );
    assert.equal(
      new Set(master.cells.map((c: { id: string }) => c.id)).size,
      master.cells.length,
    );
  }
});

Deno.test("assignCellIds gives missing and repeated ids fresh ones and says so", () => {
  const nb = structuredClone(MASTER);
  nb.cells.forEach((c) => delete c.id);
  nb.cells[1].id = "same";
  if (nb.cells[2]) nb.cells[2].id = "same";
  assert.equal(assignCellIds(nb, "lab9"), true);
  const ids = nb.cells.map((c) => c.id!);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(
    assignCellIds(nb, "lab9"),
    false,
    "nothing to do the second time",
  );
});

Deno.test("release is deterministic and idempotent on an already released notebook", () => {
  const once = formatNotebook(releaseNotebook(MASTER, "m.ipynb"));
  assert.equal(formatNotebook(releaseNotebook(MASTER, "m.ipynb")), once);
  assert.equal(
    formatNotebook(
      releaseNotebook(releaseNotebook(MASTER, "m.ipynb"), "m.ipynb"),
    ),
    once,
  );
});

Deno.test("secretLines lists solution-only lines and skips lines also outside regions", () => {
  const master = notebook([
    ...MASTER.cells,
    code("const y = x * x;"), // also outside a region: not secret
  ]);
  assert.deepEqual(secretLines(master), [
    "$$a = b + c$$",
    "porque sí.",
    "return y;",
  ]);
});

Deno.test("release rejects malformed regions and unmarked stubs, naming file and cell", () => {
  const bad = (cell: Cell, pattern: RegExp) =>
    assert.throws(
      () => releaseNotebook(notebook([markdown("x"), cell]), "bad.ipynb"),
      (error: unknown) =>
        error instanceof NotebookError && pattern.test(error.message) &&
        error.message.startsWith("bad.ipynb: cell 2"),
    );
  bad(
    code("// EXERCISE: a\n// BEGIN SOLUTION\nx", { exercise: "a", todo: "t" }),
    /never closed/,
  );
  bad(
    code("// EXERCISE: a\n// END SOLUTION", { exercise: "a", todo: "t" }),
    /without a matching/,
  );
  bad(
    code(
      "// EXERCISE: a\n// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION",
      { exercise: "a", todo: "t" },
    ),
    /do not nest/,
  );
  bad(code("// BEGIN SOLUTION\nx\n// END SOLUTION"), /no exercise id/);
  bad(
    code("// EXERCISE: a\n// BEGIN SOLUTION\nx\n// END SOLUTION", {
      exercise: "a",
    }),
    /no metadata vaelab.todo/,
  );
  bad(markdown("<!-- BEGIN SOLUTION -->\nx"), /never closed/);
});

Deno.test("releaseFolder --check reports stale and missing student files without writing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/solutions`);
    await Deno.writeTextFile(
      `${dir}/solutions/a.ipynb`,
      formatNotebook(MASTER),
    );
    let report = await releaseFolder(`${dir}/solutions`, `${dir}/notebooks`, {
      check: true,
    });
    assert.deepEqual(report.stale, ["a.ipynb"]);
    await assert.rejects(Deno.stat(`${dir}/notebooks/a.ipynb`));
    report = await releaseFolder(`${dir}/solutions`, `${dir}/notebooks`);
    assert.deepEqual(report.stale, ["a.ipynb"]);
    report = await releaseFolder(`${dir}/solutions`, `${dir}/notebooks`, {
      check: true,
    });
    assert.deepEqual(report.stale, []);
    await Deno.writeTextFile(`${dir}/notebooks/b.ipynb`, "{}");
    const edited = structuredClone(MASTER);
    edited.cells[0].source = "# Otro título";
    await Deno.writeTextFile(
      `${dir}/solutions/a.ipynb`,
      formatNotebook(edited),
    );
    report = await releaseFolder(`${dir}/solutions`, `${dir}/notebooks`, {
      check: true,
    });
    assert.deepEqual(report.stale, ["a.ipynb"]);
    assert.deepEqual(report.orphans, ["b.ipynb"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("`deno task release --check` exits 1 naming the stale file, 0 once released", async () => {
  const dir = await Deno.makeTempDir();
  const run = async (...args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${ROOT}cli/release.ts`,
        "--solutions",
        `${dir}/solutions`,
        "--notebooks",
        `${dir}/notebooks`,
        ...args,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, text: decode(out.stdout) + decode(out.stderr) };
  };
  try {
    await Deno.mkdir(`${dir}/solutions`);
    await Deno.writeTextFile(
      `${dir}/solutions/a.ipynb`,
      formatNotebook(MASTER),
    );
    let result = await run("--check");
    assert.equal(result.code, 1);
    assert.match(result.text, /desactualizado.*notebooks\/a\.ipynb/);
    result = await run();
    assert.equal(result.code, 0, result.text);
    result = await run("--check");
    assert.equal(result.code, 0, result.text);
    result = await run("--bogus");
    assert.equal(result.code, 2);
    assert.match(
      result.text,
      /release: opción desconocida --bogus; opciones válidas: --check, --solutions, --notebooks/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const lab of LABS) {
  Deno.test(`${lab}: the student copy has a stub per exercise and no solution text`, async () => {
    const master = await readNotebook(`${ROOT}solutions/${lab}`);
    const student = await readNotebook(`${ROOT}notebooks/${lab}`);
    const secrets = secretLines(master, lab);
    assert.ok(secrets.length > 20, `${lab}: expected solution regions`);
    const studentLines = new Set(
      student.cells.flatMap((c) => cellSource(c).split("\n")).map((l) =>
        l.trim()
      ),
    );
    const leaked = secrets.filter((line) => studentLines.has(line));
    assert.deepEqual(leaked, [], `${lab}: solution lines leaked`);
    const exercises = student.cells.filter((c) => exerciseIdOf(c));
    assert.ok(exercises.length >= 5, `${lab}: expected exercise cells`);
    for (const cell of exercises) {
      const id = exerciseIdOf(cell)!;
      assert.match(
        cellSource(cell),
        new RegExp(`throw new Error\\("TODO: ${id}: [^"]+"\\);`),
        `${lab}: exercise ${id} has no stub`,
      );
    }
    for (const cell of student.cells) {
      assert.ok(!/BEGIN SOLUTION|END SOLUTION/.test(cellSource(cell)));
      assert.deepEqual(cell.outputs ?? [], []);
    }
  });
}

Deno.test("notebooks/ is up to date with solutions/ (run `deno task release`)", async () => {
  const report = await releaseFolder(
    `${ROOT}solutions`,
    `${ROOT}notebooks`,
    { check: true },
  );
  assert.deepEqual(report.masters, LABS);
  assert.deepEqual(
    report.stale,
    [],
    `stale student notebooks: ${
      report.stale.join(", ")
    }; run \`deno task release\``,
  );
});

/** A python3 that has nbformat, or undefined (Debian's is /usr/bin/python3). */
async function pythonWithNbformat(): Promise<string | undefined> {
  for (const python of ["python3", "/usr/bin/python3"]) {
    try {
      const out = await new Deno.Command(python, {
        args: ["-c", "import nbformat"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (out.success) return python;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

const python = await pythonWithNbformat();
if (!python) {
  console.warn(
    "release_test: skipping nbformat schema validation: no python3 with nbformat (apt-get install -y python3-nbformat)",
  );
}

Deno.test({
  name: "every notebook validates against the nbformat v4 JSON schema",
  ignore: !python,
  async fn() {
    const paths = LABS.flatMap((lab) => [
      `${ROOT}solutions/${lab}`,
      `${ROOT}notebooks/${lab}`,
    ]);
    const script =
      "import sys, nbformat\nfor p in sys.argv[1:]:\n    nbformat.validate(nbformat.read(p, 4))\n    print('ok', p)";
    const out = await new Deno.Command(python!, {
      args: ["-c", script, ...paths],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(
      out.success,
      `nbformat validation failed:\n${new TextDecoder().decode(out.stderr)}`,
    );
    // The same check accepts the fixture and rejects it once broken (a code
    // cell without outputs), so a pass above means something.
    const broken = structuredClone(MASTER);
    delete broken.cells[2].outputs;
    const path = await Deno.makeTempFile({ suffix: ".ipynb" });
    const validates = async (nb: Notebook) => {
      await Deno.writeTextFile(path, formatNotebook(nb));
      const result = await new Deno.Command(python!, {
        args: ["-c", script, path],
        stdout: "null",
        stderr: "null",
      }).output();
      return result.success;
    };
    try {
      assert.equal(await validates(MASTER), true);
      assert.equal(await validates(broken), false);
    } finally {
      await Deno.remove(path);
    }
  },
});

/**
 * The grading engine's stages on real notebooks: the TypeScript parser's
 * view of cells, the exercise module (the notebook's context, references
 * for declared dependencies only, stubs for everything else), the
 * sandbox's permissions, the comparison with the release (cells missing,
 * added, moved, modified; the stamp), a notebook of the wrong lab under
 * `--lab`, `--strict`, and layer alignment.
 */
import assert from "node:assert/strict";
import { analyzeCell } from "../lib/grading/parse/cells.ts";
import {
  buildModule,
  type CodeCell,
} from "../lib/grading/engine/build_module.ts";
import { bindImport, REASONS } from "../lib/grading/engine/imports.ts";
import { harnessArgs, REPO_ROOT } from "../lib/grading/engine/run_sandbox.ts";
import { compareWithRelease } from "../lib/grading/engine/compare_release.ts";
import { gradeNotebook } from "../lib/grading/engine/grade.ts";
import { referenceMap } from "../lib/grading/engine/labs.ts";
import { alignLayers } from "../lib/grading/checks/model.ts";
import { exerciseIdOf } from "../lib/notebook/exercise.ts";
import {
  cellSource,
  formatNotebook,
  type Notebook,
  readNotebook,
  toLines,
} from "../lib/notebook/nbformat.ts";

const cells = (...sources: string[]): CodeCell[] =>
  sources.map((s, index) => ({ index, analysis: analyzeCell(s) }));

Deno.test("cells: declarations with the names they use, statements apart, syntax errors located", () => {
  const a = analyzeCell(`import * as tf from "tf";
const K = 2, { a, b: [c] } = f();
function g(x: tf.Tensor): tf.Tensor { const local = 1; return tf.mul(x, K + local); }
class M { m() { return h(); } }
type T = { k: number };
console.log(g(1));
{ const z = 3; }`);
  assert.deepEqual(a.declarations.map((d) => d.names), [
    ["K", "a", "c"],
    ["g"],
    ["M"],
    ["T"],
  ]);
  assert.deepEqual([...a.declarations[1].uses].sort(), ["K", "tf"]);
  assert.deepEqual([...a.declarations[2].uses], ["h"]);
  assert.ok(
    a.declarations[0].initializers,
    "f() runs: the declaration is guarded",
  );
  assert.equal(a.statements.length, 2);
  const broken = analyzeCell("function f() {\n  return 1 +;\n}");
  assert.equal(broken.syntaxErrors[0].line, 1);
});

Deno.test("exercise module: the notebook's earlier declarations it uses, transitively, and none of their statements", () => {
  const nb = cells(
    'import * as tf from "tf";\nimport { assertAllClose, VAE, imageGrid } from "../lib/mod.ts";\nimport * as reference from "../lib/vae/mod.ts";',
    "const SCALE = 0.5;\nconst UNUSED = train();\nfunction half(t: tf.Tensor) { return tf.mul(t, SCALE); }\nconsole.log('side effect');",
    "function klStandardNormal(mu: tf.Tensor, lv: tf.Tensor) { return reparameterize(mu, lv); }",
    "// EXERCISE: elbo\nfunction elboEstimate(x: tf.Tensor) { assertAllClose(x, x); return half(klStandardNormal(x, x)).add(gaussianLogLikelihood(x, x, x)); }\nconsole.log(VAE, imageGrid, reference.klGaussians);",
  );
  const all = [
    "klStandardNormal",
    "reparameterize",
    "gaussianLogLikelihood",
    "elboEstimate",
    "klGaussians",
  ];
  const spec = {
    cells: nb,
    exerciseCell: 3,
    functions: ["elboEstimate"],
    graded: new Set(all),
    references: new Map([["klStandardNormal", {
      file: `${REPO_ROOT}/lib/vae/distributions.ts`,
      name: "klStandardNormal",
    }]]),
  };
  const built = buildModule(spec);
  const src = built.source;
  assert.match(src, /const SCALE = 0\.5;/, "the constant the helper uses");
  assert.match(src, /function half\(/, "the helper");
  assert.doesNotMatch(
    src,
    /UNUSED|train\(\)|side effect/,
    "nothing the exercise does not use, no other cell's statements",
  );
  assert.match(
    src,
    /function klStandardNormal\(\s*mu: (?:tf\.)?Tensor,/,
    "the declared dependency's reference",
  );
  assert.doesNotMatch(
    src,
    /return reparameterize\(mu, lv\)/,
    "never the student's own version of another exercise's function",
  );
  assert.match(
    src,
    /const gaussianLogLikelihood = __vaelab_unavailable/,
    "an undeclared graded function is a stub",
  );
  assert.match(
    src,
    /import \{ "assertAllClose" as assertAllClose \} from "file:\/\/\/.*lib\/testing\/allclose\.ts"/,
  );
  assert.match(src, /const VAE = __vaelab_unavailable\("VAE", ".*lib\/vae/);
  assert.match(
    src,
    /const imageGrid = __vaelab_unavailable\("imageGrid", "las figuras/,
  );
  assert.match(
    src,
    /"klGaussians": __vaelab_m\d+/,
    "the reference namespace holds stubs",
  );
  assert.doesNotMatch(
    src,
    /import .* from "file:\/\/\/[^"]*lib\/vae\//,
    "no import of lib/vae, ever",
  );
  assert.equal(
    built.plain.split("\n").length,
    src.split("\n").length,
    "both variants keep the same lines",
  );
  assert.doesNotMatch(
    built.plain,
    /console\.log\(VAE/,
    "the plain variant drops the cell's statements",
  );
});

Deno.test("exercise module: another exercise's function it does not declare is the student's own, as the notebook runs it", () => {
  const nb = cells(
    'import * as tf from "tf";',
    "// EXERCISE: dense_encoder\nfunction buildDenseEncoder(i: number, h: number[], j: number) { return tf.sequential(); }\nconsole.log(buildDenseEncoder(1, [], 1));",
    "// EXERCISE: dense_decoder\nfunction buildDenseDecoder(j: number, h: number[], o: number) { return buildDenseEncoder(j, h, o / 2); }",
  );
  const built = buildModule({
    cells: nb,
    exerciseCell: 2,
    functions: ["buildDenseDecoder"],
    graded: new Set(["buildDenseEncoder", "buildDenseDecoder", "elboEstimate"]),
    references: new Map(),
  });
  assert.match(built.source, /function buildDenseEncoder\(i: number/);
  assert.doesNotMatch(
    built.source,
    /console\.log\(buildDenseEncoder/,
    "its cell's statements stay out",
  );
  assert.doesNotMatch(built.source, /__vaelab_ref/, "no reference at all");
});

Deno.test("imports: what each kind of name becomes", () => {
  const ctx = {
    graded: new Set(["klStandardNormal"]),
    dependencies: new Set<string>(),
  };
  assert.deepEqual(bindImport("../lib/mod.ts", "klStandardNormal", ctx), {
    kind: "stub",
    reason: REASONS.reference,
  });
  assert.deepEqual(bindImport("../lib/vae/mod.ts", "VAE", ctx), {
    kind: "stub",
    reason: REASONS.vae,
  });
  assert.equal(bindImport("vaelab", "seededRandom", ctx)?.kind, "import");
  assert.deepEqual(bindImport("https://example.com/x.ts", "x", ctx), {
    kind: "stub",
    reason: REASONS.remote,
  });
  assert.deepEqual(bindImport("../../etc/lib/x.ts", "x", ctx), {
    kind: "stub",
    reason: REASONS.remote,
  });
  assert.equal(bindImport("tf", "*", ctx)?.kind, "namespace");
  assert.equal(bindImport("../lib/mod.ts", "NoSuchThing", ctx)?.kind, "stub");
});

Deno.test("the sandbox may read the runtime and its modules only: no lib/vae, no grader code, no other permission", () => {
  const args = harnessArgs("/tmp/x/exercises", 2048);
  const reads = args.find((a) => a.startsWith("--allow-read="))!.slice(13)
    .split(",");
  for (const r of reads) {
    assert.ok(
      !r.endsWith("/lib") && !r.includes("lib/vae") &&
        !r.includes("lib/grading/labs") && !r.includes("solutions"),
      r,
    );
  }
  assert.ok(reads.includes(`${REPO_ROOT}/lib/grading/sandbox`));
  for (
    const flag of [
      "--allow-net",
      "--allow-env",
      "--allow-write",
      "--allow-run",
      "--allow-ffi",
      "--allow-sys",
      "-A",
      "--allow-all",
    ]
  ) {
    assert.ok(!args.some((a) => a.startsWith(flag)), flag);
  }
  assert.ok(
    args.includes("--no-prompt") && args.includes("--no-remote") &&
      args.includes("--cached-only"),
  );
});

async function release(lab: string): Promise<Notebook> {
  return await readNotebook(`notebooks/${lab}.ipynb`);
}

Deno.test("copy check: deleted, rewritten, moved and added cells are each named; the release itself is clean", async () => {
  const r = await release("lab1_elbo_dense_vae");
  assert.equal(compareWithRelease(r, r).broken, false);
  const s = structuredClone(r);
  const prompt = s.cells.findIndex((c) =>
    cellSource(c).includes("**b) (1 pto)**")
  );
  const [deleted] = s.cells.splice(prompt, 1);
  const check = s.cells.findIndex((c, i) =>
    i > 20 && c.cell_type === "code" && !exerciseIdOf(c) &&
    cellSource(c).includes("assert")
  );
  s.cells[check].source = toLines("// my own check\nconsole.log('ok');");
  const moved = s.cells.splice(5, 1)[0];
  s.cells.splice(12, 0, moved);
  s.cells.push({
    cell_type: "code",
    id: "scratch",
    metadata: {},
    source: "console.log('scratch')",
    outputs: [],
    execution_count: null,
  });
  const copy = compareWithRelease(s, r);
  assert.ok(
    copy.missing.some((c) => c.label.includes("b) (1 pto)")),
    JSON.stringify(copy.missing),
  );
  assert.ok(!copy.missing.some((c) => c.label === deleted.id));
  assert.equal(copy.modified.length, 1);
  assert.match(copy.modified[0].label, /^código «\/\/ my own check»/);
  assert.ok(copy.moved.length >= 1);
  assert.deepEqual(copy.added.map((c) => c.label), [
    "código «console.log('scratch')»",
  ]);
  assert.equal(copy.broken, true);
  assert.ok(
    copy.notes.some((n) => n.startsWith("Celdas del enunciado que faltan (1)")),
  );
});

Deno.test("copy check: a notebook of only the exercise cells, with no metadata, misses every given cell and its stamp", async () => {
  const r = await release("lab1_elbo_dense_vae");
  const bare: Notebook = {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: {},
    cells: r.cells.filter((c) => exerciseIdOf(c)).map((c) => ({
      cell_type: "code",
      metadata: {},
      source: cellSource(c),
      outputs: [],
      execution_count: null,
    })),
  };
  const copy = compareWithRelease(bare, r);
  assert.equal(copy.stamp, null);
  assert.equal(copy.missing.length, r.cells.length - bare.cells.length);
  assert.ok(copy.notes[0].includes("sello"));
});

Deno.test("--lab: a notebook of another lab gets 0 and a message naming both labs; --strict zeroes a broken copy", async () => {
  const report = await gradeNotebook("notebooks/lab2_conv_vae.ipynb", {
    lab: "lab1_elbo_dense_vae",
    mode: "check",
  });
  assert.equal(report.lab, "lab1_elbo_dense_vae");
  assert.equal(report.score, 0);
  assert.ok(
    report.problems[0].includes("lab2_conv_vae") &&
      report.problems[0].includes("lab1_elbo_dense_vae"),
    report.problems[0],
  );
  const dir = await Deno.makeTempDir();
  try {
    const master = await readNotebook("solutions/lab2_conv_vae.ipynb");
    const r = await release("lab2_conv_vae");
    master.metadata = r.metadata;
    master.cells.splice(
      master.cells.findIndex((c) => cellSource(c).startsWith("## ")),
      1,
    );
    await Deno.writeTextFile(
      `${dir}/lab2_conv_vae.ipynb`,
      formatNotebook(master),
    );
    const lenient = await gradeNotebook(`${dir}/lab2_conv_vae.ipynb`, {
      mode: "check",
    });
    assert.ok(lenient.score > 0 && lenient.copy!.broken && !lenient.strictZero);
    const strict = await gradeNotebook(`${dir}/lab2_conv_vae.ipynb`, {
      mode: "check",
      strict: true,
    });
    assert.equal(strict.score, 0);
    assert.match(strict.strictZero!, /faltan 1 celdas del enunciado/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("layer alignment names a missing or an extra layer instead of blaming the next one", () => {
  const dense = (units: number, activation = "relu") => ({
    className: "Dense",
    units,
    activation,
  });
  const plan = [dense(16), dense(8), dense(6, "linear")];
  assert.deepEqual(
    alignLayers([dense(16), dense(6, "linear")], plan).map((s) => s.kind),
    ["same", "missing", "same"],
  );
  assert.deepEqual(
    alignLayers([dense(16), dense(8), dense(4), dense(6, "linear")], plan).map((
      s,
    ) => s.kind),
    ["same", "same", "extra", "same"],
  );
  assert.deepEqual(
    alignLayers([dense(16), dense(8, "linear"), dense(6, "linear")], plan).map((
      s,
    ) => s.kind),
    ["same", "differs", "same"],
  );
});

Deno.test("the reference map is derived from the definitions: one reference per graded function", async () => {
  const map = await referenceMap();
  for (
    const name of [
      "klStandardNormal",
      "reparameterize",
      "gaussianLogLikelihood",
      "elboEstimate",
      "klGaussians",
      "mseReconstructionLoss",
      "buildConvEncoder",
    ]
  ) {
    assert.ok(map.get(name)?.file.startsWith(`${REPO_ROOT}/lib/`), name);
  }
});

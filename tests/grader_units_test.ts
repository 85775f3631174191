/**
 * The grader's parts on their own: the float64 expected values agree with
 * the reference implementation in lib/vae (two independent computations),
 * no known-wrong variant is mistaken for the right answer, notebook import
 * parsing and module generation, feedback wording, the sandbox's permission
 * flags, and the definitions' points against the master notebooks.
 */
import assert from "node:assert/strict";
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import { cellMark, exerciseIdOf } from "../lib/notebook/exercise.ts";
import { readNotebook } from "../lib/notebook/nbformat.ts";
import { seededRandom } from "../lib/random/mod.ts";
import { allClose } from "../lib/testing/allclose.ts";
import * as vae from "../lib/vae/mod.ts";
import { exercisePoints } from "../lib/grading/definitions.ts";
import {
  elbo64,
  gaussianLogLikelihood64,
  klGaussians64,
  klStandardNormal64,
  mseReconstructionLoss64,
  reparameterize64,
  type Variant,
} from "../lib/grading/expected.ts";
import { answerText, splitImports } from "../lib/grading/extract.ts";
import {
  compareOutput,
  explainError,
  NOT_IMPLEMENTED,
} from "../lib/grading/feedback.ts";
import { LABS, REPO_ROOT } from "../lib/grading/grade.ts";
import { type Array64, normal, uniform } from "../lib/grading/inputs.ts";
import {
  buildExerciseModule,
  REFERENCE_STUB_MESSAGE,
  rewriteSpecifier,
} from "../lib/grading/module_builder.ts";
import { sandboxArgs } from "../lib/grading/sandbox.ts";
import { wireTensor } from "../lib/grading/wire.ts";

await useBackend("cpu");

const t = (a: Array64) => tf.tensor(Float32Array.from(a.data), a.shape);
const close = (actual: tf.Tensor, expected: Array64, rtol = 1e-4) => {
  const r = allClose(actual.dataSync(), expected.data, { rtol, atol: 1e-4 });
  assert.ok(r.ok, r.message);
  assert.deepEqual(actual.shape, expected.shape);
};

function assertVariantsDistinct(expected: Array64, variants: Variant[]) {
  for (const v of variants) {
    if (v.value.shape.join() !== expected.shape.join()) continue;
    const r = allClose(v.value.data, expected.data, { rtol: 1e-4, atol: 1e-4 });
    assert.ok(
      !r.ok,
      `variant "${v.cause}" equals the right answer on these inputs`,
    );
  }
}

Deno.test("float64 expected values agree with lib/vae and differ from every wrong variant", () => {
  const rng = seededRandom(7);
  const mu = normal(rng, [5, 3]), logvar = uniform(rng, [5, 3], -2, 1.5);
  const kl = klStandardNormal64(mu, logvar);
  close(vae.klStandardNormal(t(mu), t(logvar)), kl.expected);
  assertVariantsDistinct(kl.expected, kl.variants);

  const x = normal(rng, [5, 4]),
    mean = normal(rng, [5, 4]),
    lv = uniform(rng, [5, 4], -1.5, 1.5);
  const gll = gaussianLogLikelihood64(x, mean, lv);
  close(vae.gaussianLogLikelihood(t(x), t(mean), t(lv)), gll.expected);
  assertVariantsDistinct(gll.expected, gll.variants);

  const eps = normal(rng, [2, 5, 3]);
  const rep = reparameterize64(mu, logvar, eps);
  close(vae.reparameterize(t(mu), t(logvar), t(eps)), rep.expected);
  assertVariantsDistinct(rep.expected, rep.variants);

  const sq = uniform(rng, [2, 3], 0.3, 2), sp = uniform(rng, [2, 3], 0.4, 1.8);
  const mq = normal(rng, [2, 3]), mp = normal(rng, [2, 3]);
  const klg = klGaussians64(mq, sq, mp, sp);
  close(vae.klGaussians(t(mq), t(sq), t(mp), t(sp)), klg.expected);
  assertVariantsDistinct(klg.expected, klg.variants);

  const img = uniform(rng, [3, 4, 4, 1], 0, 1),
    logits = normal(rng, [3, 4, 4, 1], 0, 2);
  const mse = mseReconstructionLoss64(img, logits);
  close(vae.mseReconstructionLoss(t(img), t(logits)), mse.expected);
  assertVariantsDistinct(mse.expected, mse.variants);

  const latent = 2, dim = 4, samples = 3;
  const xs = normal(rng, [5, dim]);
  const d = {
    w1: normal(rng, [latent, dim]),
    b1: normal(rng, [dim]),
    w2: normal(rng, [latent, dim], 0, 0.3),
    b2: uniform(rng, [dim], -1, 0.5),
  };
  const m2 = normal(rng, [5, latent]),
    lv2 = uniform(rng, [5, latent], -1.5, 0.5);
  const e3 = normal(rng, [samples, 5, latent]);
  const elbo = elbo64(xs, m2, lv2, d, e3);
  const decode = (z: tf.Tensor2D) => ({
    mean: tf.tanh(tf.matMul(z, t(d.w1) as tf.Tensor2D).add(t(d.b1))),
    logvar: tf.matMul(z, t(d.w2) as tf.Tensor2D).add(t(d.b2)),
  });
  close(
    vae.elboEstimate(t(xs), t(m2), t(lv2), decode, samples, t(e3)),
    elbo.expected,
    2e-4,
  );
  assertVariantsDistinct(elbo.expected, elbo.variants);
});

Deno.test("compareOutput: shape first, then counts, worst elements and a likely cause, in Spanish", () => {
  const rng = seededRandom(3);
  const mu = normal(rng, [4, 3]), logvar = uniform(rng, [4, 3], -2, 1);
  const { expected, variants } = klStandardNormal64(mu, logvar);
  const flipped = wireTensor([4], expected.data.map((v) => -v));
  const v = compareOutput(
    flipped,
    expected,
    { rtol: 1e-4, atol: 1e-4 },
    variants,
    "kl",
  );
  assert.equal(v.passed, false);
  assert.match(v.message, /^kl: 4 de 4 elementos difieren/);
  assert.match(v.message, /Diferencia máxima: absoluta .*, relativa 2/);
  assert.match(
    v.message,
    /Peores elementos \(índice: obtenido vs esperado\):\n {2}\[\d\]: /,
  );
  assert.match(v.message, /Causa probable: el signo está invertido\.$/);

  const wrongShape = compareOutput(
    wireTensor([4, 1], expected.data),
    expected,
    { rtol: 1e-4, atol: 1e-4 },
    variants,
  );
  assert.match(
    wrongShape.message,
    /forma incorrecta: \[4, 1\], se esperaba \[4\]/,
  );
  assert.match(wrongShape.message, /Causa probable: sobra una dimensión/);

  const ints = compareOutput(
    wireTensor([4], expected.data, "int32"),
    expected,
    { rtol: 1e-4, atol: 1e-4 },
  );
  assert.match(ints.message, /tipo int32, se esperaba float32/);

  const none = compareOutput(
    { t: "other", type: "undefined", text: "" },
    expected,
    { rtol: 1e-4, atol: 1e-4 },
  );
  assert.match(none.message, /undefined \(¿falta un `return`\?\)/);

  assert.equal(
    compareOutput(wireTensor([4], expected.data), expected, {
      rtol: 1e-4,
      atol: 1e-4,
    }).passed,
    true,
  );
  assert.equal(
    explainError({
      name: "Error",
      message: "TODO: kl_standard_normal: devuelve…",
    }, "f"),
    NOT_IMPLEMENTED,
  );
});

Deno.test("import statements are parsed, and cells keep their line numbers", () => {
  const src = [
    "// EXERCISE: x",
    'import * as tf from "tf";',
    "import {",
    "  loadMnist,",
    "  klStandardNormal as ref,",
    "  type VAEConfig,",
    '} from "../lib/mod.ts";',
    'import def from "npm:foo";',
    'import type { T } from "./t.ts";',
    "const a = 1;",
  ].join("\n");
  const { imports, body } = splitImports(src);
  assert.equal(body.split("\n").length, src.split("\n").length);
  assert.equal(imports.length, 4);
  assert.deepEqual(imports[0], {
    specifier: "tf",
    typeOnly: false,
    namespaceLocal: "tf",
    named: [],
  });
  assert.deepEqual(imports[1].named, [
    { imported: "loadMnist", local: "loadMnist" },
    { imported: "klStandardNormal", local: "ref" },
  ]);
  assert.equal(imports[2].defaultLocal, "def");
  assert.equal(imports[3].typeOnly, true);
  assert.equal(rewriteSpecifier("vaelab", "/r"), "file:///r/lib/mod.ts");
  assert.equal(
    rewriteSpecifier("../../lib/vae/mod.ts", "/r"),
    "file:///r/lib/vae/mod.ts",
  );
  assert.equal(rewriteSpecifier("./helpers.ts", "/r"), undefined);
});

Deno.test("exercise modules: only used imports, reference dependencies, stubs for reference functions", () => {
  const { imports } = splitImports(
    'import * as tf from "tf";\nimport { loadMnist, klStandardNormal as ref } from "../lib/mod.ts";\nimport * as lib from "../lib/mod.ts";',
  );
  const body =
    "// EXERCISE: elbo\nfunction elboEstimate() { return ref(lib.reparameterize, klStandardNormal, tf); }\n";
  const { source, headerLines } = buildExerciseModule({
    cell: { id: "elbo", cellIndex: 3, body, source: body },
    exports: ["elboEstimate"],
    dependencies: [{
      name: "klStandardNormal",
      module: "lib/vae/distributions.ts",
    }],
    gradedNames: ["klStandardNormal", "reparameterize", "elboEstimate"],
    imports,
    repoRoot: "/r",
  });
  assert.match(
    source,
    /import \{ klStandardNormal as __vaelab_ref_0 \} from "file:\/\/\/r\/lib\/vae\/distributions\.ts";/,
  );
  assert.match(source, /import \* as tf from "tf";/);
  assert.doesNotMatch(source, /loadMnist/, "unused imports are left out");
  assert.ok(
    source.includes(
      `const ref = (..._args: unknown[]): never => { throw new Error("klStandardNormal: ${REFERENCE_STUB_MESSAGE}"); };`,
    ),
  );
  assert.match(
    source,
    /const lib = \{ \.\.\.__vaelab_ns_2, "klStandardNormal": .*"reparameterize": /,
  );
  assert.match(
    source,
    /export const __vaelab_fns = \{ "elboEstimate": typeof elboEstimate === "function" \? elboEstimate : undefined \};/,
  );
  assert.equal(
    source.split("\n")[headerLines],
    "// EXERCISE: elbo",
    "headerLines points at the cell's first line",
  );
});

Deno.test("the sandbox has no network, env, write, run, ffi or sys permission and reads only what tf needs", () => {
  const args = sandboxArgs("/tmp/mods", { repoRoot: "/r" });
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
    assert.ok(
      !args.some((a) => a.startsWith(flag)),
      `${flag} must not be granted`,
    );
  }
  assert.ok(args.includes("--allow-read=/tmp/mods,/r/node_modules,/r/lib"));
  assert.ok(args.includes("--deny-read=/r/lib/grading"));
  assert.ok(
    args.includes("--no-prompt") && args.includes("--no-remote") &&
      args.includes("--cached-only"),
  );
  assert.ok(args.some((a) => /^--v8-flags=--max-old-space-size=\d+$/.test(a)));
});

Deno.test("theory answers: the prompt or a bare title is not an answer", () => {
  assert.equal(
    answerText(
      "<!-- ANSWER: p1 -->\n**Respuesta P1 a)**\n\n_Escribe aquí tu respuesta._\n",
    ),
    "",
  );
  assert.equal(
    answerText(
      "<!-- ANSWER: p1 -->\n**Respuesta P1 a)**\n\nPorque la KL ≥ 0.\n",
    ),
    "Porque la KL ≥ 0.",
  );
});

for (const lab of LABS) {
  Deno.test(`${lab.id}: definitions match the master notebook (ids, points, hints)`, async () => {
    const path = `${REPO_ROOT}/solutions/${lab.id}.ipynb`;
    let nb;
    try {
      nb = await readNotebook(path);
    } catch {
      return; // master notebook not written yet
    }
    const inNotebook = new Map<string, number>();
    for (const cell of nb.cells) {
      const id = exerciseIdOf(cell);
      if (id) inNotebook.set(id, cellMark(cell).points ?? NaN);
    }
    assert.deepEqual(
      [...inNotebook.keys()].sort(),
      lab.exercises.map((e) => e.id).sort(),
    );
    for (const e of lab.exercises) {
      assert.equal(exercisePoints(e), inNotebook.get(e.id), `${e.id} points`);
      assert.ok(
        e.tests.some((x) => !x.hidden) && e.tests.some((x) => x.hidden),
        `${e.id}: public and hidden tests`,
      );
      for (const x of e.tests) {
        assert.ok(
          x.hint.length > 20,
          `${e.id}/${x.name} needs an authored hint`,
        );
      }
    }
  });
}

Deno.test("reports escape student-controlled text: HTML tags, CSV formulas", async () => {
  const { reportHtml } = await import("../lib/grading/report_html.ts");
  const { gradesCsv } = await import("../lib/grading/report_csv.ts");
  const { reportMarkdown } = await import("../lib/grading/report_markdown.ts");
  const report = {
    notebook: "x/<img src=x onerror=alert(1)>.ipynb",
    student: '=HYPERLINK("http://evil")',
    lab: "lab1_elbo_dense_vae",
    labTitle: "Laboratorio 1",
    mode: "check" as const,
    score: 0.5,
    maxScore: 1,
    problems: [],
    exercises: [{
      id: "kl_standard_normal",
      title: "KL",
      points: 0.5,
      maxPoints: 1,
      messages: ["<script>alert(1)</script>"],
      tests: [
        {
          name: "a",
          hidden: false,
          points: 0.5,
          maxPoints: 0.5,
          passed: true,
          message: "",
        },
        {
          name: "b",
          hidden: false,
          points: 0,
          maxPoints: 0.5,
          passed: false,
          message: "```\n</pre><b>x</b>",
        },
      ],
      hiddenNotRun: 1,
      hiddenPointsNotRun: 0.5,
    }],
    answers: [{ id: "p1a", answered: false, manualPoints: 1.5, bonus: false }],
    seed: 1,
    durationMs: 1,
  };
  const html = reportHtml(report);
  assert.doesNotMatch(html, /<script>|<img|<b>x/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const csv = gradesCsv([report]);
  assert.match(
    csv,
    /^"'=HYPERLINK\(""http:\/\/evil""\)",lab1_elbo_dense_vae,0\.5,0\.5,1,no,,/m,
  );
  const md = reportMarkdown(report);
  assert.match(
    md,
    /Hay 1 pruebas ocultas \(0\.5 puntos\) que no se ejecutan aquí/,
  );
  assert.match(
    md,
    /\| p1a \| sin responder \(queda el texto de ejemplo\) \| 1\.5 \|/,
  );
  assert.doesNotMatch(
    md.split("```text")[1],
    /```\n<\/pre>/,
    "a fence inside a message cannot close the block",
  );
});

Deno.test("model plans (params, layers) agree with the reference builders in lib/vae", async () => {
  const { densePlan } = await import("../lib/grading/lab1.ts");
  const { encoderPlan, decoderPlan } = await import("../lib/grading/lab2.ts");
  const { checkStructure } = await import("../lib/grading/models.ts");
  const cases: [tf.LayersModel, ReturnType<typeof densePlan>][] = [
    [vae.buildDenseEncoder(20, [16, 8], 3), densePlan(20, [16, 8], 6)],
    [vae.buildDenseDecoder(3, [8], 20), densePlan(3, [8], 40)],
    [vae.buildDenseEncoder(7, [], 2), densePlan(7, [], 4)],
    [vae.buildConvEncoder(5), encoderPlan(5)],
    [vae.buildConvDecoder(4), decoderPlan(4)],
  ];
  for (const [model, plan] of cases) {
    const verdict = checkStructure(model, plan, model.name);
    assert.ok(verdict.passed, verdict.message);
    model.dispose();
  }
  const wrong = vae.buildConvEncoder(5);
  assert.match(
    checkStructure(wrong, encoderPlan(6), "enc").message,
    /salida \[B, 10\], se esperaba \[B, 12\]/,
  );
});

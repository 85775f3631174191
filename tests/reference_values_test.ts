/**
 * The library's VAE math against independent reference values computed by
 * PyTorch in float64 (tests/fixtures/make_torch_reference.py, which writes
 * tests/fixtures/torch_reference.json), on both the cpu and wasm backends.
 *
 * Tolerance: rtol = 1e-5 (the project's requirement) and atol = 1e-6.
 * The inputs are exactly representable in float32, so the only error is
 * float32 arithmetic (unit round-off u = 2⁻²⁴ ≈ 6e-8): measured worst
 * relative errors are ~1e-7 on cpu and ~9e-7 on wasm (784-term sums), well
 * inside rtol. atol only matters where the exact value is 0 or tiny (KL of
 * q = p, log-likelihood terms at logits ±80); there the cancelling terms are
 * O(1), so float32 leaves a few ulps of 1 (≤ ~2e-7) and 1e-6 gives ~5×
 * headroom without hiding real errors: a wrong formula (a missing ½ or log 2π,
 * a sign, an unstable log(sigmoid)) misses by orders of magnitude more (see
 * the last tests, which show the fixture rejects such implementations).
 */
import { fileURLToPath } from "node:url";
import * as tf from "tf";
import { useBackend } from "../lib/backend/mod.ts";
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  allClose,
  assertAllClose,
  type NumericLike,
} from "../lib/testing/mod.ts";
import {
  bernoulliLogLikelihood,
  elboEstimate,
  elboMonteCarlo,
  gaussianLogLikelihood,
  klGaussians,
  klStandardNormal,
  mseReconstructionLoss,
  reparameterize,
} from "../lib/vae/mod.ts";

const RTOL = 1e-5;
const ATOL = 1e-6;

interface Encoded {
  shape: number[];
  data: number[];
}
interface Case {
  inputs: Record<string, Encoded>;
  expected: Encoded;
  [extra: string]: unknown;
}
interface Fixture {
  generator: string;
  torch_version: string;
  cases: Record<string, Case>;
}

const fixture: Fixture = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/torch_reference.json", import.meta.url),
  ),
);

function tensorOf(e: Encoded): tf.Tensor {
  return tf.tensor(Float32Array.from(e.data), e.shape, "float32");
}

/** Flat float64 data and a shape → nested arrays (keeps the reference in float64). */
function nest(data: number[], shape: number[]): NumericLike {
  if (shape.length === 0) return data[0];
  if (shape.length === 1) return data.slice();
  const step = data.length / shape[0];
  return Array.from(
    { length: shape[0] },
    (_, i) => nest(data.slice(i * step, (i + 1) * step), shape.slice(1)),
  );
}

const reported: string[] = [];

/**
 * Registers one test per backend comparing `compute(inputs)` with the
 * fixture's float64 reference (`expected`, or another stored output).
 */
function check(
  name: string,
  compute: (t: Record<string, tf.Tensor>, c: Case) => tf.Tensor,
  expectedKey = "expected",
  label = "",
) {
  const c = fixture.cases[name];
  if (!c) throw new Error(`fixture has no case "${name}"; regenerate it`);
  const want = c[expectedKey] as Encoded;
  for (const backend of ["cpu", "wasm"] as const) {
    const what = expectedKey === "expected" ? "" : ` (${expectedKey})`;
    Deno.test(`torch reference: ${name}${what}${label} on ${backend}`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const inputs: Record<string, tf.Tensor> = {};
      for (const [k, v] of Object.entries(c.inputs)) inputs[k] = tensorOf(v);
      const actual = compute(inputs, c);
      try {
        const opts = { rtol: RTOL, atol: ATOL };
        const r = allClose(actual, nest(want.data, want.shape), opts);
        reported.push(
          `${name}/${expectedKey}${label} ${backend}: max abs ${
            r.maxAbsDiff.toExponential(2)
          }, max rel ${r.maxRelDiff.toExponential(2)}`,
        );
        assertAllClose(actual, nest(want.data, want.shape), opts);
      } finally {
        tf.dispose([actual, ...Object.values(inputs)]);
      }
      // The library functions must not leak intermediate tensors.
      assertEquals(tf.memory().numTensors, before, "tensor leak");
    });
  }
}

const as2 = (t: tf.Tensor) => t as tf.Tensor2D;

check("kl_standard_normal", (t) => klStandardNormal(as2(t.mu), as2(t.logvar)));
check("kl_gaussians", (t) => klGaussians(t.muQ, t.sigmaQ, t.muP, t.sigmaP));
for (
  const name of [
    "gaussian_log_likelihood_small",
    "gaussian_log_likelihood_mnist",
  ]
) {
  check(
    name,
    (t) => gaussianLogLikelihood(as2(t.x), as2(t.mean), as2(t.logvar)),
  );
}
for (
  const name of [
    "bernoulli_extreme_logits",
    "bernoulli_extreme_logits_gray_x",
    "bernoulli_mnist",
  ]
) {
  check(name, (t) => bernoulliLogLikelihood(t.x, t.logits));
  check(
    name,
    (t) => bernoulliLogLikelihood(t.x, t.logits),
    "expected_bernoulli_log_prob",
  );
}
// Image-shaped inputs [B, 28, 28, 1] must give the same per-example sums.
check(
  "bernoulli_mnist",
  (t) =>
    tf.tidy(() =>
      bernoulliLogLikelihood(
        t.x.reshape([-1, 28, 28, 1]),
        t.logits.reshape([-1, 28, 28, 1]),
      )
    ),
  "expected",
  " [B,28,28,1]",
);
check("reparameterize", (t) => reparameterize(as2(t.mu), as2(t.logvar), t.eps));
check(
  "reparameterize_L",
  (t) => reparameterize(as2(t.mu), as2(t.logvar), t.eps),
);

/** The fixture's linear Gaussian decoder: mean = z Wm + bm, logvar = z Wv + bv. */
function linearDecoder(t: Record<string, tf.Tensor>) {
  return (z: tf.Tensor2D) => ({
    mean: tf.matMul(z, as2(t.Wm)).add(t.bm) as tf.Tensor2D,
    logvar: tf.matMul(z, as2(t.Wv)).add(t.bv) as tf.Tensor2D,
  });
}
check("elbo_estimate", (t, c) =>
  elboEstimate(
    as2(t.x),
    as2(t.mu),
    as2(t.logvar),
    linearDecoder(t),
    c.samples as number,
    t.eps as tf.Tensor3D,
  ));
check(
  "elbo_monte_carlo_bernoulli",
  (t) => elboMonteCarlo(t.x, t.mu, t.logvar, t.z, t.logits, "bernoulli"),
);
check("elbo_monte_carlo_gaussian", (t) =>
  elboMonteCarlo(
    t.x,
    t.mu,
    t.logvar,
    t.z,
    { mean: t.mean, logvar: t.decoder_logvar },
    "gaussian",
  ));
check(
  "elbo_estimate",
  (t) => klStandardNormal(as2(t.mu), as2(t.logvar)),
  "expected_kl",
);
check("mse_reconstruction_loss", (t) => mseReconstructionLoss(t.x, t.logits));
// Image-shaped inputs again.
check(
  "mse_reconstruction_loss",
  (t) =>
    tf.tidy(() =>
      mseReconstructionLoss(
        t.x.reshape([-1, 28, 28, 1]),
        t.logits.reshape([-1, 28, 28, 1]),
      )
    ),
  "expected",
  " [B,28,28,1]",
);

Deno.test("torch reference: the fixture rejects wrong or unstable formulas", async () => {
  await useBackend("cpu");
  const fails = (
    name: string,
    f: (t: Record<string, tf.Tensor>) => tf.Tensor,
  ) => {
    const c = fixture.cases[name];
    const r = tf.tidy(() => {
      const t: Record<string, tf.Tensor> = {};
      for (const [k, v] of Object.entries(c.inputs)) t[k] = tensorOf(v);
      return f(t);
    });
    const res = allClose(r, nest(c.expected.data, c.expected.shape), {
      rtol: RTOL,
      atol: ATOL,
    });
    r.dispose();
    assertEquals(res.ok, false, `${name}: a wrong implementation passed`);
  };
  // log(sigmoid(l)) and log(1 − sigmoid(l)): −Infinity at logits ±80 in float32.
  fails("bernoulli_extreme_logits", (t) => {
    const p = tf.sigmoid(t.logits);
    return tf.sum(
      t.x.mul(tf.log(p)).add(tf.sub(1, t.x).mul(tf.log(tf.sub(1, p)))),
      1,
    );
  });
  // KL without the factor ½.
  fails(
    "kl_standard_normal",
    (t) =>
      tf.sum(tf.exp(t.logvar).add(tf.square(t.mu)).sub(1).sub(t.logvar), 1),
  );
  // Gaussian log-likelihood without the −½ log 2π constant.
  fails(
    "gaussian_log_likelihood_small",
    (t) =>
      tf.sum(
        tf.squaredDifference(t.x, t.mean).mul(tf.exp(tf.neg(t.logvar))).add(
          t.logvar,
        ).mul(-0.5),
        1,
      ),
  );
  // σ = exp(logvar) instead of exp(logvar / 2).
  fails("reparameterize", (t) => t.mu.add(tf.exp(t.logvar).mul(t.eps)));
});

Deno.test("torch reference: the fixture is the one the generator writes", () => {
  // Guards against hand edits: metadata and every case the generator makes.
  assertEquals(fixture.generator, "tests/fixtures/make_torch_reference.py");
  assertEquals(Object.keys(fixture.cases).length, 13);
  if (Deno.env.get("VAELAB_REPORT_REFERENCE")) console.log(reported.join("\n"));
});

/** The Python that has PyTorch (Debian's python3-torch), or undefined. */
async function pythonWithTorch(): Promise<string | undefined> {
  for (const python of ["/usr/bin/python3", "python3"]) {
    try {
      const { success } = await new Deno.Command(python, {
        args: ["-c", "import torch"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (success) return python;
    } catch {
      // not installed: try the next one
    }
  }
  return undefined;
}

const python = await pythonWithTorch();

Deno.test({
  name: "torch reference: regenerating the fixture reproduces it byte for byte",
  ignore: python === undefined, // CI machines without PyTorch use the committed file
  async fn() {
    const out = await Deno.makeTempFile({ suffix: ".json" });
    try {
      const script = new URL(
        "./fixtures/make_torch_reference.py",
        import.meta.url,
      );
      const { success, stderr } = await new Deno.Command(python!, {
        args: [fileURLToPath(script), "--out", out],
        stdout: "null",
      }).output();
      assertEquals(success, true, new TextDecoder().decode(stderr));
      const committed = await Deno.readTextFile(
        new URL("./fixtures/torch_reference.json", import.meta.url),
      );
      assertEquals(
        await Deno.readTextFile(out) === committed,
        true,
        "regenerated fixture differs from the committed one",
      );
    } finally {
      await Deno.remove(out);
    }
  },
});

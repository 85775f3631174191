/**
 * The exercise definitions against the kit, derived from the definitions
 * themselves (nothing here is written per exercise): every exercise cell of
 * every release has its definition file and every definition file its cell;
 * every value test's float64 oracle agrees with the reference in `lib/` on
 * the test's own inputs (several seeds) and differs from each wrong variant
 * it names; every model test's plan is met by the reference builder, and
 * the reference builder trains.
 */
import assert from "node:assert/strict";
import * as tf from "tf";
import { allClose } from "../lib/testing/mod.ts";
import { labIds, loadLab } from "../lib/grading/engine/labs.ts";
import { REPO_ROOT } from "../lib/grading/engine/run_sandbox.ts";
import {
  checkStructure,
  checkTrains,
  type ModelPlan,
} from "../lib/grading/checks/model.ts";
import type { ValueCase } from "../lib/grading/checks/value.ts";
import { summarizeTopology } from "../lib/grading/sandbox/model_summary.ts";
import { type Arg, tensorData } from "../lib/grading/sandbox/protocol.ts";
import { seededRandom } from "../lib/random/mod.ts";

await tf.setBackend("cpu");

function toArg(arg: Arg): unknown {
  switch (arg.t) {
    case "tensor":
      return tf.tensor(tensorData(arg), arg.shape, arg.dtype);
    case "decoder": {
      const t = (a: Arg) => toArg(a) as tf.Tensor;
      const [w1, b1, w2, b2] = [t(arg.w1), t(arg.b1), t(arg.w2), t(arg.b2)];
      return (z: tf.Tensor2D) => {
        const h = tf.matMul(z, w1 as tf.Tensor2D).add(b1);
        return {
          mean: arg.activation === "tanh" ? tf.tanh(h) : h,
          logvar: tf.matMul(z, w2 as tf.Tensor2D).add(b2),
        };
      };
    }
    case "json":
      return arg.v;
    case "undefined":
      return undefined;
  }
}

async function reference(
  file: string,
  name: string,
): Promise<(...a: unknown[]) => unknown> {
  const module = await import(new URL(`file://${REPO_ROOT}/${file}`).href);
  assert.equal(
    typeof module[name],
    "function",
    `${file} exports no function ${name}`,
  );
  return module[name];
}

for (const id of labIds()) {
  Deno.test(`${id}: every exercise cell has its definition, and every definition its cell`, async () => {
    const lab = await loadLab(id);
    const defined = lab.exercises.map((e) => e.definition.id);
    assert.equal(
      new Set(defined).size,
      defined.length,
      "an exercise appears twice in the release",
    );
    const files = [...Deno.readDirSync(`${REPO_ROOT}/lib/grading/labs/${id}`)]
      .map((e) => e.name.replace(/\.ts$/, ""));
    for (const file of files) {
      const module = await import(
        new URL(`file://${REPO_ROOT}/lib/grading/labs/${id}/${file}.ts`).href
      );
      if (module.default?.id) {
        assert.ok(
          defined.includes(module.default.id),
          `${file}.ts defines ${module.default.id}, which the release has no cell for`,
        );
      }
    }
    for (const e of lab.exercises) {
      assert.ok(
        e.points > 0,
        `${e.definition.id} has no points in the master's metadata`,
      );
      const sum = e.testPoints.reduce((s, p) => s + p, 0);
      assert.ok(
        Math.abs(sum - e.points) < 1e-9,
        `${e.definition.id}: test points add up to ${sum}`,
      );
      for (const dep of e.definition.dependencies) {
        assert.ok(
          (await Promise.all(labIds().map(loadLab))).some((l) =>
            l.exercises.some((x) => x.definition.functions[0] === dep)
          ),
          `${e.definition.id} depends on ${dep}, which no exercise grades`,
        );
      }
    }
  });

  Deno.test(`${id}: every oracle agrees with its reference in lib/ and differs from its wrong variants`, async () => {
    const lab = await loadLab(id);
    for (const { definition } of lab.exercises) {
      const ref = await reference(
        definition.reference.file,
        definition.reference.name,
      );
      for (const test of definition.tests) {
        const cases = (test as {
          cases?: (rng: ReturnType<typeof seededRandom>) => ValueCase[];
        }).cases;
        if (!cases) continue;
        // Each variant must differ from the expected value somewhere (it may
        // coincide on a degenerate case, e.g. a mean over one dimension).
        const differs = new Map<string, boolean>();
        for (const seed of [1, 2, 3, test.seed ?? 4]) {
          for (const c of cases(seededRandom(seed))) {
            const got = tf.tidy(() =>
              (ref(...c.args.map(toArg)) as tf.Tensor).dataSync()
            );
            const r = allClose(Float64Array.from(got), c.expected.data, c.tol);
            assert.ok(
              r.ok,
              `${definition.id} / ${test.name} (seed ${seed}): the oracle and lib's ${definition.reference.name} disagree: ${r.message}`,
            );
            for (const v of c.variants ?? []) {
              const same = v.value.shape.join() === c.expected.shape.join() &&
                allClose(v.value.data, c.expected.data, {
                  rtol: 1e-4,
                  atol: 1e-4,
                }).ok;
              differs.set(v.cause, (differs.get(v.cause) ?? false) || !same);
            }
          }
        }
        for (const [cause, yes] of differs) {
          assert.ok(
            yes,
            `${definition.id} / ${test.name}: the variant "${cause}" always equals the expected value`,
          );
        }
      }
    }
  });

  Deno.test(`${id}: every model plan is met by the reference builder, which also trains`, async () => {
    const lab = await loadLab(id);
    for (const { definition } of lab.exercises) {
      const ref = await reference(
        definition.reference.file,
        definition.reference.name,
      );
      for (const test of definition.tests) {
        const spec = test as {
          build?: (
            rng: ReturnType<typeof seededRandom>,
          ) => { args: unknown[]; plan: ModelPlan };
          args?: unknown[];
        };
        const measure = async (args: unknown[], gradients: boolean) => {
          const model = ref(...args) as tf.LayersModel;
          const summary = await summarizeTopology(
            JSON.stringify(model.toJSON(null, false)),
            { seed: 5, batch: 4, gradients },
          );
          model.dispose();
          return summary;
        };
        if (spec.build) {
          for (const seed of [1, 2, 3]) {
            const { args, plan } = spec.build(seededRandom(seed));
            const verdict = checkStructure(
              await measure(args, false),
              plan,
              `${definition.reference.name}(${JSON.stringify(args)})`,
            );
            assert.ok(
              verdict.passed,
              `${definition.id} / ${test.name}: ${verdict.message}`,
            );
          }
        } else if (spec.args) {
          const verdict = checkTrains(
            await measure(spec.args, true),
            definition.reference.name,
          );
          assert.ok(
            verdict.passed,
            `${definition.id} / ${test.name}: ${verdict.message}`,
          );
        }
      }
    }
  });
}

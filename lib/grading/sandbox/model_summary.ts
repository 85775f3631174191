/**
 * What the probe realm measures of a model, as plain functions: a
 * topology's size guard, seeded initializers, each layer's settings, and
 * the gradient of a random linear functional of the output with respect to
 * every trainable weight. (Also used by the kit's tests on the reference
 * builders, so plans and references are checked by the same code.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as tf from "tf";
 * import { summarizeTopology } from "./model_summary.ts";
 * const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * const s = await summarizeTopology(JSON.stringify(m.toJSON(null, false)), { seed: 1, batch: 2, gradients: true });
 * assert.equal(s.params, 8);
 * assert.ok(s.gradients.every((g) => g.norm > 0));
 * ```
 * @module
 */
import * as tf from "tf";
import type {
  GradientSummary,
  LayerSummary,
  ModelProbe,
  ModelSummary,
} from "./protocol.ts";

/** Gives every initializer of the topology a seed, so the rebuild is reproducible. */
function seedInitializers(node: unknown, seed: { next: number }): void {
  if (Array.isArray(node)) {
    for (const item of node) seedInitializers(item, seed);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (
      key.endsWith("initializer") && typeof value === "object" &&
      value !== null
    ) {
      const config = (value as { config?: Record<string, unknown> }).config;
      if (config && "seed" in config) config.seed = seed.next++;
    }
    seedInitializers(value, seed);
  }
}

const asList = (v: unknown): number[] | undefined =>
  v === undefined
    ? undefined
    : (Array.isArray(v) ? v : [v]).filter((x) => typeof x === "number");

function layerSummary(layer: tf.layers.Layer): LayerSummary {
  const config = layer.getConfig() as Record<string, unknown>;
  const out: LayerSummary = {
    className: layer.getClassName(),
    name: layer.name,
    trainable: layer.trainable,
    params: layer.countParams(),
  };
  if (typeof config.units === "number") out.units = config.units;
  if (typeof config.filters === "number") out.filters = config.filters;
  if (config.kernelSize !== undefined) {
    out.kernelSize = asList(config.kernelSize);
  }
  if (config.strides !== undefined) out.strides = asList(config.strides);
  if (config.poolSize !== undefined) out.poolSize = asList(config.poolSize);
  if (typeof config.padding === "string") out.padding = config.padding;
  if (config.activation !== undefined) {
    out.activation = String(config.activation);
  }
  if (Array.isArray(config.targetShape)) {
    out.targetShape = asList(config.targetShape);
  }
  if (typeof config.useBias === "boolean") out.useBias = config.useBias;
  if (layer.getClassName() === "ReLU") out.activation = "relu";
  return out;
}

function seededNormal(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, "float32", seed);
}

function measure(
  model: tf.LayersModel,
  probe: ModelProbe,
): Pick<ModelSummary, "gradients" | "outputVaries" | "outputFinite"> {
  const shape = model.inputs[0].shape.map((d) => d ?? probe.batch);
  let out!: Pick<ModelSummary, "gradients" | "outputVaries" | "outputFinite">;
  tf.tidy(() => {
    const x = seededNormal(shape, probe.seed);
    const x2 = seededNormal(shape, probe.seed + 1);
    const y = model.apply(x) as tf.Tensor;
    const y2 = model.apply(x2) as tf.Tensor;
    const outputFinite = tf.all(tf.isFinite(y)).dataSync()[0] === 1;
    const varies = (a: tf.Tensor, b: tf.Tensor) =>
      tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] > 1e-7;
    let outputVaries = varies(y, y2);
    const r = seededNormal(y.shape, probe.seed + 2);
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const gradientNorms = () => {
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(model.apply(x) as tf.Tensor, r)) as tf.Scalar,
        weights,
      );
      return { grads, norms: weights.map((w) => tf.norm(grads[w.name])) };
    };
    const first = gradientNorms();
    let norms = first.norms.map((n) => n.dataSync()[0]);
    if (norms.some((n) => !(n > 0))) {
      // A layer initialised to zeros (a known choice for the last layer)
      // stops the gradient at the first step only: after one small step
      // of plain gradient descent it flows. Dead means dead after it too.
      for (const w of weights) {
        const g = first.grads[w.name];
        const n = tf.norm(g).dataSync()[0];
        if (n > 0 && Number.isFinite(n)) w.assign(w.sub(g.mul(0.1 / n)));
      }
      const again = gradientNorms().norms.map((n) => n.dataSync()[0]);
      norms = norms.map((n, i) => n > 0 && Number.isFinite(n) ? n : again[i]);
      // A zero last layer also gives a constant output before that step.
      outputVaries ||= varies(
        model.apply(x) as tf.Tensor,
        model.apply(x2) as tf.Tensor,
      );
    }
    const byName = new Map<string, string>();
    for (const layer of model.layers) {
      for (const w of layer.trainableWeights) byName.set(w.name, layer.name);
    }
    const gradients: GradientSummary[] = model.trainableWeights.map((w, i) => {
      const norm = norms[i];
      return {
        weight: w.name,
        layer: byName.get(w.name) ?? "",
        finite: Number.isFinite(norm),
        norm: Number.isFinite(norm) ? norm : 0,
      };
    });
    out = { gradients, outputVaries, outputFinite };
  });
  return out;
}

/**
 * The largest settings a model of these labs can sensibly have: anything
 * bigger is refused before it is built (a model is data, but building a
 * 64-million-weight layer is work the student did not earn).
 */
const LIMITS: Record<string, number> = {
  units: 4096,
  filters: 1024,
  kernel_size: 15,
  strides: 8,
  pool_size: 16,
};

/** Why a topology is too large to build, or undefined. */
function tooLarge(topology: unknown): string | undefined {
  let objects = 0;
  let problem: string | undefined;
  const walk = (node: unknown, depth: number): void => {
    if (problem) return;
    if (depth > 40) {
      problem = "la topología está anidada más de 40 niveles";
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    if (++objects > 5000) {
      problem = "la topología tiene más de 5000 objetos";
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const numbers = (Array.isArray(value) ? value : [value]).filter((v) =>
        typeof v === "number"
      ) as number[];
      if (key in LIMITS && numbers.some((v) => v > LIMITS[key])) {
        problem = `${key} = ${numbers.join(", ")} supera el máximo razonable (${
          LIMITS[key]
        })`;
        return;
      }
      if (
        (key === "batch_input_shape" || key === "target_shape" ||
          key === "batch_shape") &&
        numbers.reduce((a, b) => a * Math.max(1, b), 1) > 1_000_000
      ) {
        problem = `${key} = [${numbers.join(", ")}] es desmesurado`;
        return;
      }
      walk(value, depth + 1);
    }
  };
  walk(topology, 0);
  return problem;
}

/** Rebuilds a topology (seeded) and measures it; throws when it cannot. */
export async function summarizeTopology(
  topology: string,
  probe: ModelProbe,
): Promise<ModelSummary> {
  const parsed = JSON.parse(topology);
  const problem = tooLarge(parsed);
  if (problem) throw new Error(`el modelo es demasiado grande: ${problem}`);
  seedInitializers(parsed, { next: probe.seed * 7 + 1 });
  const model = await tf.models.modelFromJSON({ modelTopology: parsed });
  try {
    const layers = model.layers
      .filter((l) => l.getClassName() !== "InputLayer")
      .map(layerSummary);
    const trainableParams = model.trainableWeights.reduce(
      (s, w) => s + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
      0,
    );
    const base = {
      inputs: model.inputs.map((t) => [...t.shape]),
      outputs: model.outputs.map((t) => [...t.shape]),
      params: model.countParams(),
      trainableParams,
      layers,
    };
    const one = model.inputs.length === 1 && model.outputs.length === 1;
    return {
      ...base,
      ...(one && probe.gradients
        ? measure(model, probe)
        : { gradients: [], outputVaries: false, outputFinite: false }),
    };
  } finally {
    model.dispose();
  }
}

/**
 * Checks of the model-building exercises, done in the grader process on a
 * model rebuilt from the topology the sandbox returned (only tfjs's own
 * layer classes can be rebuilt, so no student code runs here): structure
 * (input/output shapes, parameter count, layer kinds and settings) and
 * behaviour (a few Adam steps on a fixed batch lower the loss).
 *
 * @module
 */
import * as tf from "tf";
import type { Verdict } from "./definitions.ts";
import type { SeededRandom } from "../random/mod.ts";
import { normal } from "./inputs.ts";
import { describeValue } from "./feedback.ts";
import type { WireValue } from "./wire.ts";

/** The expected settings of one layer (only the given fields are compared). */
export interface LayerPlan {
  className: string;
  units?: number;
  filters?: number;
  kernelSize?: number;
  strides?: number;
  padding?: "valid" | "same";
  activation?: string;
  targetShape?: number[];
}

/** The expected model. */
export interface ModelPlan {
  /** Input shape without the batch axis. */
  input: number[];
  /** Output shape without the batch axis. */
  output: number[];
  params: number;
  layers: LayerPlan[];
}

const LIMITS: Record<string, number> = {
  units: 8192,
  filters: 1024,
  kernel_size: 15,
  strides: 8,
};

/** Rejects topologies too large to rebuild safely (a denial of service). */
function checkTopologySize(topology: unknown): string | undefined {
  let layers = 0;
  let problem: string | undefined;
  const walk = (node: unknown, depth: number): void => {
    if (problem || depth > 40) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "class_name") layers++;
      const numbers = (Array.isArray(value) ? value : [value]).filter((v) =>
        typeof v === "number"
      ) as number[];
      if (key in LIMITS && numbers.some((v) => v > LIMITS[key])) {
        problem = `${key} = ${numbers.join(",")} supera el máximo razonable (${
          LIMITS[key]
        })`;
      }
      if (
        (key === "batch_input_shape" || key === "target_shape") &&
        numbers.reduce((a, b) => a * Math.max(1, b), 1) > 1_000_000
      ) {
        problem = `${key} = [${numbers.join(", ")}] es desmesurado`;
      }
      walk(value, depth + 1);
    }
  };
  walk(topology, 0);
  if (!problem && layers > 200) problem = `${layers} objetos en la topología`;
  return problem;
}

/** Rebuilds a returned model or explains why it cannot be checked. */
export async function rebuildModel(
  value: WireValue,
  fn: string,
  maxParams = 2_000_000,
): Promise<{ model?: tf.LayersModel; message?: string }> {
  if (value.t !== "model") {
    return {
      message:
        `${fn} debe devolver un tf.LayersModel (tf.sequential o tf.model) y devolvió ${
          describeValue(value)
        }.`,
    };
  }
  if (value.params !== undefined && !(value.params <= maxParams)) {
    return {
      message:
        `El modelo que devuelve ${fn} tiene ${value.params} parámetros; se esperaban como mucho ${maxParams} (revisa los tamaños de las capas).`,
    };
  }
  const tooBig = checkTopologySize(value.topology);
  if (tooBig) {
    return {
      message: `El modelo que devuelve ${fn} es demasiado grande: ${tooBig}.`,
    };
  }
  try {
    const model = await tf.models.modelFromJSON({
      modelTopology: value.topology as tf.io.ModelJSON["modelTopology"],
    });
    return { model };
  } catch (error) {
    return {
      message:
        `El modelo que devuelve ${fn} no se puede reconstruir con capas estándar de tf.layers (${
          (error as Error).message.slice(0, 200)
        }).`,
    };
  }
}

function pick(
  config: Record<string, unknown>,
  key: string,
): unknown {
  return config[key];
}

const first = (v: unknown) => Array.isArray(v) ? v[0] : v;

/** The layers of a model as plans (input layers dropped, activations merged). */
export function layerPlans(model: tf.LayersModel): LayerPlan[] {
  const plans: LayerPlan[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const config = layer.getConfig() as Record<string, unknown>;
    if (className === "InputLayer") continue;
    if (
      (className === "Activation" || className === "ReLU") &&
      plans.length > 0 &&
      (plans.at(-1)!.activation ?? "linear") === "linear"
    ) {
      plans.at(-1)!.activation = className === "ReLU"
        ? "relu"
        : String(pick(config, "activation"));
      continue;
    }
    const plan: LayerPlan = { className };
    if (config.units !== undefined) plan.units = Number(config.units);
    if (config.filters !== undefined) plan.filters = Number(config.filters);
    if (config.kernelSize !== undefined) {
      plan.kernelSize = Number(first(config.kernelSize));
    }
    if (config.strides !== undefined) {
      plan.strides = Number(first(config.strides));
    }
    if (config.padding !== undefined) {
      plan.padding = config.padding as "valid" | "same";
    }
    if (config.activation !== undefined) {
      plan.activation = String(config.activation);
    }
    if (config.targetShape !== undefined) {
      plan.targetShape = config.targetShape as number[];
    }
    plans.push(plan);
  }
  return plans;
}

function describeLayer(plan: LayerPlan, only?: LayerPlan): string {
  const keys = Object.keys(only ?? plan).filter((k) => k !== "className") as (
    keyof LayerPlan
  )[];
  const parts = keys.filter((k) => plan[k] !== undefined).map((k) =>
    `${k}=${Array.isArray(plan[k]) ? `[${plan[k]}]` : plan[k]}`
  );
  return `${plan.className}(${parts.join(", ")})`;
}

const shapeText = (shape: (number | null)[]) =>
  `[${shape.map((d) => d ?? "B").join(", ")}]`;

/** Compares a rebuilt model with the plan; all differences are listed. */
export function checkStructure(
  model: tf.LayersModel,
  plan: ModelPlan,
  fn: string,
): Verdict {
  const problems: string[] = [];
  const causes: string[] = [];
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    problems.push(
      `el modelo tiene ${model.inputs.length} entrada(s) y ${model.outputs.length} salida(s); se espera una de cada (μ y log σ² concatenados en un solo tensor)`,
    );
  } else {
    const input = model.inputs[0].shape;
    const output = model.outputs[0].shape;
    const wantIn = [null, ...plan.input], wantOut = [null, ...plan.output];
    if (input.join() !== wantIn.join()) {
      problems.push(
        `entrada ${shapeText(input)}, se esperaba ${shapeText(wantIn)}`,
      );
    }
    if (output.join() !== wantOut.join()) {
      problems.push(
        `salida ${shapeText(output)}, se esperaba ${shapeText(wantOut)}`,
      );
    }
  }
  const params = model.countParams();
  if (params !== plan.params) {
    problems.push(`${params} parámetros, se esperaban ${plan.params}`);
  }
  const actual = layerPlans(model);
  const n = Math.max(actual.length, plan.layers.length);
  for (let i = 0; i < n; i++) {
    const want = plan.layers[i], got = actual[i];
    if (!want) {
      problems.push(`sobra la capa ${i + 1}: ${describeLayer(got)}`);
      continue;
    }
    if (!got) {
      problems.push(`falta la capa ${i + 1}: ${describeLayer(want)}`);
      continue;
    }
    const differs = got.className !== want.className ||
      (Object.keys(want) as (keyof LayerPlan)[]).some((k) =>
        String(want[k]) !==
          String(got[k] ?? (k === "activation" ? "linear" : undefined))
      );
    if (differs) {
      problems.push(
        `capa ${i + 1}: ${describeLayer(got, want)}, se esperaba ${
          describeLayer(want)
        }`,
      );
      if (got.className === want.className) {
        if (
          want.activation === "linear" && got.activation !== "linear" &&
          i === plan.layers.length - 1
        ) {
          causes.push(
            "la última capa debe ser lineal (sin activación): sus salidas toman cualquier valor real",
          );
        } else if (want.activation && got.activation !== want.activation) {
          causes.push(
            `la capa ${i + 1} debe usar activación ${want.activation}`,
          );
        }
        if (want.padding && got.padding !== want.padding) {
          causes.push(`la capa ${i + 1} debe usar padding '${want.padding}'`);
        }
        if (want.strides && got.strides !== want.strides) {
          causes.push(`la capa ${i + 1} debe usar stride ${want.strides}`);
        }
      }
    }
  }
  if (problems.length === 0) return { passed: true, message: "" };
  return {
    passed: false,
    message: [
      `La arquitectura de ${fn} no coincide:`,
      ...problems.map((p) => `  - ${p}`),
      ...(causes.length ? [`Causa probable: ${causes.join("; ")}.`] : []),
    ].join("\n"),
  };
}

/**
 * Trains the model a few Adam steps to fit a fixed target (MSE) and passes
 * if the loss falls to less than half at some step.
 */
export function checkTrains(
  model: tf.LayersModel,
  rng: SeededRandom,
  fn: string,
  { batch = 8, steps = 10, learningRate = 0.005 } = {},
): Verdict {
  const inShape = model.inputs[0].shape.slice(1) as number[];
  if (model.trainableWeights.length === 0) {
    return {
      passed: false,
      message:
        `${fn}: el modelo no tiene pesos entrenables (¿trainable: false?).`,
    };
  }
  const xs = normal(rng, [batch, ...inShape]);
  const losses = tf.tidy(() => {
    const x = tf.tensor(Float32Array.from(xs.data), xs.shape);
    // Target: the initial outputs shifted by 1. Always reachable (through the
    // last layer's bias alone), so any trainable, connected model with a
    // linear output closes a good part of the gap in a few steps whatever
    // its random initialization.
    const y = tf.add(model.apply(x) as tf.Tensor, 1);
    const optimizer = tf.train.adam(learningRate);
    const out: number[] = [];
    for (let s = 0; s <= steps; s++) {
      const loss = optimizer.minimize(
        () =>
          tf.losses.meanSquaredError(
            y,
            model.apply(x) as tf.Tensor,
          ) as tf.Scalar,
        true,
      )!;
      out.push(loss.dataSync()[0]);
    }
    optimizer.dispose();
    return out;
  });
  const start = losses[0];
  // The best loss reached: wide layers may overshoot after a good first dip.
  const end = Math.min(...losses.slice(1));
  if (!Number.isFinite(end) || !(end < 0.5 * start)) {
    return {
      passed: false,
      message:
        `${fn}: tras ${steps} pasos de Adam (lr=${learningRate}) sobre un lote fijo la pérdida no baja ni a la mitad: ${
          start.toPrecision(4)
        } → ${
          end.toPrecision(4)
        }. ¿Hay alguna capa sin gradiente o una activación que satura?`,
    };
  }
  return { passed: true, message: "" };
}

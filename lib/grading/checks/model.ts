/**
 * Model tests, judged on the summary the sandbox's probe realm made of the
 * returned model: its structure (input and output shapes, parameter count,
 * layers aligned with the plan so that a missing or extra layer is named as
 * such) and whether it trains (the gradient of the output reaches every
 * trainable weight, finite and non-zero, from a seeded rebuild — a property
 * of the architecture, not of a lucky initialization).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { alignLayers } from "./model.ts";
 * const plan = [{ className: "Dense", units: 8 }, { className: "Dense", units: 2 }];
 * const steps = alignLayers([{ className: "Dense", units: 2 }], plan);
 * assert.deepEqual(steps.map((s) => s.kind), ["missing", "same"]);
 * ```
 * @module
 */
import type {
  GradientSummary,
  LayerSummary,
  ModelSummary,
  Value,
} from "../sandbox/protocol.ts";
import { describeValue, shapeText } from "../feedback/compare.ts";
import { fail, PASS, type TestSpec, type Verdict } from "./define.ts";
import { jsonArg } from "./inputs.ts";

/** The expected settings of one layer (only the given fields are compared). */
export interface LayerPlan {
  /** The tfjs class name, e.g. "Dense". */
  className: string;
  /** Dense units. */
  units?: number;
  /** Convolution filters. */
  filters?: number;
  /** Convolution kernel size (square). */
  kernelSize?: number;
  /** Convolution stride (same along both axes). */
  strides?: number;
  /** Pooling window (pooling layers). */
  poolSize?: number;
  /** Convolution padding. */
  padding?: "valid" | "same";
  /** Activation ("linear" when none). */
  activation?: string;
  /** Reshape's target shape. */
  targetShape?: number[];
}

/** The expected model. */
export interface ModelPlan {
  /** Input shape without the batch axis. */
  input: number[];
  /** Output shape without the batch axis. */
  output: number[];
  /** Total parameter count. */
  params: number;
  /** Its layers in order (input layers left out). */
  layers: LayerPlan[];
}

/** The summary's layers as plans: stand-alone activations merged into the layer before. */
export function layerPlans(layers: LayerSummary[]): LayerPlan[] {
  const plans: LayerPlan[] = [];
  for (const l of layers) {
    const previous = plans.at(-1);
    if (
      (l.className === "Activation" || l.className === "ReLU") && previous &&
      (previous.activation ?? "linear") === "linear"
    ) {
      previous.activation = l.activation ?? "linear";
      continue;
    }
    const plan: LayerPlan = { className: l.className };
    if (l.units !== undefined) plan.units = l.units;
    if (l.filters !== undefined) plan.filters = l.filters;
    if (l.kernelSize?.length) plan.kernelSize = l.kernelSize[0];
    if (l.poolSize?.length) plan.poolSize = l.poolSize[0];
    if (l.strides?.length) plan.strides = l.strides[0];
    if (l.padding === "valid" || l.padding === "same") plan.padding = l.padding;
    if (l.activation !== undefined) plan.activation = l.activation;
    if (l.targetShape) plan.targetShape = l.targetShape;
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

function differences(got: LayerPlan, want: LayerPlan): (keyof LayerPlan)[] {
  return (Object.keys(want) as (keyof LayerPlan)[]).filter((k) =>
    String(want[k]) !==
      String(got[k] ?? (k === "activation" ? "linear" : undefined))
  );
}

/** One step of the alignment of a model's layers with the plan. */
export type AlignStep =
  | { kind: "same"; got: LayerPlan; want: LayerPlan; at: number }
  | { kind: "differs"; got: LayerPlan; want: LayerPlan; at: number }
  | { kind: "missing"; want: LayerPlan; at: number }
  | { kind: "extra"; got: LayerPlan; at: number };

/**
 * Aligns the layers with the plan (an edit distance: a layer of another
 * kind costs more than a missing plus an extra one), so that the feedback
 * names a missing layer as missing instead of blaming the next one.
 */
export function alignLayers(got: LayerPlan[], want: LayerPlan[]): AlignStep[] {
  const n = got.length, m = want.length;
  const cost = (a: LayerPlan, b: LayerPlan) =>
    a.className !== b.className ? 3 : differences(a, b).length ? 1 : 0;
  const d = Array.from(
    { length: n + 1 },
    () => new Array<number>(m + 1).fill(0),
  );
  for (let i = 0; i <= n; i++) d[i][0] = i * 1.5;
  for (let j = 0; j <= m; j++) d[0][j] = j * 1.5;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[i][j] = Math.min(
        d[i - 1][j - 1] + cost(got[i - 1], want[j - 1]),
        d[i - 1][j] + 1.5,
        d[i][j - 1] + 1.5,
      );
    }
  }
  const steps: AlignStep[] = [];
  let i = n, j = m;
  while (i > 0 || j > 0) {
    if (
      i > 0 && j > 0 &&
      d[i][j] === d[i - 1][j - 1] + cost(got[i - 1], want[j - 1]) &&
      cost(got[i - 1], want[j - 1]) < 3
    ) {
      const same = cost(got[i - 1], want[j - 1]) === 0;
      steps.unshift({
        kind: same ? "same" : "differs",
        got: got[i - 1],
        want: want[j - 1],
        at: j,
      });
      i--, j--;
    } else if (j > 0 && (i === 0 || d[i][j] === d[i][j - 1] + 1.5)) {
      steps.unshift({ kind: "missing", want: want[j - 1], at: j });
      j--;
    } else {
      steps.unshift({ kind: "extra", got: got[i - 1], at: j + 1 });
      i--;
    }
  }
  return steps;
}

/** The summary of a returned model, or the verdict explaining why there is none. */
export function modelSummary(
  value: Value,
  fn: string,
): { summary: ModelSummary } | { verdict: Verdict } {
  if (value.t !== "model") {
    return {
      verdict: fail(
        `${fn} debe devolver un tf.LayersModel (tf.sequential() o tf.model()) y devolvió ${
          describeValue(value)
        }.`,
        "no devuelve un tf.LayersModel",
      ),
    };
  }
  if ("error" in value) {
    return {
      verdict: fail(
        `El modelo que devuelve ${fn} no se pudo revisar: ${value.error}. Usa solo capas estándar de tf.layers.`,
        "el modelo no se puede reconstruir con capas estándar de tf.layers",
      ),
    };
  }
  return { summary: value.summary };
}

/** Compares a model summary with the plan; every difference is listed. */
export function checkStructure(
  s: ModelSummary,
  plan: ModelPlan,
  call: string,
): Verdict {
  const problems: string[] = [];
  const causes: string[] = [];
  if (s.inputs.length !== 1 || s.outputs.length !== 1) {
    problems.push(
      `el modelo tiene ${s.inputs.length} entrada(s) y ${s.outputs.length} salida(s); se espera una de cada`,
    );
  } else {
    const wantIn = [null, ...plan.input], wantOut = [null, ...plan.output];
    if (s.inputs[0].join() !== wantIn.join()) {
      problems.push(
        `entrada ${shapeText(s.inputs[0])}, se esperaba ${shapeText(wantIn)}`,
      );
    }
    if (s.outputs[0].join() !== wantOut.join()) {
      problems.push(
        `salida ${shapeText(s.outputs[0])}, se esperaba ${shapeText(wantOut)}`,
      );
    }
  }
  if (s.params !== plan.params) {
    problems.push(`${s.params} parámetros, se esperaban ${plan.params}`);
  }
  const last = plan.layers.length;
  for (const step of alignLayers(layerPlans(s.layers), plan.layers)) {
    if (step.kind === "same") continue;
    if (step.kind === "missing") {
      problems.push(`falta la capa ${step.at}: ${describeLayer(step.want)}`);
      continue;
    }
    if (step.kind === "extra") {
      problems.push(
        `sobra una capa ${
          step.at > last ? "al final" : `antes de la capa ${step.at}`
        }: ${describeLayer(step.got)}`,
      );
      continue;
    }
    const { got, want, at } = step;
    problems.push(
      `capa ${at}: ${describeLayer(got, want)}, se esperaba ${
        describeLayer(want)
      }`,
    );
    for (const k of differences(got, want)) {
      if (k === "activation") {
        causes.push(
          want.activation === "linear" && at === last
            ? "la última capa debe ser lineal (sin activación): sus salidas toman cualquier valor real"
            : `la capa ${at} debe usar activación ${want.activation}`,
        );
      } else if (k === "padding") {
        causes.push(`la capa ${at} debe usar padding '${want.padding}'`);
      } else if (k === "strides") {
        causes.push(`la capa ${at} debe usar stride ${want.strides}`);
      }
    }
  }
  if (problems.length === 0) return PASS;
  return fail(
    [
      `La arquitectura de ${call} no coincide:`,
      ...problems.map((p) => `  - ${p}`),
      ...(causes.length ? [`Causa probable: ${causes.join("; ")}.`] : []),
    ].join("\n"),
    problems.length === 1
      ? `la arquitectura no coincide: ${problems[0]}`
      : `la arquitectura no coincide (${problems.length} diferencias; la primera: ${
        problems[0]
      })`,
  );
}

/** Checks that gradients reach every trainable weight of the model. */
export function checkTrains(s: ModelSummary, fn: string): Verdict {
  const frozen = s.layers.filter((l) => l.params > 0 && !l.trainable);
  if (frozen.length > 0) {
    return fail(
      `${fn}: la(s) capa(s) ${
        frozen.map((l) => l.className).join(", ")
      } no son entrenables (trainable: false): sus pesos no aprenden.`,
      "hay capas con pesos que no son entrenables",
    );
  }
  if (s.trainableParams === 0) {
    return fail(
      `${fn}: el modelo no tiene pesos entrenables.`,
      "el modelo no tiene pesos entrenables",
    );
  }
  if (s.inputs.length !== 1 || s.outputs.length !== 1) {
    return fail(
      `${fn}: el modelo tiene ${s.inputs.length} entrada(s) y ${s.outputs.length} salida(s); se pide una entrada y una salida (un solo tensor por lote), como en el enunciado.`,
      "el modelo no tiene una entrada y una salida",
    );
  }
  if (!s.outputFinite) {
    return fail(
      `${fn}: con entradas N(0, 1) el modelo devuelve valores NaN o infinitos.`,
      "la salida del modelo no es finita",
    );
  }
  const dead = s.gradients.filter((g) => !g.finite || g.norm === 0);
  if (dead.length > 0) {
    // Named as the student counts them: the layer's place and kind, and
    // which of its weights (tfjs's own names are auto-numbered).
    const place = (g: GradientSummary) => {
      const at = s.layers.findIndex((l) => l.name === g.layer);
      const kind = g.weight.split("/").at(-1) ?? g.weight;
      return at < 0
        ? kind
        : `la capa ${at + 1} (${s.layers[at].className}), su ${kind}`;
    };
    return fail(
      `${fn}: el gradiente no llega a ${
        dead.map(place).join("; ")
      } (es cero o no finito sobre un lote aleatorio, también tras un primer paso de descenso), así que esos pesos no aprenden. ¿Hay una capa con todos sus pesos iniciales constantes, una activación que satura o una rama desconectada?`,
      "el gradiente no llega a todas las capas",
    );
  }
  if (!s.outputVaries) {
    return fail(
      `${fn}: la salida no cambia cuando cambia la entrada: el modelo no está conectado de la entrada a la salida.`,
      "la salida no depende de la entrada",
    );
  }
  return PASS;
}

/** What model tests need besides the common fields. */
export interface ModelTestSpec extends Omit<TestSpec, "prepare"> {
  /** The builder's name in the notebook. */
  fn: string;
}

/** A test that builds a model with the drawn arguments and checks its structure. */
export function structureTest(
  spec: ModelTestSpec & {
    build(
      rng: Parameters<TestSpec["prepare"]>[0],
    ): { args: unknown[]; plan: ModelPlan };
  },
): TestSpec & Pick<typeof spec, "fn" | "build"> {
  const { fn, build, ...meta } = spec;
  return {
    ...meta,
    fn,
    build,
    prepare(rng) {
      const { args, plan } = build(rng);
      const call = `${fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
      return {
        calls: [{
          fn,
          args: args.map(jsonArg),
          probe: { seed: rng.nextInt(1_000_000), batch: 4, gradients: false },
        }],
        judge([value]) {
          const got = modelSummary(value, fn);
          return "verdict" in got
            ? got.verdict
            : checkStructure(got.summary, plan, call);
        },
      };
    },
  };
}

/** A test that builds a model and checks that gradients reach every trainable weight. */
export function trainsTest(
  spec: ModelTestSpec & { args: unknown[] },
): TestSpec & { fn: string; args: unknown[] } {
  const { fn, args, ...meta } = spec;
  return {
    ...meta,
    fn,
    args,
    prepare(rng) {
      return {
        calls: [{
          fn,
          args: args.map(jsonArg),
          probe: { seed: rng.nextInt(1_000_000), batch: 4, gradients: true },
        }],
        judge([value]) {
          const got = modelSummary(value, fn);
          return "verdict" in got ? got.verdict : checkTrains(got.summary, fn);
        },
      };
    },
  };
}

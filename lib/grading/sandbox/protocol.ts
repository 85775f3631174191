/**
 * The data that crosses the sandbox's walls, and the checks that keep it
 * plain and bounded.
 *
 * Three parties talk: the grader (its own process), the harness (the main
 * realm of the sandbox process: trusted code, no student code ever runs
 * there) and the workers (the student's realm, one per exercise, and a
 * clean probe realm for models). The grader sends one {@link Job} on the
 * harness's stdin; workers answer the harness with structured-clone
 * messages that the harness validates (`validate.ts`); the
 * harness prints {@link SandboxEvent}s to stdout, each line prefixed by the
 * job's nonce, which no worker can know. Nothing that crosses is code.
 *
 * This file is read by the sandbox (it holds no test, hint or reference).
 *
 * @module
 */

/** Largest tensor (elements) a result may carry back. */
export const MAX_ELEMENTS = 1_000_000;
/** Largest text (characters) of a message, log or value description. */
export const MAX_TEXT = 4_000;
/** Largest serialized model topology (characters). */
export const MAX_TOPOLOGY = 2_000_000;
/** Largest protocol line the grader accepts (characters). */
export const MAX_LINE = 16_000_000;
/** Console output kept per exercise (characters). */
export const MAX_LOG = 4_000;

/** A tensor as plain data: row-major values, little-endian bytes in base64. */
export interface PlainTensor {
  /** Kind tag. */
  t: "tensor";
  /** Its shape. */
  shape: number[];
  /** Its dtype. */
  dtype: "float32" | "int32" | "bool";
  /** Base64 of the Float32Array / Int32Array / Uint8Array bytes. */
  data: string;
}

/**
 * A Gaussian decoder rebuilt inside the sandbox from its weights:
 * mean = act(z·W1 + b1), logvar = z·W2 + b2 (`act` = tanh or identity).
 */
export interface PlainDecoder {
  /** Kind tag. */
  t: "decoder";
  /** The activation of the mean. */
  activation: "tanh" | "linear";
  /** Mean weights [J, n]. */
  w1: PlainTensor;
  /** Mean bias [n]. */
  b1: PlainTensor;
  /** Log-variance weights [J, n]. */
  w2: PlainTensor;
  /** Log-variance bias [n]. */
  b2: PlainTensor;
}

/** One argument of a call. */
export type Arg =
  | PlainTensor
  | PlainDecoder
  | { t: "json"; v: unknown }
  | { t: "undefined" };

/** What the probe realm does with a returned model. */
export interface ModelProbe {
  /** Seed of the probe's inputs and of the rebuilt model's initializers. */
  seed: number;
  /** Batch size of the gradient check. */
  batch: number;
  /** Also run the model and measure its gradients (else only its structure). */
  gradients: boolean;
}

/** One function call the student realm must make. */
export interface Call {
  /** The function to call, by its name in the notebook. */
  fn: string;
  /** Its arguments. */
  args: Arg[];
  /** When the call returns a model: summarize it (and check gradients) in a clean realm. */
  probe?: ModelProbe;
  /** Instead of the value: the gradient of Σ weights·f(args) w.r.t. some tensor arguments. */
  gradient?: GradientRequest;
}

/** Which arguments to differentiate with respect to, and the output's weights. */
export interface GradientRequest {
  /** Indexes of the tensor arguments. */
  wrt: number[];
  /** Weights of the output's elements (its shape). */
  weights: PlainTensor;
}

/** One exercise of a job. */
export interface JobExercise {
  id: string;
  /** The only folder (besides the runtime's) this exercise's worker may read. */
  dir: string;
  /** File URL of the exercise module. */
  module: string;
  /** The same module without the cell's top-level statements (fallback). */
  plainModule: string;
  /** Wall-clock budget of the exercise: load and every call (ms). */
  budgetMs: number;
  calls: Call[];
}

/** What the grader sends on the harness's stdin (one JSON line). */
export interface Job {
  nonce: string;
  /** Folders every worker may read (the tfjs packages, the kit's safe lib). */
  runtimeReads: string[];
  /** File URL of the student-realm bootstrap and of the probe. */
  workerUrl: string;
  probeUrl: string;
  exercises: JobExercise[];
}

/** An error, reduced to what feedback needs. */
export interface PlainError {
  /** The error's name (`TypeError`, `NotCapable`…). */
  name: string;
  /** Its message. */
  message: string;
  /** Stack lines that point into the exercise module (line:column). */
  at?: string;
}

/** One layer of a model as the probe saw it. */
export interface LayerSummary {
  /** The tfjs class name. */
  className: string;
  /** The layer's name. */
  name: string;
  /** Whether its weights train. */
  trainable: boolean;
  /** Its parameter count. */
  params: number;
  /** The layer's settings that grading compares (absent when the layer has none). */
  units?: number;
  /** Convolution filters. */
  filters?: number;
  /** Convolution kernel size. */
  kernelSize?: number[];
  /** Convolution strides. */
  strides?: number[];
  /** Pooling window. */
  poolSize?: number[];
  /** Convolution padding. */
  padding?: string;
  /** Activation. */
  activation?: string;
  /** Reshape's target shape. */
  targetShape?: number[];
  /** Whether it has a bias. */
  useBias?: boolean;
}

/** One trainable weight's gradient in the probe's check. */
export interface GradientSummary {
  /** The weight's name. */
  weight: string;
  /** The layer it belongs to. */
  layer: string;
  /** Whether the gradient is finite. */
  finite: boolean;
  /** L2 norm of the gradient. */
  norm: number;
}

/** A model as the probe rebuilt and measured it. */
export interface ModelSummary {
  /** Input shapes (null: the batch axis). */
  inputs: (number | null)[][];
  /** Output shapes (null: the batch axis). */
  outputs: (number | null)[][];
  /** Total parameters. */
  params: number;
  /** Trainable parameters. */
  trainableParams: number;
  /** Its layers, input layers left out. */
  layers: LayerSummary[];
  /** Gradients of a loss on a random batch w.r.t. every trainable weight. */
  gradients: GradientSummary[];
  /** Two different inputs give different outputs. */
  outputVaries: boolean;
  /** The model's outputs on the random batch are finite. */
  outputFinite: boolean;
}

/** What a call returned, as plain data. */
export type Value =
  | PlainTensor
  | { t: "model"; summary: ModelSummary }
  | { t: "model"; error: string }
  | { t: "big"; shape: number[]; dtype: string }
  | { t: "promise" }
  | { t: "gradients"; items: PlainTensor[]; output?: PlainTensor }
  | { t: "other"; type: string; text: string };

/** The outcome of one call. */
export type Result =
  | {
    ok: true;
    value: Value;
    /** Indexes of tensor arguments the call disposed. */
    disposed: number[];
    /** Indexes of tensor arguments whose values the call changed. */
    mutated: number[];
  }
  | { ok: false; error: PlainError };

/** Why an exercise did not run to its end. */
export type Interruption =
  | { kind: "timeout"; ms: number }
  | { kind: "memory"; detail: string }
  | { kind: "crash"; detail: string }
  | { kind: "forged"; detail: string };

/** One line of the harness's report to the grader. */
export type SandboxEvent =
  | { e: "start"; id: string }
  | {
    e: "loaded";
    id: string;
    error?: PlainError;
    /** Errors of the cell's top-level statements (they do not stop the functions). */
    statementErrors: PlainError[];
    /** The top-level statements ran out of time; the functions were loaded without them. */
    withoutStatements: boolean;
  }
  | { e: "result"; id: string; index: number; result: Result }
  | { e: "log"; id: string; text: string }
  | { e: "done"; id: string; interrupted?: Interruption };

/** Messages from a student worker to the harness. */
export type WorkerMessage =
  | { t: "loaded"; error?: PlainError; statementErrors: PlainError[] }
  | { t: "result"; index: number; result: Result; topology?: string }
  | { t: "log"; text: string };

/** Decodes a plain tensor's values (NaN and ±Infinity preserved). */
export function tensorData(
  t: PlainTensor,
): Float32Array | Int32Array | Uint8Array {
  const bytes = Uint8Array.fromBase64(t.data);
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  );
  if (t.dtype === "float32") return new Float32Array(buffer);
  if (t.dtype === "int32") return new Int32Array(buffer);
  return new Uint8Array(buffer);
}

/** Encodes values as a plain float32 (or int32/bool) tensor. */
export function plainTensor(
  shape: number[],
  values: ArrayLike<number>,
  dtype: PlainTensor["dtype"] = "float32",
): PlainTensor {
  const array = dtype === "float32"
    ? Float32Array.from(values)
    : dtype === "int32"
    ? Int32Array.from(values)
    : Uint8Array.from(values);
  return {
    t: "tensor",
    shape: [...shape],
    dtype,
    data: new Uint8Array(array.buffer).toBase64(),
  };
}

/**
 * The data that crosses the sandbox boundary, as plain JSON: the grader sends
 * calls (function name + arguments) and receives raw outputs (numbers with a
 * shape, model topologies, error names and messages). Nothing that crosses
 * it is executable, so the sandbox can only report values, never judge them.
 *
 * @module
 */

/** A JSON-safe number: non-finite values travel as strings. */
export type WireNumber = number | "NaN" | "Infinity" | "-Infinity";

/** A tensor argument or result: shape, dtype and row-major data. */
export interface WireTensor {
  t: "tensor";
  shape: number[];
  dtype: string;
  data: WireNumber[];
}

/**
 * A deterministic Gaussian decoder for the ELBO exercise, rebuilt with tf ops
 * inside the sandbox: mean = tanh(z·W1 + b1), logvar = z·W2 + b2.
 */
export interface WireDecoder {
  t: "decoder";
  w1: WireTensor;
  b1: WireTensor;
  w2: WireTensor;
  b2: WireTensor;
}

/** A call argument. */
export type WireArg =
  | WireTensor
  | WireDecoder
  | { t: "number"; v: number }
  | { t: "json"; v: unknown }
  | { t: "undefined" };

/** One function call the sandbox must make. */
export interface WireCall {
  /** The function (as named in the notebook) to call. */
  fn: string;
  args: WireArg[];
}

/** A built Keras-style model, described by its serialized topology. */
export interface WireModel {
  t: "model";
  /** `model.toJSON(null, false)`: rebuilt and checked in the grader. */
  topology: unknown;
  /**
   * Parameter count as reported by the sandbox: only a size gate before
   * rebuilding (scores use the rebuilt model's own count).
   */
  params?: number;
}

/** What a call returned. */
export type WireValue =
  | WireTensor
  | WireModel
  | { t: "other"; type: string; text: string };

/** The outcome of one call. */
export type WireResult =
  | { ok: true; value: WireValue }
  | { ok: false; error: WireError };

/** A thrown error, reduced to what the feedback needs. */
export interface WireError {
  name: string;
  message: string;
}

/** One exercise's module and calls, as sent to the sandbox. */
export interface WireExercise {
  id: string;
  /** Absolute file URL of the generated module. */
  module: string;
  calls: WireCall[];
}

/** The job the sandbox reads from stdin. */
export interface WireJob {
  nonce: string;
  exercises: WireExercise[];
}

/** One protocol event the sandbox prints (prefixed by the job nonce). */
export type WireEvent =
  | { e: "start"; id: string }
  | { e: "defined"; id: string; error?: WireError; missing?: boolean }
  | { e: "result"; id: string; index: number; result: WireResult }
  | { e: "done"; id: string };

/** Encodes a number for JSON (NaN and ±Infinity become strings). */
export function toWireNumber(x: number): WireNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

/** Decodes a {@link WireNumber}. */
export function fromWireNumber(x: WireNumber): number {
  return typeof x === "number" ? x : Number(x);
}

/** Builds a float32 {@link WireTensor} from a shape and values. */
export function wireTensor(
  shape: number[],
  data: ArrayLike<number>,
  dtype = "float32",
): WireTensor {
  return { t: "tensor", shape, dtype, data: Array.from(data, toWireNumber) };
}

/** The values of a {@link WireTensor} as a Float64Array. */
export function tensorValues(t: WireTensor): Float64Array {
  return Float64Array.from(t.data, fromWireNumber);
}

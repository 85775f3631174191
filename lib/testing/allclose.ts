/**
 * Tolerance comparison for tensors and arrays in the spirit of numpy's
 * `assert_allclose`: shape first, then `|a − e| ≤ atol + rtol·|e|`
 * elementwise, with NaN and ±Inf required in the same positions.
 *
 * @example
 * ```ts
 * import { allClose, assertAllClose } from "./allclose.ts";
 * assertAllClose([1, 2, 3.0000001], [1, 2, 3]);
 * const result = allClose([1, 5], [1, 2]);
 * console.log(result.ok, result.message); // false, "1 of 2 elements differ…"
 * ```
 * @module
 */
import type { Tensor } from "../backend/tf_types.ts";

/** Anything that holds numbers: a tensor, a typed array, a (nested) array, a number. */
export type NumericLike =
  | Tensor
  | ArrayLike<number>
  | number
  | NumericLike[];

/** Tolerances; the defaults match numpy's `assert_allclose` for float32 work. */
export interface AllCloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** How many of the worst elements to list in the message (default 5). */
  worst?: number;
}

/** One mismatching element: its multi-index and both values. */
export interface Mismatch {
  /** Its multi-index. */
  index: number[];
  /** The value found. */
  actual: number;
  /** The value expected. */
  expected: number;
  /** |actual − expected|. */
  absDiff: number;
  /** |actual − expected| / |expected|. */
  relDiff: number;
}

/** The outcome of a comparison, with everything needed to explain a failure. */
export interface AllCloseResult {
  /** Whether every element is within tolerance (and the shapes match). */
  ok: boolean;
  /** Empty when ok; otherwise a multi-line explanation. */
  message: string;
  /** Shape of the actual value. */
  actualShape: number[];
  /** Shape of the expected value. */
  expectedShape: number[];
  /** Whether the shapes matched (nothing else is compared when they do not). */
  shapeMatches: boolean;
  /** Number of elements compared. */
  total: number;
  /** How many are outside tolerance. */
  mismatchCount: number;
  /** The worst mismatches, largest excess over tolerance first. */
  worst: Mismatch[];
  /** Largest absolute difference. */
  maxAbsDiff: number;
  /** Largest relative difference. */
  maxRelDiff: number;
}

interface Flat {
  values: Float64Array;
  shape: number[];
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === "object" && value !== null &&
    "dataSync" in value && "shape" in value;
}

function flatten(value: NumericLike): Flat {
  if (isTensor(value)) {
    return { values: Float64Array.from(value.dataSync()), shape: value.shape };
  }
  if (typeof value === "number") {
    return { values: Float64Array.of(value), shape: [] };
  }
  const nested = Array.isArray(value) &&
    value.some((v) => typeof v !== "number");
  if (!nested) {
    const values = Float64Array.from(value as ArrayLike<number>);
    return { values, shape: [values.length] };
  }
  const parts = (value as NumericLike[]).map(flatten);
  const inner = parts[0]?.shape ?? [];
  parts.forEach((part, i) => {
    if (part.shape.join() !== inner.join()) {
      throw new Error(
        `ragged array: element ${i} has shape [${part.shape}] but element 0 has [${inner}]`,
      );
    }
  });
  const values = new Float64Array(
    parts.reduce((n, p) => n + p.values.length, 0),
  );
  let offset = 0;
  for (const part of parts) {
    values.set(part.values, offset);
    offset += part.values.length;
  }
  return { values, shape: [parts.length, ...inner] };
}

function unravel(flatIndex: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flatIndex % shape[axis];
    flatIndex = Math.floor(flatIndex / shape[axis]);
  }
  return index;
}

const fmt = (x: number) => Number.isFinite(x) ? x.toPrecision(7) : String(x);

/**
 * Compares `actual` with `expected` and explains any difference.
 * Never throws for a mismatch; see {@link assertAllClose} for that.
 */
export function allClose(
  actual: NumericLike,
  expected: NumericLike,
  options: AllCloseOptions = {},
): AllCloseResult {
  const { rtol = 1e-5, atol = 1e-6, worst: worstCount = 5 } = options;
  const a = flatten(actual);
  const e = flatten(expected);
  const base = {
    actualShape: a.shape,
    expectedShape: e.shape,
    total: e.values.length,
    worst: [] as Mismatch[],
    maxAbsDiff: 0,
    maxRelDiff: 0,
  };
  if (a.shape.join() !== e.shape.join()) {
    return {
      ...base,
      ok: false,
      shapeMatches: false,
      mismatchCount: e.values.length,
      message: `shape mismatch: actual [${a.shape}] vs expected [${e.shape}]`,
    };
  }
  const mismatches: (Mismatch & { excess: number })[] = [];
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  for (let i = 0; i < e.values.length; i++) {
    const x = a.values[i];
    const y = e.values[i];
    let bad: boolean;
    let absDiff: number;
    let excess: number;
    if (Number.isNaN(y) || Number.isNaN(x)) {
      bad = Number.isNaN(y) !== Number.isNaN(x);
      absDiff = bad ? Infinity : 0;
      excess = bad ? Infinity : 0;
    } else if (!Number.isFinite(y) || !Number.isFinite(x)) {
      bad = x !== y;
      absDiff = bad ? Infinity : 0;
      excess = bad ? Infinity : 0;
    } else {
      absDiff = Math.abs(x - y);
      excess = absDiff - (atol + rtol * Math.abs(y));
      bad = excess > 0;
    }
    const relDiff = y === 0
      ? (absDiff === 0 ? 0 : Infinity)
      : absDiff / Math.abs(y);
    if (Number.isFinite(absDiff)) maxAbsDiff = Math.max(maxAbsDiff, absDiff);
    if (Number.isFinite(relDiff)) maxRelDiff = Math.max(maxRelDiff, relDiff);
    if (bad) {
      mismatches.push({
        index: unravel(i, e.shape),
        actual: x,
        expected: y,
        absDiff,
        relDiff,
        excess,
      });
    }
  }
  mismatches.sort((m, n) => n.excess - m.excess);
  const worst = mismatches.slice(0, worstCount).map(({ excess: _, ...m }) => m);
  const ok = mismatches.length === 0;
  const lines = ok ? [] : [
    `${mismatches.length} of ${e.values.length} elements differ ` +
    `(rtol=${rtol}, atol=${atol})`,
    `max absolute difference: ${fmt(maxAbsDiff)}`,
    `max relative difference: ${fmt(maxRelDiff)}`,
    "worst elements (index: actual vs expected):",
    ...worst.map((m) =>
      `  [${m.index.join(", ")}]: ${fmt(m.actual)} vs ${fmt(m.expected)}`
    ),
  ];
  return {
    ...base,
    ok,
    shapeMatches: true,
    mismatchCount: mismatches.length,
    worst,
    maxAbsDiff,
    maxRelDiff,
    message: lines.join("\n"),
  };
}

/** Thrown by {@link assertAllClose}; carries the full comparison result. */
export class AllCloseError extends Error {
  /** `result`: the failed comparison; `context`: what was compared, for the message. */
  constructor(readonly result: AllCloseResult, context?: string) {
    super((context ? `${context}: ` : "") + result.message);
    this.name = "AllCloseError";
  }
}

/**
 * Throws {@link AllCloseError} unless `actual` and `expected` have the same
 * shape and are elementwise close.
 */
export function assertAllClose(
  actual: NumericLike,
  expected: NumericLike,
  options: AllCloseOptions & { context?: string } = {},
): void {
  const result = allClose(actual, expected, options);
  if (!result.ok) throw new AllCloseError(result, options.context);
}

/**
 * "Nice" axis ticks (1, 2, 5 × 10^k steps) and their labels.
 *
 * @module
 */

/**
 * Tick positions covering [min, max] with about `target` steps of 1, 2 or 5 × 10^k.
 * The first tick is ≤ min and the last ≥ max.
 *
 * @example
 * ```ts
 * import { niceTicks } from "./ticks.ts";
 * niceTicks(0.3, 9.2, 5); // [0, 2, 4, 6, 8, 10]
 * ```
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(
      `niceTicks: the range must be finite, got [${min}, ${max}]`,
    );
  }
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / Math.max(1, target));
  const first = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t < max + step * (1 - 1e-9); t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : roundTo(t, step));
    if (ticks.length > 1000) break;
  }
  if (ticks.length < 2) ticks.push(roundTo(first + step, step));
  return ticks;
}

/** The 1/2/5 × 10^k step closest above `raw`. */
export function niceStep(raw: number): number {
  const exp = Math.floor(Math.log10(raw));
  const base = raw / 10 ** exp;
  const nice = base <= 1 ? 1 : base <= 2 ? 2 : base <= 5 ? 5 : 10;
  return nice * 10 ** exp;
}

function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(decimals, 15)));
}

/** Formats a tick value with as many decimals as the tick step needs; uses a true minus sign. */
export function formatTick(value: number, step: number): string {
  const decimals = step >= 1 || step === 0
    ? 0
    : Math.min(10, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  let s = value.toFixed(decimals);
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s.replace("-", "\u2212");
}

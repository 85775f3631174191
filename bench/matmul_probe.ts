/**
 * Measures the single-thread matrix-multiply throughput of the active tfjs
 * backend (GFLOP/s), the ceiling a training step can approach.
 *
 * @module
 */
import * as tf from "tf";

/** One measured size. */
export interface MatmulRate {
  m: number;
  k: number;
  n: number;
  gflops: number;
}

/**
 * Times `a[m,k] · b[k,n]` for a few square and training-like sizes (best of
 * several repetitions after a warm-up) and returns every rate plus the best.
 *
 * @example
 * ```ts
 * import { matmulThroughput } from "./matmul_probe.ts";
 * const { best } = matmulThroughput();
 * ```
 */
export function matmulThroughput(
  sizes: [number, number, number][] = [
    [256, 256, 256],
    [512, 512, 512],
    [1024, 1024, 1024],
    [128, 784, 400],
    [576, 2304, 64],
  ],
): { rates: MatmulRate[]; best: number } {
  const rates: MatmulRate[] = [];
  for (const [m, k, n] of sizes) {
    const a = tf.randomUniform([m, k]);
    const b = tf.randomUniform([k, n]);
    tf.matMul(a, b).dispose(); // warm-up (operator creation, weight packing)
    const flops = 2 * m * k * n;
    const reps = Math.max(3, Math.min(50, Math.round(2e9 / flops)));
    let bestSeconds = Infinity;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      c.dataSync();
      bestSeconds = Math.min(bestSeconds, (performance.now() - t0) / 1000);
      c.dispose();
    }
    tf.dispose([a, b]);
    rates.push({ m, k, n, gflops: flops / bestSeconds / 1e9 });
  }
  return { rates, best: Math.max(...rates.map((r) => r.gflops)) };
}

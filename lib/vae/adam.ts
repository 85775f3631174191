/**
 * Adam for the training loop: the same update as `tf.train.adam` (tfjs's
 * formula and defaults: β₁ 0.9, β₂ 0.999, ε 1e-7), one kernel per weight on
 * the `wasm` backend (`lib/backend/adam_update.ts`) instead of ~12; on other
 * backends the same formula with tf ops.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { FusedAdam } from "./adam.ts";
 * const w = tf.variable(tf.ones([3]));
 * const adam = new FusedAdam(0.1);
 * adam.minimize(() => tf.sum(tf.square(w)));
 * w.print(); // [0.9, 0.9, 0.9]
 * ```
 * @module
 */
import * as tf from "tf";
import { ADAM_UPDATE } from "../backend/adam_update.ts";
import type { Tensor, Variable } from "../backend/tf_types.ts";

interface Moments {
  m: Variable;
  v: Variable;
}

/** Adam whose per-weight update is one fused kernel on `wasm`. */
export class FusedAdam extends tf.Optimizer {
  private readonly moments = new Map<string, Moments>();
  private step = 0;

  /** Learning rate and tfjs's Adam hyper-parameters. */
  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
  ) {
    super();
  }

  /** Applies one Adam update to every variable with a gradient. */
  applyGradients(
    gradients: tf.NamedTensorMap | { name: string; tensor: Tensor }[],
  ): void {
    const list = Array.isArray(gradients)
      ? gradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(gradients);
    this.step++;
    const attrs = {
      lr: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      c1: 1 - this.beta1 ** this.step,
      c2: 1 - this.beta2 ** this.step,
    };
    const fused = tf.getBackend() === "wasm";
    tf.tidy(() => {
      for (const [name, g] of list) {
        if (g == null) continue;
        const w = tf.engine().registeredVariables[name];
        const { m, v } = this.momentsOf(name, w);
        const [w2, m2, v2] = fused
          ? tf.engine().runKernel(
            ADAM_UPDATE,
            { w, g, m, v },
            attrs,
          ) as Tensor[]
          : update(w, g, m, v, attrs);
        w.assign(w2);
        m.assign(m2);
        v.assign(v2);
      }
    });
    this.incrementIterations();
  }

  private momentsOf(name: string, w: Variable): Moments {
    let moments = this.moments.get(name);
    if (!moments) {
      moments = tf.tidy(() => ({
        m: tf.zerosLike(w).variable(false),
        v: tf.zerosLike(w).variable(false),
      }));
      this.moments.set(name, moments);
    }
    return moments;
  }

  /** The hyper-parameters. */
  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }

  /** Frees the moment estimates. */
  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }
}

/** The fused kernel's formula with tf ops (backends other than `wasm`). */
function update(
  w: Tensor,
  g: Tensor,
  m: Tensor,
  v: Tensor,
  a: Record<string, number>,
): Tensor[] {
  const m2 = m.mul(a.beta1).add(g.mul(1 - a.beta1));
  const v2 = v.mul(a.beta2).add(g.square().mul(1 - a.beta2));
  const w2 = w.sub(
    m2.div(a.c1).div(v2.div(a.c2).sqrt().add(a.epsilon)).mul(a.lr),
  );
  return [w2, m2, v2];
}

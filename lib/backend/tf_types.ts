/**
 * The TensorFlow.js types that appear in vaelab's public signatures, named
 * once so that the kit's documentation can link them. They are the tfjs
 * types themselves (aliases, not wrappers): a `tf.Tensor` is a `Tensor`.
 *
 * @module
 */
import type * as tf from "tf";

/** A TensorFlow.js tensor of any rank (`tf.Tensor`). */
export type Tensor = tf.Tensor;
/** A rank-0 tensor (`tf.Scalar`). */
export type Scalar = tf.Scalar;
/** A rank-1 tensor (`tf.Tensor1D`), e.g. one value per example. */
export type Tensor1D = tf.Tensor1D;
/** A rank-2 tensor (`tf.Tensor2D`), e.g. `[batch, features]`. */
export type Tensor2D = tf.Tensor2D;
/** A trainable tensor (`tf.Variable`), e.g. a layer's weights. */
export type Variable = tf.Variable;
/** A Keras-style model (`tf.LayersModel`), e.g. an encoder or decoder. */
export type LayersModel = tf.LayersModel;

/**
 * Testing helpers shared by the test suite and the autograder.
 * @module
 */
export * from "./allclose.ts";
export type { Tensor } from "../backend/tf_types.ts";

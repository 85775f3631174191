/**
 * vaelab's public face: everything notebooks, tests and commands use.
 *
 * @example
 * ```ts
 * import { imagesToTensor, loadMnist, useBackend, VAE } from "./mod.ts";
 * await useBackend("wasm");
 * const { train, validation } = loadMnist({ seed: 0 });
 * const vae = VAE.conv({ latentDim: 2, seed: 0 });
 * const x = imagesToTensor(train), xVal = imagesToTensor(validation);
 * const history = await vae.fit(x, { epochs: 1, validation: xVal });
 * ```
 * @module
 */
export * from "./backend/mod.ts";
export * from "./data/mod.ts";
export * from "./plot/mod.ts";
export * from "./progress/mod.ts";
export * from "./random/mod.ts";
export * from "./testing/mod.ts";
export * from "./vae/mod.ts";

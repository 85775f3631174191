/**
 * Saving and loading a VAE to a folder from Deno: `vae.json` plus
 * `encoder/` and `decoder/`, each a standard tfjs layers model
 * (`model.json` + `weights.bin`) that `tf.loadLayersModel` understands.
 * Only the networks and the likelihood are stored: pieces of the objective a
 * user passed (a custom KL, reconstruction loss, …) are code, not data.
 *
 * @example
 * ```ts
 * import { readSavedVAE, saveVAE } from "./io.ts";
 * // await saveVAE(vae, "out/model");
 * // const { encoder, decoder, likelihood } = await readSavedVAE("out/model");
 * ```
 * @module
 */
import * as tf from "tf";
import type { Likelihood } from "./elbo.ts";
import type { LayersModel } from "../backend/tf_types.ts";

const FORMAT = "vaelab-vae";

/** What `vae.json` holds. */
interface VAEManifest {
  format: typeof FORMAT;
  version: 1;
  likelihood: Likelihood;
  latentDim: number;
  inputShape: number[];
}

async function saveModel(model: LayersModel, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
    await Deno.writeFile(`${dir}/weights.bin`, weights);
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{
        paths: ["weights.bin"],
        weights: artifacts.weightSpecs,
      }],
    };
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(modelJson));
    return {
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    };
  }));
}

async function readOrExplain(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        `${path}: not found; a saved VAE folder holds vae.json, encoder/ and decoder/`,
      );
    }
    throw error;
  }
}

async function loadModel(dir: string): Promise<LayersModel> {
  const modelJson = JSON.parse(
    new TextDecoder().decode(await readOrExplain(`${dir}/model.json`)),
  );
  const manifest = modelJson.weightsManifest?.[0];
  const weights = await readOrExplain(
    `${dir}/${manifest?.paths?.[0] ?? "weights.bin"}`,
  );
  return await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: manifest?.weights ?? [],
    weightData: weights.slice().buffer,
  }));
}

/** What is saved of a VAE: its two networks and its likelihood. */
export interface SavedVAE {
  /** x → [B, 2J] = concat(μ, log σ²). */
  encoder: LayersModel;
  /** z → the likelihood's parameters. */
  decoder: LayersModel;
  /** The reconstruction term the VAE was made with. */
  likelihood: Likelihood;
}

/** Writes `vae`'s networks and likelihood to `dir` (created if needed). */
export async function saveVAE(
  vae: SavedVAE & { latentDim: number; inputShape: number[] },
  dir: string,
): Promise<void> {
  await saveModel(vae.encoder, `${dir}/encoder`);
  await saveModel(vae.decoder, `${dir}/decoder`);
  const manifest: VAEManifest = {
    format: FORMAT,
    version: 1,
    likelihood: vae.likelihood,
    latentDim: vae.latentDim,
    inputShape: vae.inputShape,
  };
  await Deno.writeTextFile(
    `${dir}/vae.json`,
    JSON.stringify(manifest, null, 2) + "\n",
  );
}

/** Reads a folder written by {@link saveVAE}; `VAE.load` builds the VAE from it. */
export async function readSavedVAE(dir: string): Promise<SavedVAE> {
  const text = new TextDecoder().decode(await readOrExplain(`${dir}/vae.json`));
  const manifest = JSON.parse(text) as VAEManifest;
  if (manifest.format !== FORMAT) {
    throw new Error(
      `${dir}/vae.json: not a vaelab VAE (format "${manifest.format}")`,
    );
  }
  return {
    encoder: await loadModel(`${dir}/encoder`),
    decoder: await loadModel(`${dir}/decoder`),
    likelihood: manifest.likelihood,
  };
}

/**
 * Saving and loading a VAE to a folder from Deno: `vae.json` plus
 * `encoder/` and `decoder/`, each a standard tfjs layers model
 * (`model.json` + `weights.bin`) that `tf.loadLayersModel` understands.
 *
 * @module
 */
import * as tf from "tf";
import type { Likelihood } from "./elbo.ts";
import type { VAE, VAEConfig } from "./model.ts";

const FORMAT = "vaelab-vae";

/** What `vae.json` holds. */
interface VAEManifest {
  format: typeof FORMAT;
  version: 1;
  likelihood: Likelihood;
  latentDim: number;
  inputShape: number[];
}

async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
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

async function loadModel(dir: string): Promise<tf.LayersModel> {
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

/** Writes `vae` to `dir` (created if needed). */
export async function saveVAE(vae: VAE, dir: string): Promise<void> {
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

/** Reads a folder written by {@link saveVAE}; `make` builds the VAE. */
export async function loadVAE(
  dir: string,
  make: (config: VAEConfig) => VAE,
): Promise<VAE> {
  const text = new TextDecoder().decode(await readOrExplain(`${dir}/vae.json`));
  const manifest = JSON.parse(text) as VAEManifest;
  if (manifest.format !== FORMAT) {
    throw new Error(
      `${dir}/vae.json: not a vaelab VAE (format "${manifest.format}")`,
    );
  }
  return make({
    encoder: await loadModel(`${dir}/encoder`),
    decoder: await loadModel(`${dir}/decoder`),
    likelihood: manifest.likelihood,
  });
}

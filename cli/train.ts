/**
 * The main job: trains a VAE on MNIST with good defaults and writes the
 * model, its history and figures to an output folder.
 *
 *     deno task train                          # conv VAE, J = 2, embedded MNIST
 *     deno task train --model dense --latent 20 --epochs 10 --out out/dense
 *     deno task train --data ~/mnist-idx       # full MNIST / Fashion-MNIST IDX files
 *
 * Run with `--help` for every flag. Bad flags and values exit with code 2.
 * @module
 */
import * as tf from "tf";
import {
  type BackendName,
  backendNames,
  useBackend,
  wasmThreadCount,
  WebGpuError,
  webGpuStatus,
} from "../lib/backend/mod.ts";
import {
  choiceFlag,
  integerFlag,
  numberFlag,
  parseFlags,
  runMain,
  UsageError,
} from "../lib/cli/mod.ts";
import {
  DataError,
  type DataSplit,
  imagesToTensor,
  loadIdx,
  loadMnist,
} from "../lib/data/mod.ts";
import {
  imageGrid,
  latentScatter,
  lossCurves,
  reconstructionFigure,
} from "../lib/plot/mod.ts";
import { TerminalProgress } from "../lib/progress/mod.ts";
import { type Likelihood, VAE } from "../lib/vae/mod.ts";

const HELP =
  `Entrena un VAE con MNIST y guarda el modelo, history.json y las figuras.

Uso: deno task train [opciones]

  --model dense|conv    arquitectura (por defecto conv: la CVAE del tutorial de TensorFlow)
  --latent N            tamaño J del espacio latente (por defecto 2, para poder dibujarlo)
  --epochs N            pasadas por el conjunto de entrenamiento (por defecto 10)
  --batch N             tamaño del lote (por defecto 64)
  --lr X                tasa de aprendizaje de Adam (por defecto 0.001)
  --loss bce|mse|gaussian  término de reconstrucción (por defecto bce; gaussian: solo dense)
  --seed N              semilla de la partición de datos, los pesos y el ruido (por defecto 0)
  --backend auto|wasm|webgpu|cpu  backend de tfjs (por defecto auto: webgpu si hay una GPU y una prueba corta la mide más rápida que wasm; si no, wasm)
  --threads N|auto      hilos de wasm (por defecto auto: todos los núcleos si están libres, 1 si otro proceso ocupa uno)
  --data DIR            carpeta con los archivos IDX de MNIST (por defecto: los 10 000 dígitos incluidos)
  --images N            usar como mucho N imágenes de entrenamiento+validación (por defecto todas)
  --out DIR             carpeta de salida (por defecto out/train)
  --help                este texto
`;

const LOSSES: Record<string, Likelihood> = {
  bce: "bernoulli",
  mse: "mse",
  gaussian: "gaussian",
};

const OPTIONS = {
  model: { type: "string", default: "conv" },
  latent: { type: "string", default: "2" },
  epochs: { type: "string", default: "10" },
  batch: { type: "string", default: "64" },
  lr: { type: "string", default: "0.001" },
  loss: { type: "string", default: "bce" },
  seed: { type: "string", default: "0" },
  backend: { type: "string", default: "auto" },
  threads: { type: "string" },
  data: { type: "string" },
  images: { type: "string" },
  out: { type: "string", default: "out/train" },
  help: { type: "boolean", default: false },
} as const;

/** Parsed, validated settings of a training run. */
export interface TrainSettings {
  model: "dense" | "conv";
  latent: number;
  epochs: number;
  batch: number;
  lr: number;
  loss: Likelihood;
  seed: number;
  backend: BackendName;
  /** Unset: `VAELAB_THREADS`, else "auto". */
  threads?: number | "auto";
  data?: string;
  images?: number;
  out: string;
}

/** Parses and validates the command line; throws UsageError with a one-line message. */
export function parseTrainArgs(args: string[]): TrainSettings | "help" {
  const { values } = parseFlags(args, OPTIONS);
  if (values.help) return "help";
  const model = choiceFlag("model", values.model, ["dense", "conv"]);
  const loss = LOSSES[choiceFlag("loss", values.loss, Object.keys(LOSSES))];
  if (model === "conv" && loss === "gaussian") {
    throw new UsageError(
      "--loss gaussian necesita --model dense (el decodificador conv da un solo canal)",
    );
  }
  const lr = numberFlag("lr", values.lr);
  if (values.data !== undefined) {
    let isDir = false;
    try {
      isDir = Deno.statSync(values.data).isDirectory;
    } catch { /* reported below */ }
    if (!isDir) {
      throw new UsageError(
        `--data ${values.data}: no existe esa carpeta; indique una carpeta con train-images-idx3-ubyte(.gz) y train-labels-idx1-ubyte(.gz)`,
      );
    }
  }
  return {
    model,
    latent: integerFlag("latent", values.latent),
    epochs: integerFlag("epochs", values.epochs),
    batch: integerFlag("batch", values.batch),
    lr,
    loss,
    seed: integerFlag("seed", values.seed, 0),
    backend: choiceFlag("backend", values.backend, backendNames),
    threads: threadsFlag(values.threads),
    data: values.data,
    images: values.images === undefined
      ? undefined
      : integerFlag("images", values.images, 2),
    out: values.out,
  };
}

/** `--threads`: a positive integer or "auto"; unset leaves it to `VAELAB_THREADS`. */
function threadsFlag(text: string | undefined): number | "auto" | undefined {
  if (text === undefined || text === "auto") return text;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) {
    throw new UsageError(
      `--threads debe ser un entero ≥ 1 o "auto", se recibió "${text}"`,
    );
  }
  return Number(text);
}

function loadData(s: TrainSettings): DataSplit {
  const options = { seed: s.seed, validationFraction: 0.1, limit: s.images };
  return s.data ? loadIdx(s.data, options) : loadMnist(options);
}

/** Trains, saves and draws; returns the output folder. */
export async function train(s: TrainSettings): Promise<string> {
  const active = await useBackend(
    s.backend,
    s.backend === "cpu"
      ? {}
      : { threads: s.threads, report: (line) => console.error(line) },
  );
  const { train, validation } = loadData(s);
  const layout = s.model === "conv" ? "image" : "flat";
  const x = imagesToTensor(train, layout);
  const xVal = imagesToTensor(validation, layout);
  const vae = s.model === "conv"
    ? VAE.conv({ latentDim: s.latent, likelihood: s.loss, seed: s.seed })
    : VAE.dense({ latentDim: s.latent, likelihood: s.loss, seed: s.seed });
  console.error(
    `Entrenando un VAE ${s.model} (J = ${s.latent}, ${s.loss}) con ${train.count} imágenes, ` +
      `validación ${validation.count}, backend ${active}` +
      (active === "wasm" ? ` (${wasmThreadCount()} hilo(s))` : "") +
      (active === "webgpu" ? ` (${webGpuStatus()?.adapter.summary})` : ""),
  );
  const progress = new TerminalProgress();
  const history = await vae.fit(x, {
    epochs: s.epochs,
    batchSize: s.batch,
    learningRate: s.lr,
    seed: s.seed,
    validation: xVal,
    onBatchEnd: (info) => progress.onBatchEnd(info),
    onEpochEnd: (record) => progress.onEpochEnd(record),
  });
  progress.done();

  await Deno.mkdir(s.out, { recursive: true });
  await vae.save(`${s.out}/model`);
  await Deno.writeTextFile(
    `${s.out}/history.json`,
    JSON.stringify({ settings: s, backend: active, history }, null, 2) + "\n",
  );
  const samples = vae.sample(64, s.seed);
  await imageGrid(samples, { columns: 8, title: "Muestras de la prior" })
    .save(`${s.out}/samples.png`);
  const originals = xVal.slice(0, 16);
  const reconstructions = vae.reconstruct(originals);
  await reconstructionFigure(originals, reconstructions).save(
    `${s.out}/reconstructions.png`,
  );
  await lossCurves(history).save(`${s.out}/losses.png`);
  if (s.latent === 2) {
    const { mu } = vae.encode(xVal);
    await latentScatter(mu, validation.labels, {
      title: "Espacio latente (validación)",
    })
      .save(`${s.out}/latent.png`);
    mu.dispose();
  }
  tf.dispose([x, xVal, samples, originals, reconstructions]);
  vae.dispose();
  return s.out;
}

/** The command: parses `args`, trains, and says where the results are. */
async function main(args: string[]): Promise<number | void> {
  const settings = parseTrainArgs(args);
  if (settings === "help") {
    console.log(HELP);
    return;
  }
  let out;
  try {
    out = await train(settings);
  } catch (error) {
    // A bad data file is bad input too: one clear line, exit code 2.
    if (error instanceof DataError) throw new UsageError(error.message);
    // No adapter, out of GPU memory, device lost: one line, exit code 1.
    if (error instanceof WebGpuError) {
      console.error(`train: ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.error(
    `Escrito en ${out}/: model/, history.json, samples.png, reconstructions.png, losses.png` +
      (settings.latent === 2 ? ", latent.png" : ""),
  );
}

if (import.meta.main) await runMain("train", main);

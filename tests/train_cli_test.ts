import assert from "node:assert/strict";

const TRAIN = new URL("../cli/train.ts", import.meta.url).pathname;

async function runTrain(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TRAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

Deno.test("the main job trains and writes the model, history and figures", async () => {
  const out = await Deno.makeTempDir();
  const result = await runTrain(
    "--model",
    "dense",
    "--images",
    "400",
    "--epochs",
    "2",
    "--out",
    out,
  );
  assert.equal(result.code, 0, result.stderr);
  const { settings, history } = JSON.parse(
    await Deno.readTextFile(`${out}/history.json`),
  );
  assert.equal(settings.model, "dense");
  assert.equal(history.length, 2);
  assert.ok(Number.isFinite(history[1].valElbo));
  for (
    const file of [
      "samples.png",
      "reconstructions.png",
      "losses.png",
      "latent.png",
    ]
  ) {
    const png = await Deno.readFile(`${out}/${file}`);
    assert.deepEqual(
      [...png.subarray(1, 4)],
      [0x50, 0x4e, 0x47],
      `${file} is a PNG`,
    );
  }
  for (
    const file of ["vae.json", "encoder/model.json", "decoder/weights.bin"]
  ) {
    assert.ok((await Deno.stat(`${out}/model/${file}`)).isFile, file);
  }
  await Deno.remove(out, { recursive: true });
});

for (
  const [args, message] of [
    [["--epochs", "-3"], /--epochs debe ser un entero ≥ 1, se recibió "-3"/],
    [["--latent", "0"], /--latent debe ser un entero ≥ 1, se recibió "0"/],
    [
      ["--model", "resnet"],
      /--model debe ser uno de dense, conv; se recibió "resnet"/,
    ],
    [
      ["--loss", "l1"],
      /--loss debe ser uno de bce, mse, gaussian; se recibió "l1"/,
    ],
    [
      ["--backend", "webgl"],
      /--backend debe ser uno de wasm, cpu, webgpu, auto; se recibió "webgl"/,
    ],
    [["--lr", "fast"], /--lr debe ser un número positivo, se recibió "fast"/],
    [
      ["--threads", "0"],
      /--threads debe ser un entero ≥ 1 o "auto", se recibió "0"/,
    ],
    [
      ["--threads", "two"],
      /--threads debe ser un entero ≥ 1 o "auto", se recibió "two"/,
    ],
    [
      ["--frobnicate"],
      /opción desconocida --frobnicate; opciones válidas: --model, --latent/,
    ],
    [
      ["--data", "/no/such/folder"],
      /--data \/no\/such\/folder: no existe esa carpeta/,
    ],
    [["--loss", "gaussian"], /--loss gaussian necesita --model dense/],
  ] as const
) {
  Deno.test(`the main job rejects ${args.join(" ")} with one line and exit code 2`, async () => {
    const { code, stderr } = await runTrain(...args);
    assert.equal(code, 2);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
  });
}

Deno.test("the main job names a bad IDX file and exits with code 2", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(
    `${dir}/train-images-idx3-ubyte`,
    new Uint8Array(16).fill(9),
  );
  await Deno.writeFile(
    `${dir}/train-labels-idx1-ubyte`,
    new Uint8Array([0, 0, 8, 1, 0, 0, 0, 0]),
  );
  const { code, stderr } = await runTrain("--data", dir, "--epochs", "1");
  assert.equal(code, 2);
  assert.match(stderr, /train-images-idx3-ubyte/);
  assert.match(stderr, /magic/i);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--help lists every flag", async () => {
  const { code, stdout } = await runTrain("--help");
  assert.equal(code, 0);
  for (
    const flag of [
      "--model",
      "--latent",
      "--epochs",
      "--batch",
      "--lr",
      "--loss",
      "--seed",
    ]
  ) {
    assert.match(stdout, new RegExp(flag));
  }
});

/** The shared command-line helper (`lib/cli/flags.ts`). */
import assert from "node:assert/strict";
import {
  choiceFlag,
  integerFlag,
  numberFlag,
  parseFlags,
  UsageError,
} from "../lib/cli/mod.ts";

const OPTIONS = {
  epochs: { type: "string", default: "10" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

Deno.test("parseFlags: defaults, values, short help and positionals", () => {
  assert.deepEqual({ ...parseFlags([], OPTIONS).values }, {
    epochs: "10",
    json: false,
    help: false,
  });
  const { values, positionals } = parseFlags(
    ["a.ipynb", "--epochs=3", "--json", "-h"],
    OPTIONS,
    { positionals: true },
  );
  assert.deepEqual({ ...values }, { epochs: "3", json: true, help: true });
  assert.deepEqual(positionals, ["a.ipynb"]);
});

Deno.test("parseFlags: a negative number after a value flag is its value", () => {
  assert.equal(parseFlags(["--epochs", "-3"], OPTIONS).values.epochs, "-3");
  assert.equal(parseFlags(["--epochs", "-0.5"], OPTIONS).values.epochs, "-0.5");
  // ... and so reaches the validator, which names flag and value
  assert.throws(
    () =>
      integerFlag(
        "epochs",
        parseFlags(["--epochs", "-3"], OPTIONS).values.epochs,
      ),
    {
      name: "UsageError",
      message: '--epochs debe ser un entero ≥ 1, se recibió "-3"',
    },
  );
  // a boolean flag takes no value: "-3" stays an (unexpected) argument
  assert.throws(
    () => parseFlags(["--json", "-3"], OPTIONS),
    /opción desconocida -3/,
  );
});

for (
  const [args, message] of [
    [
      ["--colour"],
      "opción desconocida --colour; opciones válidas: --epochs, --json, --help",
    ],
    [["--epochs"], "la opción --epochs necesita un valor"],
    [["--json=yes"], "la opción --json no lleva valor"],
    [
      ["extra"],
      "argumento inesperado «extra»; opciones válidas: --epochs, --json, --help",
    ],
  ] as const
) {
  Deno.test(`parseFlags ${args.join(" ")}: one Spanish line naming what is valid`, () => {
    assert.throws(() => parseFlags([...args], OPTIONS), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, message);
      return true;
    });
  });
}

Deno.test("integerFlag accepts integers ≥ min and names the flag otherwise", () => {
  assert.equal(integerFlag("batch", "64"), 64);
  assert.equal(integerFlag("seed", "0", 0), 0);
  assert.equal(integerFlag("seed", "-7", -Infinity), -7);
  assert.equal(integerFlag("images", " 12 ", 2), 12);
  for (const bad of ["0", "1.5", "1e3", "", "abc", "9007199254740993"]) {
    assert.throws(
      () => integerFlag("batch", bad),
      new RegExp(
        `^UsageError: --batch debe ser un entero ≥ 1, se recibió "${bad}"$`,
      ),
    );
  }
  assert.throws(
    () => integerFlag("images", "1", 2),
    /--images debe ser un entero ≥ 2, se recibió "1"/,
  );
  assert.throws(
    () => integerFlag("seed", "x", -Infinity),
    /--seed debe ser un entero, se recibió "x"/,
  );
});

Deno.test("numberFlag accepts finite positive numbers only", () => {
  assert.equal(numberFlag("lr", "0.001"), 0.001);
  assert.equal(numberFlag("lr", "1e-3"), 0.001);
  for (const bad of ["0", "-1", "fast", "", "Infinity", "NaN"]) {
    assert.throws(
      () => numberFlag("lr", bad),
      new RegExp(`--lr debe ser un número positivo, se recibió "${bad}"`),
    );
  }
});

Deno.test("choiceFlag returns a valid choice and lists them otherwise", () => {
  assert.equal(choiceFlag("model", "conv", ["dense", "conv"]), "conv");
  assert.throws(
    () => choiceFlag("model", "Conv", ["dense", "conv"]),
    /^UsageError: --model debe ser uno de dense, conv; se recibió "Conv"$/,
  );
});

async function runScript(source: string, ...args: string[]) {
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  const flags = new URL("../lib/cli/mod.ts", import.meta.url).href;
  await Deno.writeTextFile(file, source.replace("FLAGS", flags));
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return {
      code: out.code,
      stdout: decode(out.stdout),
      stderr: decode(out.stderr),
    };
  } finally {
    await Deno.remove(file);
  }
}

const SCRIPT = `
import { integerFlag, parseFlags, runMain } from "FLAGS";
await runMain("demo", (args) => {
  const { values } = parseFlags(args, { code: { type: "string", default: "0" } });
  if (values.code === "boom") throw new Error("not a usage error");
  console.log("ok");
  return integerFlag("code", values.code, 0);
});
`;

Deno.test("runMain exits with main's code, or 2 and one prefixed line on a UsageError", async () => {
  const ok = await runScript(SCRIPT);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, "ok\n", ""]);
  assert.equal((await runScript(SCRIPT, "--code", "3")).code, 3);
  const bad = await runScript(SCRIPT, "--code", "-3");
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'demo: --code debe ser un entero ≥ 0, se recibió "-3"\n',
  );
  const unknown = await runScript(SCRIPT, "--nope");
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "demo: opción desconocida --nope; opciones válidas: --code\n",
  );
  const crash = await runScript(SCRIPT, "--code", "boom");
  assert.equal(crash.code, 1);
  assert.match(crash.stderr, /not a usage error/);
});

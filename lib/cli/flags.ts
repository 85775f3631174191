/**
 * Command-line flags for the kit's entry points: strict parsing with
 * `node:util` parseArgs, value validators, and one-line Spanish errors that
 * name the flag, the bad value and what would be valid (exit code 2).
 *
 * @example
 * ```ts ignore
 * import { integerFlag, parseFlags, runMain } from "./flags.ts";
 *
 * await runMain("train", (args) => {
 *   const { values } = parseFlags(args, {
 *     epochs: { type: "string", default: "10" },
 *     help: { type: "boolean", short: "h", default: false },
 *   });
 *   const epochs = integerFlag("epochs", values.epochs, 1);
 *   console.log(epochs);
 * }, Deno.args);
 * ```
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** The `options` of a parseArgs configuration. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseFlags} returns: parseArgs' typed `values` and `positionals`. */
export type ParsedFlags<O extends FlagOptions> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: boolean }>
>;

/**
 * A bad command line (unknown flag, bad value, missing argument) or other bad
 * input the user must fix. {@link runMain} prints it as one line and exits
 * with code 2.
 *
 * @example
 * ```ts ignore
 * import { UsageError } from "./flags.ts";
 *
 * throw new UsageError("--loss gaussian necesita --model dense");
 * ```
 */
export class UsageError extends Error {
  /** Builds the error; `message` is one line for the user. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The valid flags of `options` as `--a, --b, --c`. */
export function flagList(options: FlagOptions): string {
  return Object.keys(options).map((f) => `--${f}`).join(", ");
}

const NEGATIVE_NUMBER = /^-\d/;

/**
 * Joins `--flag -3` into `--flag=-3` for flags that take a value, so a
 * negative number reaches the flag's validator instead of parseArgs reading
 * it as an unknown short option.
 */
function bindNegativeNumbers(args: string[], options: FlagOptions): string[] {
  const takesValue = (arg: string | undefined) =>
    arg !== undefined && arg.startsWith("--") && !arg.includes("=") &&
    options[arg.slice(2)]?.type === "string";
  return args.flatMap((arg, i) => {
    if (NEGATIVE_NUMBER.test(arg) && takesValue(args[i - 1])) return [];
    return takesValue(arg) && NEGATIVE_NUMBER.test(args[i + 1] ?? "")
      ? [`${arg}=${args[i + 1]}`]
      : [arg];
  });
}

/**
 * Parses `args` strictly against `options` (parseArgs' option syntax) and
 * turns every parse error into a one-line Spanish {@link UsageError}: an
 * unknown flag lists the valid ones, a missing value names its flag. A
 * negative number after a flag that takes a value is that flag's value
 * (`--epochs -3` reaches the validator).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./flags.ts";
 *
 * const { values } = parseFlags(["--epochs", "-3"], {
 *   epochs: { type: "string", default: "10" },
 * });
 * assert.equal(values.epochs, "-3");
 * assert.throws(
 *   () => parseFlags(["--colour"], { epochs: { type: "string" } }),
 *   /opción desconocida --colour; opciones válidas: --epochs/,
 * );
 * ```
 */
export function parseFlags<const O extends FlagOptions>(
  args: string[],
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
): ParsedFlags<O> {
  try {
    return parseArgs({
      args: bindNegativeNumbers(args, options),
      options,
      strict: true,
      allowPositionals: positionals,
    }) as ParsedFlags<O>;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const quoted = message.match(/'([^' ]+)/)?.[1] ?? "";
    const valid = flagList(options);
    switch (code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        throw new UsageError(
          `opción desconocida ${quoted}; opciones válidas: ${valid}`,
        );
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        throw new UsageError(
          /argument missing/.test(message)
            ? `la opción ${quoted} necesita un valor`
            : `la opción ${quoted} no lleva valor`,
        );
      case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
        throw new UsageError(
          `argumento inesperado «${quoted}»; opciones válidas: ${valid}`,
        );
      default:
        throw new UsageError(
          `${message.split("\n")[0]}; opciones válidas: ${valid}`,
        );
    }
  }
}

/**
 * `text` as an integer ≥ `min` (default 1; `-Infinity` for any integer), or a
 * {@link UsageError} naming `--name` and the bad value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integerFlag } from "./flags.ts";
 *
 * assert.equal(integerFlag("epochs", "10"), 10);
 * assert.throws(
 *   () => integerFlag("epochs", "-3"),
 *   /--epochs debe ser un entero ≥ 1, se recibió "-3"/,
 * );
 * ```
 */
export function integerFlag(name: string, text: string, min = 1): number {
  const value = Number(text);
  if (
    !/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(value) ||
    value < min
  ) {
    const what = min === -Infinity ? "un entero" : `un entero ≥ ${min}`;
    throw new UsageError(`--${name} debe ser ${what}, se recibió "${text}"`);
  }
  return value;
}

/**
 * `text` as a finite number greater than zero, or a {@link UsageError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberFlag } from "./flags.ts";
 *
 * assert.equal(numberFlag("lr", "1e-3"), 0.001);
 * assert.throws(() => numberFlag("lr", "fast"), /--lr debe ser un número positivo/);
 * ```
 */
export function numberFlag(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || !(value > 0)) {
    throw new UsageError(
      `--${name} debe ser un número positivo, se recibió "${text}"`,
    );
  }
  return value;
}

/**
 * `text` if it is one of `valid`, else a {@link UsageError} listing them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { choiceFlag } from "./flags.ts";
 *
 * const model: "dense" | "conv" = choiceFlag("model", "conv", ["dense", "conv"]);
 * assert.equal(model, "conv");
 * assert.throws(
 *   () => choiceFlag("model", "resnet", ["dense", "conv"]),
 *   /--model debe ser uno de dense, conv; se recibió "resnet"/,
 * );
 * ```
 */
export function choiceFlag<const T extends string>(
  name: string,
  text: string,
  valid: readonly T[],
): T {
  if (!(valid as readonly string[]).includes(text)) {
    throw new UsageError(
      `--${name} debe ser uno de ${valid.join(", ")}; se recibió "${text}"`,
    );
  }
  return text as T;
}

/**
 * Runs a command's `main(args)` and exits with the code it returns (0 when
 * it returns nothing). A {@link UsageError} it throws is printed to stderr as
 * ONE line, `<command>: <message>`, and exits with code 2; other errors
 * propagate.
 *
 * @example
 * ```ts
 * import { runMain, UsageError } from "./flags.ts";
 *
 * if (import.meta.main) {
 *   await runMain("release", (args) => {
 *     if (args.length > 0) throw new UsageError("sin argumentos");
 *     return 0;
 *   }, Deno.args);
 * }
 * ```
 */
export async function runMain(
  command: string,
  main: (args: string[]) => number | void | Promise<number | void>,
  args: string[] = Deno.args,
): Promise<never> {
  let code: number;
  try {
    code = (await main(args)) ?? 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${command}: ${error.message.split("\n").join(" ")}`);
    code = 2;
  }
  Deno.exit(code);
}

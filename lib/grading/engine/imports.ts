/**
 * What a name a notebook imports becomes in an exercise module: a real
 * import from the kit's safe lib (tf, data, random, testing…), the
 * reference implementation of a function the exercise declares as a
 * dependency, or a stub that explains why it is not available (another
 * exercise's reference, the `lib/vae` library that holds the references,
 * figures, anything outside the kit). The notebook's `../lib/…` paths mean
 * the kit's lib wherever the submission lives.
 *
 * @module
 */
import config from "../../../deno.json" with { type: "json" };
import { exportMap } from "../parse/exports.ts";
import { REPO_ROOT, SAFE_LIB } from "./run_sandbox.ts";

/** How one imported name is bound. */
export type Binding =
  | { kind: "import"; specifier: string; name: string }
  | { kind: "namespace"; specifier: string }
  | { kind: "reference"; name: string }
  | { kind: "stub"; reason: string }
  | { kind: "libNamespace"; members: Map<string, Binding> };

/** Spanish reasons a stub gives when used. */
export const REASONS = {
  reference:
    "es la implementación de referencia de un ejercicio evaluado; en la evaluación, cada ejercicio se califica con tu propio código",
  vae:
    "viene de lib/vae, la biblioteca del curso que contiene las implementaciones de referencia; no está disponible dentro de un ejercicio evaluado",
  plot: "las figuras no se dibujan durante la evaluación automática",
  missing: "la biblioteca del curso no exporta ese nombre",
  other: "ese módulo no está disponible durante la evaluación automática",
  remote:
    "los imports de la red (jsr:, https:) o de archivos fuera de la biblioteca del curso no están disponibles durante la evaluación",
} as const;

const PACKAGE = (config as { name?: string }).name ?? "@vaelab/vaelab";
const EXPORTS = (config as { exports?: Record<string, string> }).exports ??
  {};

/**
 * The kit's lib file a notebook specifier means, or undefined: `vaelab`,
 * the package's own name and its exports (`@vaelab/vaelab/vae`), or a
 * `lib/…` path. A subpath the exports map does not have means the package's
 * root, whose names are then looked up (and refused) like any other.
 */
export function libFile(specifier: string): string | undefined {
  if (specifier === "vaelab") return `${REPO_ROOT}/lib/mod.ts`;
  if (specifier === PACKAGE || specifier.startsWith(`${PACKAGE}/`)) {
    const target = EXPORTS[`.${specifier.slice(PACKAGE.length)}`] ??
      EXPORTS["."] ?? "./lib/mod.ts";
    return `${REPO_ROOT}/${target.replace(/^\.\//, "")}`;
  }
  const m = specifier.match(/^(?:\.\.?\/)*lib\/([\w./-]+\.ts)$/);
  if (!m || m[1].split("/").includes("..")) return undefined;
  return `${REPO_ROOT}/lib/${m[1]}`;
}

function areaOf(file: string): string {
  return file.slice(`${REPO_ROOT}/lib/`.length).split("/")[0];
}

/** What the grader knows about graded names while binding imports. */
export interface BindingContext {
  /** Every graded function name of every lab. */
  graded: Set<string>;
  /** The graded names this exercise may use (their references). */
  dependencies: Set<string>;
}

function bindLibName(
  name: string,
  file: string,
  ctx: BindingContext,
): Binding | undefined {
  const origin = exportMap(file).get(name);
  if (!origin) return { kind: "stub", reason: REASONS.missing };
  if (origin.typeOnly) return undefined;
  if (ctx.graded.has(origin.name)) {
    return ctx.dependencies.has(origin.name)
      ? { kind: "reference", name: origin.name }
      : { kind: "stub", reason: REASONS.reference };
  }
  const area = areaOf(origin.file);
  if (SAFE_LIB.includes(area)) {
    return {
      kind: "import",
      specifier: new URL(`file://${origin.file}`).href,
      name: origin.name,
    };
  }
  return {
    kind: "stub",
    reason: area === "vae"
      ? REASONS.vae
      : area === "plot"
      ? REASONS.plot
      : REASONS.other,
  };
}

/**
 * Binds one imported name. `imported` is the exported name, `"default"` or
 * `"*"` (namespace); `undefined` means a type-only name (nothing to bind).
 */
export function bindImport(
  specifier: string,
  imported: string,
  ctx: BindingContext,
): Binding | undefined {
  const file = libFile(specifier);
  if (file) {
    if (imported === "*") {
      const members = new Map<string, Binding>();
      for (const name of exportMap(file).keys()) {
        const b = bindLibName(name, file, ctx);
        if (b) members.set(name, b);
      }
      return { kind: "libNamespace", members };
    }
    if (imported === "default") {
      return { kind: "stub", reason: REASONS.missing };
    }
    return bindLibName(imported, file, ctx);
  }
  const bare = !specifier.startsWith(".") && !specifier.startsWith("/") &&
    !/^[a-z]+:/.test(specifier);
  if (specifier.startsWith("npm:") || bare) {
    return imported === "*"
      ? { kind: "namespace", specifier }
      : { kind: "import", specifier, name: imported };
  }
  return { kind: "stub", reason: REASONS.remote };
}

/**
 * Builds the one module that grades one exercise: the imports its cell uses
 * (lib specifiers rewritten to this repository), the reference
 * implementations of the functions it depends on, the cell itself, and an
 * export of the functions under test.
 *
 * @module
 */
import type { GradedCell, ImportStatement } from "./extract.ts";

/** Where a reference implementation lives, relative to the repository root. */
export interface ReferenceFunction {
  name: string;
  /** e.g. "lib/vae/distributions.ts" */
  module: string;
}

/** Inputs of {@link buildExerciseModule}. */
export interface ModuleSpec {
  cell: GradedCell;
  /** Names the module must export (the functions under test). */
  exports: string[];
  /** Reference functions substituted for the exercise's dependencies. */
  dependencies: ReferenceFunction[];
  /** Every graded function name: lib imports of these are replaced by stubs. */
  gradedNames: string[];
  /** All import statements of the notebook. */
  imports: ImportStatement[];
  /** Absolute path of this repository. */
  repoRoot: string;
}

/** The generated module and how many lines precede the cell's first line. */
export interface BuiltModule {
  source: string;
  headerLines: number;
}

/**
 * Where the reference implementation of every graded function lives: a cell
 * that calls another exercise's function gets the reference one.
 */
export const REFERENCE_MODULES: Record<string, string> = {
  klStandardNormal: "lib/vae/distributions.ts",
  gaussianLogLikelihood: "lib/vae/distributions.ts",
  klGaussians: "lib/vae/distributions.ts",
  mseReconstructionLoss: "lib/vae/distributions.ts",
  reparameterize: "lib/vae/reparameterize.ts",
  elboEstimate: "lib/vae/elbo.ts",
  buildDenseEncoder: "lib/vae/dense.ts",
  buildDenseDecoder: "lib/vae/dense.ts",
  buildConvEncoder: "lib/vae/conv.ts",
  buildConvDecoder: "lib/vae/conv.ts",
};

/** Message of the stub that replaces a reference function imported from lib. */
export const REFERENCE_STUB_MESSAGE =
  "usar la implementación de referencia de lib/ no está permitido en un ejercicio evaluado";

function fileUrl(path: string): string {
  return new URL("file://" + path).href;
}

/**
 * Rewrites a specifier to what the sandbox can load: `vaelab` and relative
 * paths into `lib/` become absolute file URLs of this repository's lib.
 * Returns `undefined` for a relative path outside lib (not loadable there).
 */
export function rewriteSpecifier(
  specifier: string,
  repoRoot: string,
): string | undefined {
  if (specifier === "vaelab") return fileUrl(`${repoRoot}/lib/mod.ts`);
  const lib = specifier.match(/^(?:\.\.?\/)+lib\/(.+)$/);
  if (lib) return fileUrl(`${repoRoot}/lib/${lib[1]}`);
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  return specifier;
}

function isLib(url: string, repoRoot: string): boolean {
  return url.startsWith(fileUrl(`${repoRoot}/lib/`));
}

/** Whether `body` mentions the identifier `name` (not as a property). */
export function uses(body: string, name: string): boolean {
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(`(^|[^\\w$.])${escaped}(?![\\w$])`).test(body);
}

/** Whether the cell itself declares `name` (function/const/let/var/class). */
export function declares(body: string, name: string): boolean {
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(
    `(^|\\n)\\s*(export\\s+)?(async\\s+)?(function\\*?|const|let|var|class)\\s+${escaped}(?![\\w$])`,
  ).test(body);
}

/** Generates the module text for one exercise. */
export function buildExerciseModule(spec: ModuleSpec): BuiltModule {
  const { cell, repoRoot } = spec;
  const body = cell.body;
  const header: string[] = [];
  const bound = new Set<string>();
  const stub = (local: string, name: string) =>
    `const ${local} = (..._args: unknown[]): never => { throw new Error(${
      JSON.stringify(`${name}: ${REFERENCE_STUB_MESSAGE}`)
    }); };`;

  // Dependencies first: the cell's own declarations win.
  spec.dependencies.forEach((dep, i) => {
    if (declares(body, dep.name) || bound.has(dep.name)) return;
    const alias = `__vaelab_ref_${i}`;
    header.push(
      `import { ${dep.name} as ${alias} } from ${
        JSON.stringify(fileUrl(`${repoRoot}/${dep.module}`))
      };`,
      `const ${dep.name} = ${alias};`,
    );
    bound.add(dep.name);
  });

  const graded = new Set(spec.gradedNames);
  spec.imports.forEach((statement, i) => {
    if (statement.typeOnly) return;
    const url = rewriteSpecifier(statement.specifier, repoRoot);
    if (url === undefined) return;
    const fromLib = isLib(url, repoRoot);
    const from = JSON.stringify(url);
    const wanted = (local: string) =>
      !bound.has(local) && !declares(body, local) && uses(body, local);
    if (statement.namespaceLocal && wanted(statement.namespaceLocal)) {
      const local = statement.namespaceLocal;
      if (fromLib) {
        const alias = `__vaelab_ns_${i}`;
        header.push(
          `import * as ${alias} from ${from};`,
          `const ${local} = { ...${alias}, ${
            [...graded].map((g) =>
              `${
                JSON.stringify(g)
              }: (..._a: unknown[]): never => { throw new Error(${
                JSON.stringify(`${g}: ${REFERENCE_STUB_MESSAGE}`)
              }); }`
            ).join(", ")
          } } as typeof ${alias};`,
        );
      } else {
        header.push(`import * as ${local} from ${from};`);
      }
      bound.add(local);
    }
    if (statement.defaultLocal && wanted(statement.defaultLocal)) {
      header.push(`import ${statement.defaultLocal} from ${from};`);
      bound.add(statement.defaultLocal);
    }
    for (const { imported, local } of statement.named) {
      if (!wanted(local)) continue;
      if (fromLib && graded.has(imported)) {
        header.push(stub(local, imported));
      } else {
        header.push(
          `import { ${
            /^[\w$]+$/.test(imported) ? imported : JSON.stringify(imported)
          } as ${local} } from ${from};`,
        );
      }
      bound.add(local);
    }
  });

  const exportsLine = `export const __vaelab_fns = { ${
    spec.exports.map((name) =>
      `${
        JSON.stringify(name)
      }: typeof ${name} === "function" ? ${name} : undefined`
    ).join(", ")
  } };`;
  header.push("// ---- cell ----");
  const source = header.join("\n") + "\n" + body + "\n;\n" + exportsLine + "\n";
  return { source, headerLines: header.length };
}

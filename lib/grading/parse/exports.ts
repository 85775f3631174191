/**
 * Where each name a module exports is defined, followed through
 * `export *` and `export { … } from` chains with the TypeScript parser: the
 * grader binds a notebook's `import { imageGrid } from "../lib/mod.ts"` to
 * the one file that defines `imageGrid`, so an exercise module loads only
 * what it uses and never a file it may not read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportMap } from "./exports.ts";
 * const root = new URL("../../../", import.meta.url).pathname;
 * const map = exportMap(`${root}lib/mod.ts`);
 * assert.equal(map.get("assertAllClose")?.file, `${root}lib/testing/allclose.ts`);
 * assert.equal(map.get("klStandardNormal")?.file, `${root}lib/vae/distributions.ts`);
 * ```
 * @module
 */
import ts from "typescript";

/** Where one exported name comes from. */
export interface ExportOrigin {
  /** Absolute path of the defining file. */
  file: string;
  /** The name in the defining file. */
  name: string;
  /** Only a type (erased at run time). */
  typeOnly: boolean;
}

const cache = new Map<string, Map<string, ExportOrigin>>();

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return new URL(specifier, `file://${from}`).pathname;
}

function parse(file: string): ts.SourceFile | undefined {
  try {
    return ts.createSourceFile(
      file,
      Deno.readTextFileSync(file),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
  } catch {
    return undefined;
  }
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) =>
      m.kind === ts.SyntaxKind.ExportKeyword
    );
}

/** Every name `file` exports and where it is defined. */
export function exportMap(file: string): Map<string, ExportOrigin> {
  const cached = cache.get(file);
  if (cached) return cached;
  const map = new Map<string, ExportOrigin>();
  cache.set(file, map);
  const sf = parse(file);
  if (!sf) return map;
  const imported = new Map<string, { from: string; name: string }>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause?.namedBindings) {
      const from = resolve(file, (s.moduleSpecifier as ts.StringLiteral).text);
      const nb = s.importClause.namedBindings;
      if (from && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          imported.set(el.name.text, {
            from,
            name: (el.propertyName ?? el.name).text,
          });
        }
      }
    }
  }
  const local = (name: string, typeOnly: boolean) =>
    map.set(name, { file, name, typeOnly });
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s)) {
      const from = s.moduleSpecifier
        ? resolve(file, (s.moduleSpecifier as ts.StringLiteral).text)
        : undefined;
      if (!s.exportClause) {
        if (from) {
          for (const [name, origin] of exportMap(from)) {
            if (!map.has(name)) map.set(name, origin);
          }
        }
        continue;
      }
      if (!ts.isNamedExports(s.exportClause)) continue;
      for (const el of s.exportClause.elements) {
        const exported = el.name.text;
        const inner = (el.propertyName ?? el.name).text;
        const typeOnly = s.isTypeOnly || el.isTypeOnly;
        if (from) {
          const origin = exportMap(from).get(inner);
          if (origin) {
            map.set(exported, {
              ...origin,
              typeOnly: origin.typeOnly || typeOnly,
            });
          }
        } else if (imported.has(inner)) {
          const i = imported.get(inner)!;
          const origin = exportMap(i.from).get(i.name);
          if (origin) map.set(exported, origin);
        } else {
          map.set(exported, { file, name: inner, typeOnly });
        }
      }
      continue;
    }
    if (!hasExport(s)) continue;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) local(d.name.text, false);
      }
    } else if (
      (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) ||
        ts.isEnumDeclaration(s)) && s.name
    ) {
      local(s.name.text, false);
    } else if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      local(s.name.text, true);
    }
  }
  return map;
}

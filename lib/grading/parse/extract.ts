/**
 * The source text of a reference implementation and of everything it needs
 * from its own file and the files it imports, so that an exercise module
 * can carry exactly the reference functions declared for its exercise and
 * nothing else (the sandbox cannot read `lib/vae/`, where they live).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { referenceSource } from "./extract.ts";
 * const root = new URL("../../../", import.meta.url).pathname;
 * const code = referenceSource([{ file: `${root}lib/vae/distributions.ts`, name: "klStandardNormal" }], "__tf");
 * assert.match(code, /function klStandardNormal\(/);
 * assert.doesNotMatch(code, /function gaussianLogLikelihood\(/);
 * ```
 * @module
 */
import ts from "typescript";
import { usedNames } from "./cells.ts";

/** A function to carry: its file (absolute path) and name. */
export interface ReferenceSpec {
  file: string;
  name: string;
}

interface FileInfo {
  sf: ts.SourceFile;
  /** Top-level declarations by the names they bind. */
  declarations: Map<string, ts.Statement>;
  /** Local name → the file and name it is imported from. */
  imports: Map<string, { from: string; name: string }>;
  /** Local names bound to the `tf` package. */
  tf: Set<string>;
}

const files = new Map<string, FileInfo>();

function info(file: string): FileInfo {
  const cached = files.get(file);
  if (cached) return cached;
  const sf = ts.createSourceFile(
    file,
    Deno.readTextFileSync(file),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const declarations = new Map<string, ts.Statement>();
  const imports = new Map<string, { from: string; name: string }>();
  const tf = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const spec = (s.moduleSpecifier as ts.StringLiteral).text;
      const nb = s.importClause?.namedBindings;
      if (spec === "tf" && nb && ts.isNamespaceImport(nb)) tf.add(nb.name.text);
      if (spec.startsWith(".") && nb && ts.isNamedImports(nb)) {
        const from = new URL(spec, `file://${file}`).pathname;
        for (const el of nb.elements) {
          if (el.isTypeOnly || s.importClause?.isTypeOnly) continue;
          imports.set(el.name.text, {
            from,
            name: (el.propertyName ?? el.name).text,
          });
        }
      }
    } else if (
      (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name &&
      (!ts.isFunctionDeclaration(s) || s.body)
    ) {
      declarations.set(s.name.text, s);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) declarations.set(d.name.text, s);
      }
    }
  }
  const result = { sf, declarations, imports, tf };
  files.set(file, result);
  return result;
}

function withoutExport(text: string): string {
  return text.replace(/^export\s+(default\s+)?/, "");
}

/**
 * Source text declaring every requested function (and what it needs), in
 * dependency order, with `tf` bound to `tfAlias`. Throws (a kit bug, caught
 * by the tests) when a reference needs something other than tf or lib code.
 */
export function referenceSource(
  specs: ReferenceSpec[],
  tfAlias: string,
): string {
  const emitted = new Set<ts.Statement>();
  const out: string[] = [];
  const bound = new Map<string, string>();
  const need = (file: string, name: string, stack: string[]): void => {
    const f = info(file);
    const decl = f.declarations.get(name);
    if (!decl) {
      const imported = f.imports.get(name);
      if (!imported) {
        throw new Error(`${file}: no top-level declaration of ${name}`);
      }
      need(imported.from, imported.name, [...stack, name]);
      if (imported.name !== name) {
        out.push(`const ${name} = ${imported.name};`);
      }
      return;
    }
    if (emitted.has(decl) || stack.includes(`${file}#${name}`)) return;
    const previous = bound.get(name);
    if (previous && previous !== file) {
      throw new Error(
        `two references declare ${name}: ${previous} and ${file}`,
      );
    }
    bound.set(name, file);
    emitted.add(decl);
    for (const used of usedNames(decl)) {
      if (f.tf.has(used)) continue;
      if (f.declarations.has(used) || f.imports.has(used)) {
        need(file, used, [...stack, `${file}#${name}`]);
      }
    }
    out.push(withoutExport(decl.getText(f.sf)));
  };
  for (const spec of specs) need(spec.file, spec.name, []);
  return [`const tf = ${tfAlias};`, ...out].join("\n");
}

/**
 * Builds the one module that grades one exercise, from the student's own
 * notebook: the exercise cell (its top-level statements kept, each guarded
 * so that a failing self-test is reported without costing the functions),
 * the declarations of earlier cells it uses, found transitively (helpers,
 * constants, classes, types — never their cells' other statements: no
 * training, no plots), the imports they use bound by {@link bindImport},
 * and the reference implementations of exactly the exercise's declared
 * dependencies. Another exercise's graded function is the reference when
 * the exercise declares it as a dependency (its building blocks: a mistake
 * there costs only its own exercise), and otherwise the student's own
 * version from an earlier cell, as the notebook runs it (a decoder written
 * by calling the student's encoder builder is graded with that builder);
 * never another exercise's reference.
 *
 * A second variant leaves out the cell's top-level statements and running
 * initializers, for when they take too long.
 *
 * @module
 */
import {
  type CellAnalysis,
  type Declaration,
  isDeclaration,
  type Statement,
} from "../parse/cells.ts";
import { referenceSource, type ReferenceSpec } from "../parse/extract.ts";
import { bindImport, type Binding, type BindingContext } from "./imports.ts";

/** One code cell of the notebook, parsed. */
export interface CodeCell {
  /** 0-based index among all the notebook's cells. */
  index: number;
  analysis: CellAnalysis;
}

/** What the builder needs to know about the exercise. */
export interface ModuleSpec {
  /** The notebook's code cells, in order. */
  cells: CodeCell[];
  /** Index (into all cells) of the exercise cell. */
  exerciseCell: number;
  /** The functions under test (exported by the module). */
  functions: string[];
  /** Graded names of every lab. */
  graded: Set<string>;
  /** The references this exercise may use, by graded name. */
  references: Map<string, ReferenceSpec>;
}

/** Where a module line came from: a cell (0-based index) and its 0-based line. */
export type LineOrigin = { cell: number; line: number } | null;

/** The generated modules and how to map their lines back to cells. */
export interface BuiltModule {
  source: string;
  /** The same, without the exercise cell's statements. */
  plain: string;
  /** For each line of `source` (0-based), where it came from. */
  lines: LineOrigin[];
  /** Names the exercise uses that earlier cells declare but could not be parsed. */
  unparsed: { name: string; cell: number }[];
}

const PRELUDE = [
  'import * as __vaelab_tf from "tf";',
  "export const __vaelab_statementErrors: unknown[] = [];",
  "const __vaelab_statement = (line: number, error: unknown) => { __vaelab_statementErrors.push([line, error]); };",
  'const __vaelab_unavailable = (name: string, reason: string) => { const fail = (): never => { const e = new Error(`\\`${name}\\`: ${reason}`); e.name = "Unavailable"; throw e; }; return new Proxy(function () {}, { apply: fail, construct: fail, get: (_t, key) => key === Symbol.toPrimitive || key === "then" ? undefined : fail() }); };',
];

class Lines {
  readonly text: string[] = [];
  readonly origin: LineOrigin[] = [];
  add(code: string, origin: LineOrigin = null): void {
    code.split("\n").forEach((line, i) => {
      this.text.push(line);
      this.origin.push(
        origin ? { cell: origin.cell, line: origin.line + i } : null,
      );
    });
  }
}

/** `const {a, b} = f()` → `let a, b; try { ({a, b} = f()); } catch …`. */
/**
 * `const {a, b} = f()` → `let a, b; try { ({a, b} = f()); } catch …`; the
 * guard reports the module line it starts on, which maps back to the cell.
 */
function guardedVariable(d: Declaration, keep: boolean, at: number): string {
  const names = d.names.join(", ");
  if (!keep) return `let ${names};`;
  const assignments = d.initializers!.map(({ pattern, init }) =>
    pattern.startsWith("{")
      ? `(${pattern} = ${init});`
      : `${pattern} = ${init};`
  ).join(" ");
  return `let ${names}; try { ${assignments} } catch (__vaelab_e) { __vaelab_statement(${at}, __vaelab_e); }`;
}

function guardedStatement(s: Statement, at: number): string {
  return `try { ${s.text}\n} catch (__vaelab_e) { __vaelab_statement(${at}, __vaelab_e); }`;
}

function emitBinding(
  out: Lines,
  local: string,
  b: Binding,
  refs: Set<string>,
  seq: { n: number },
): void {
  const stub = (reason: string) =>
    `const ${local} = __vaelab_unavailable(${JSON.stringify(local)}, ${
      JSON.stringify(reason)
    });`;
  switch (b.kind) {
    case "import":
      out.add(
        `import { ${JSON.stringify(b.name)} as ${local} } from ${
          JSON.stringify(b.specifier)
        };`,
      );
      return;
    case "namespace":
      out.add(`import * as ${local} from ${JSON.stringify(b.specifier)};`);
      return;
    case "reference":
      refs.add(b.name);
      out.add(`const ${local} = __vaelab_ref.${b.name};`);
      return;
    case "stub":
      out.add(stub(b.reason));
      return;
    case "libNamespace": {
      const members: string[] = [];
      for (const [name, member] of b.members) {
        const alias = `__vaelab_m${seq.n++}`;
        emitBinding(out, alias, member, refs, seq);
        members.push(`${JSON.stringify(name)}: ${alias}`);
      }
      out.add(`const ${local} = Object.freeze({ ${members.join(", ")} });`);
    }
  }
}

/** Generates the exercise module (both variants). */
export function buildModule(spec: ModuleSpec): BuiltModule {
  const exercise = spec.cells.find((c) => c.index === spec.exerciseCell)!;
  const earlier = spec.cells.filter((c) => c.index < spec.exerciseCell);
  const own = new Set(exercise.analysis.declarations.flatMap((d) => d.names));
  const ctx: BindingContext = {
    graded: spec.graded,
    dependencies: new Set(spec.references.keys()),
  };

  // The latest earlier declaration and import of each name.
  const declaredIn = new Map<string, { cell: CodeCell; decl: Declaration }>();
  const unparsedNames = new Map<string, number>();
  const importedIn = new Map<string, { specifier: string; imported: string }>();
  for (const cell of [...earlier, exercise]) {
    for (const i of cell.analysis.imports) {
      if (i.typeOnly) continue;
      for (const b of i.bindings) {
        importedIn.set(b.local, {
          specifier: i.specifier,
          imported: b.imported,
        });
      }
    }
    if (cell === exercise) continue;
    const broken = cell.analysis.syntaxErrors.length > 0;
    for (const decl of cell.analysis.declarations) {
      for (const name of decl.names) {
        if (broken) unparsedNames.set(name, cell.index);
        else declaredIn.set(name, { cell, decl });
      }
    }
  }

  const included = new Set<Declaration>();
  const bindings = new Map<string, Binding>();
  const unparsed: { name: string; cell: number }[] = [];
  const queue = [
    ...spec.functions,
    ...exercise.analysis.items.flatMap((item) => [...item.uses]),
  ];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (own.has(name) || spec.functions.includes(name)) continue;
    if (spec.graded.has(name) && spec.references.has(name)) {
      // A declared dependency: the reference, so that a mistake in the
      // other exercise costs only that exercise.
      bindings.set(name, { kind: "reference", name });
      continue;
    }
    const found = declaredIn.get(name);
    if (spec.graded.has(name) && !found) {
      bindings.set(name, {
        kind: "stub",
        reason:
          "es la función de otro ejercicio y ninguna celda anterior la declara",
      });
      continue;
    }
    if (found) {
      if (!included.has(found.decl)) {
        included.add(found.decl);
        queue.push(...found.decl.uses);
      }
      continue;
    }
    const imp = importedIn.get(name);
    if (imp) {
      const b = bindImport(imp.specifier, imp.imported, ctx);
      if (b) bindings.set(name, b);
      continue;
    }
    if (unparsedNames.has(name)) {
      unparsed.push({ name, cell: unparsedNames.get(name)! });
    }
  }
  // A name declared by an included declaration is not also imported.
  for (const decl of included) for (const n of decl.names) bindings.delete(n);

  const build = (withStatements: boolean) => {
    const out = new Lines();
    for (const line of PRELUDE) out.add(line);
    const refs = new Set<string>();
    const seq = { n: 0 };
    const bindingLines = new Lines();
    for (const [local, b] of bindings) {
      emitBinding(bindingLines, local, b, refs, seq);
    }
    const references = [...refs].map((name) => spec.references.get(name)!);
    if (references.length > 0) {
      out.add(
        `const __vaelab_ref = (() => {\n${
          referenceSource(references, "__vaelab_tf")
        }\nreturn { ${[...refs].join(", ")} };\n})();`,
      );
    }
    out.text.push(...bindingLines.text);
    out.origin.push(...bindingLines.origin);
    for (const cell of earlier) {
      for (const decl of cell.analysis.declarations) {
        if (!included.has(decl)) continue;
        const origin = { cell: cell.index, line: decl.startLine };
        const at = out.text.length + 1;
        out.add(
          decl.initializers ? guardedVariable(decl, true, at) : decl.text,
          origin,
        );
      }
    }
    out.add("// ---- exercise cell ----");
    for (const item of exercise.analysis.items) {
      const origin = { cell: exercise.index, line: item.startLine };
      const at = out.text.length + 1;
      const full = isDeclaration(item)
        ? item.initializers ? guardedVariable(item, true, at) : item.text
        : guardedStatement(item, at);
      const kept = withStatements
        ? full
        : isDeclaration(item)
        ? item.initializers ? guardedVariable(item, false, at) : item.text
        : "";
      // Both variants keep the same lines, so one line map serves both.
      const padding = full.split("\n").length - kept.split("\n").length;
      out.add(kept + "\n".repeat(Math.max(0, padding)), origin);
    }
    out.add(
      `export const __vaelab_fns = { ${
        spec.functions.map((f) =>
          `${JSON.stringify(f)}: typeof ${f} === "function" ? ${f} : undefined`
        ).join(", ")
      } };`,
    );
    return out;
  };
  const full = build(true);
  return {
    source: full.text.join("\n") + "\n",
    plain: build(false).text.join("\n") + "\n",
    lines: full.origin,
    unparsed,
  };
}

/**
 * What a notebook code cell holds, read with the TypeScript compiler's own
 * parser (never regular expressions): its syntax errors, its import
 * statements, its top-level declarations (functions, classes, variables,
 * types) with the names each one uses, and its other top-level statements.
 * Nothing here runs code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeCell } from "./cells.ts";
 * const cell = analyzeCell('import * as tf from "tf";\nconst K = 2;\nfunction f(x) { return tf.mul(x, K); }\nconsole.log(f(1));');
 * assert.deepEqual(cell.declarations.map((d) => d.names), [["K"], ["f"]]);
 * assert.deepEqual([...cell.declarations[1].uses].sort(), ["K", "tf"]);
 * assert.equal(cell.statements.length, 1);
 * ```
 * @module
 */
import ts from "typescript";

/** One binding of an import statement. */
export interface ImportBinding {
  /** The exported name ("default" for a default import, "*" for a namespace). */
  imported: string;
  local: string;
}

/** One `import` statement. */
export interface ImportInfo {
  specifier: string;
  bindings: ImportBinding[];
  /** `import type …` (erased at run time). */
  typeOnly: boolean;
  /** 0-based first and last line in the cell. */
  startLine: number;
  endLine: number;
}

/** One top-level declaration. */
export interface Declaration {
  kind: "function" | "class" | "variable" | "type" | "enum" | "other";
  /** The names it declares at top level. */
  names: string[];
  /** Identifiers it refers to that it does not itself declare. */
  uses: Set<string>;
  /** Its text, exactly as written. */
  text: string;
  /** 0-based first line in the cell. */
  startLine: number;
  endLine: number;
  /**
   * For variables: the declared patterns and initializers, to rewrite a
   * failing initializer as an assignment. Undefined when every initializer
   * is inert (a literal, a function, a class: nothing runs).
   */
  initializers?: { pattern: string; init: string }[];
  /** `const`, `let` or `var` (variables only). */
  keyword?: string;
}

/** One top-level statement that is not a declaration (it runs). */
export interface Statement {
  text: string;
  uses: Set<string>;
  startLine: number;
  endLine: number;
}

/** A syntax error, 0-based line and column in the cell. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** Everything grading reads from one code cell. */
export interface CellAnalysis {
  syntaxErrors: SyntaxProblem[];
  imports: ImportInfo[];
  declarations: Declaration[];
  statements: Statement[];
  /** Declarations and statements in source order. */
  items: (Declaration | Statement)[];
  /** The cell's line count. */
  lines: number;
}

function isTypeNode(node: ts.Node): boolean {
  return ts.isTypeNode(node) || ts.isTypeAliasDeclaration(node) ||
    ts.isInterfaceDeclaration(node) || ts.isTypeParameterDeclaration(node) ||
    ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword;
}

/** Names bound by a binding pattern or identifier. */
function boundNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else {
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) boundNames(element.name, out);
    }
  }
  return out;
}

/**
 * Identifiers a node refers to at run time, minus those it declares
 * itself (a close, conservative approximation of its free variables:
 * property names, object keys, labels and type positions are not uses).
 */
export function usedNames(node: ts.Node): Set<string> {
  const used = new Set<string>();
  const declared = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (isTypeNode(n)) return;
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isProperty = p &&
        ((ts.isPropertyAccessExpression(p) && p.name === n) ||
          (ts.isPropertyAssignment(p) && p.name === n) ||
          (ts.isPropertyDeclaration(p) && p.name === n) ||
          (ts.isMethodDeclaration(p) && p.name === n) ||
          (ts.isGetAccessorDeclaration(p) && p.name === n) ||
          (ts.isSetAccessorDeclaration(p) && p.name === n) ||
          (ts.isPropertySignature(p) && p.name === n) ||
          (ts.isBindingElement(p) && p.propertyName === n) ||
          (ts.isLabeledStatement(p) && p.label === n) ||
          ((ts.isBreakStatement(p) || ts.isContinueStatement(p)) &&
            p.label === n) ||
          (ts.isEnumMember(p) && p.name === n));
      if (!isProperty) used.add(n.text);
      return;
    }
    if (ts.isShorthandPropertyAssignment(n)) used.add(n.name.text);
    if (
      (ts.isVariableDeclaration(n) || ts.isParameter(n) ||
        ts.isBindingElement(n)) && n.name
    ) {
      for (const name of boundNames(n.name)) declared.add(name);
    }
    if (
      (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) ||
        ts.isClassDeclaration(n) || ts.isClassExpression(n)) && n.name
    ) declared.add(n.name.text);
    if (ts.isCatchClause(n) && n.variableDeclaration) {
      for (const name of boundNames(n.variableDeclaration.name)) {
        declared.add(name);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  for (const name of declared) used.delete(name);
  return used;
}

/** Whether evaluating an initializer runs nothing (so it cannot fail or take time). */
function inert(e: ts.Expression): boolean {
  if (
    ts.isArrowFunction(e) || ts.isFunctionExpression(e) ||
    ts.isClassExpression(e) || ts.isLiteralExpression(e) ||
    ts.isNoSubstitutionTemplateLiteral(e) || ts.isIdentifier(e) ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    e.kind === ts.SyntaxKind.NullKeyword
  ) return true;
  if (ts.isPrefixUnaryExpression(e)) return inert(e.operand);
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) {
    return inert(e.expression);
  }
  if (ts.isArrayLiteralExpression(e)) {
    return e.elements.every((x) => !ts.isSpreadElement(x) && inert(x));
  }
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.every((p) =>
      (ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) &&
        inert(p.initializer)) ||
      ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)
    );
  }
  return false;
}

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line;
}

function importInfo(sf: ts.SourceFile, s: ts.ImportDeclaration): ImportInfo {
  const bindings: ImportBinding[] = [];
  const clause = s.importClause;
  const typeOnly = clause?.isTypeOnly ?? false;
  if (clause?.name) {
    bindings.push({ imported: "default", local: clause.name.text });
  }
  const named = clause?.namedBindings;
  if (named && ts.isNamespaceImport(named)) {
    bindings.push({ imported: "*", local: named.name.text });
  } else if (named) {
    for (const el of named.elements) {
      if (el.isTypeOnly) continue;
      bindings.push({
        imported: (el.propertyName ?? el.name).text,
        local: el.name.text,
      });
    }
  }
  return {
    specifier: (s.moduleSpecifier as ts.StringLiteral).text,
    bindings,
    typeOnly,
    startLine: lineOf(sf, s.getStart(sf)),
    endLine: lineOf(sf, s.end),
  };
}

function declarationOf(
  sf: ts.SourceFile,
  s: ts.Statement,
): Declaration | undefined {
  const base = {
    uses: usedNames(s),
    text: s.getText(sf),
    startLine: lineOf(sf, s.getStart(sf)),
    endLine: lineOf(sf, s.end),
  };
  if (ts.isFunctionDeclaration(s) && s.name) {
    // Overload signatures without a body declare nothing at run time.
    if (!s.body) return { ...base, kind: "type", names: [] };
    return { ...base, kind: "function", names: [s.name.text] };
  }
  if (ts.isClassDeclaration(s) && s.name) {
    return { ...base, kind: "class", names: [s.name.text] };
  }
  if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
    return { ...base, uses: new Set(), kind: "type", names: [s.name.text] };
  }
  if (ts.isEnumDeclaration(s)) {
    return { ...base, kind: "enum", names: [s.name.text] };
  }
  if (ts.isVariableStatement(s)) {
    const list = s.declarationList;
    const declare = s.modifiers?.some((m) =>
      m.kind === ts.SyntaxKind.DeclareKeyword
    );
    if (declare) return { ...base, kind: "type", names: [] };
    const names = list.declarations.flatMap((d) => boundNames(d.name));
    const live = list.declarations.some((d) =>
      d.initializer && !inert(d.initializer)
    );
    const keyword = list.flags & ts.NodeFlags.Const
      ? "const"
      : list.flags & ts.NodeFlags.Let
      ? "let"
      : "var";
    return {
      ...base,
      kind: "variable",
      names,
      keyword,
      initializers: live
        ? list.declarations.filter((d) => d.initializer).map((d) => ({
          pattern: d.name.getText(sf),
          init: d.initializer!.getText(sf),
        }))
        : undefined,
    };
  }
  return undefined;
}

/** Parses one code cell (TypeScript, as Deno's kernel runs it). */
export function analyzeCell(source: string): CellAnalysis {
  const sf = ts.createSourceFile(
    "cell.ts",
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const diagnostics =
    (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] })
      .parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    return {
      line,
      column: character,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    };
  });
  const imports: ImportInfo[] = [];
  const declarations: Declaration[] = [];
  const statements: Statement[] = [];
  const items: (Declaration | Statement)[] = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      if (s.importClause) imports.push(importInfo(sf, s));
      continue;
    }
    if (ts.isExportDeclaration(s) || ts.isExportAssignment(s)) continue;
    if (ts.isEmptyStatement(s)) continue;
    const declaration = declarationOf(sf, s);
    if (declaration) {
      declarations.push(declaration);
      items.push(declaration);
    } else {
      const statement: Statement = {
        text: s.getText(sf),
        uses: usedNames(s),
        startLine: lineOf(sf, s.getStart(sf)),
        endLine: lineOf(sf, s.end),
      };
      statements.push(statement);
      items.push(statement);
    }
  }
  return {
    syntaxErrors,
    imports,
    declarations,
    statements,
    items,
    lines: source.split("\n").length,
  };
}

/** Whether an analyzed item is a declaration. */
export function isDeclaration(
  item: Declaration | Statement,
): item is Declaration {
  return "kind" in item;
}

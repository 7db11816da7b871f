import ts from 'typescript';

/**
 * The module specifiers a source file imports (import and export declarations, `import x = require()`,
 * `import()`, `require()`, `require.resolve()` and `import.meta.resolve()` with a string) and every string literal
 * in it, parsed with the TypeScript compiler (no type check).
 */
export function readImports(fileName: string, text: string): { imports: string[]; strings: string[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const imports: string[] = [];
  const strings: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) strings.push(node.text);
    const specifier = moduleSpecifierOf(node);
    if (specifier !== undefined) imports.push(specifier);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, strings };
}

function moduleSpecifierOf(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
    return ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
  if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) return node.expression.text;
  if (
    ts.isImportTypeNode(node) &&
    ts.isLiteralTypeNode(node.argument) &&
    ts.isStringLiteral(node.argument.literal)
  )
    return node.argument.literal.text;
  if (!ts.isCallExpression(node) || !node.arguments[0] || !ts.isStringLiteralLike(node.arguments[0]))
    return undefined;
  const callee = node.expression;
  const loads =
    callee.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(callee) && callee.text === 'require') ||
    (ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'resolve' &&
      (ts.isMetaProperty(callee.expression) ||
        (ts.isIdentifier(callee.expression) && callee.expression.text === 'require')));
  return loads ? node.arguments[0].text : undefined;
}

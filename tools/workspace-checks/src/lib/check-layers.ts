import path from 'node:path';
import type { SourceFile, WorkspacePackage } from '../types/workspace.js';
import { packageNameOf } from './package-name-of.js';

export interface LayerRules {
  /** Products from the bottom layer up; a product imports only products of lower layers. */
  layers: readonly (readonly string[])[];
  /** Tools that must depend on no workspace package, so that every package can use them. */
  foundationTools: readonly string[];
}

/**
 * Imports against the layers: a product imports only products of lower layers (none above, none beside it), in
 * any of its files, tests included (a test's import is a devDependency, which turbo's graph would turn into a
 * cycle); production code of a product imports no tool and no file outside its package; the foundation tools
 * import no workspace package; every product has a layer.
 */
export function checkLayers(
  packages: readonly WorkspacePackage[],
  filesOf: (pkg: WorkspacePackage) => readonly SourceFile[],
  rules: LayerRules,
): string[] {
  const layerOf = new Map(
    rules.layers.flatMap((names, index) => names.map((name) => [name, index] as const)),
  );
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const order = rules.layers
    .map((names) => names.map((name) => name.replace('@pixel/', '')).join(', '))
    .join(' < ');
  const problems: string[] = [];
  for (const pkg of packages) {
    if (pkg.kind === 'product' && !layerOf.has(pkg.name))
      problems.push(
        `${pkg.name} (${pkg.dir}) is in no layer: add it to LAYERS in tools/workspace-checks/src/rules.ts.`,
      );
    for (const file of filesOf(pkg)) {
      for (const specifier of file.imports) {
        const target = byName.get(packageNameOf(specifier) ?? '');
        const problem =
          target === undefined
            ? fileOutsidePackage(pkg, file, specifier)
            : importAgainstLayers(pkg, file, target, { layerOf, order, rules });
        if (problem) problems.push(problem);
      }
    }
  }
  return problems;
}

/** A relative import in production code that leaves the package's folder. */
function fileOutsidePackage(pkg: WorkspacePackage, file: SourceFile, specifier: string): string | undefined {
  if (!file.production || !specifier.startsWith('.')) return undefined;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
  if (resolved.startsWith(`${pkg.dir}/`)) return undefined;
  return `${file.path} imports ${specifier}, a file outside ${pkg.dir}: production code imports other packages by name.`;
}

function importAgainstLayers(
  pkg: WorkspacePackage,
  file: SourceFile,
  target: WorkspacePackage,
  context: { layerOf: ReadonlyMap<string, number>; order: string; rules: LayerRules },
): string | undefined {
  if (target === pkg) return undefined;
  if (context.rules.foundationTools.includes(pkg.name))
    return `${file.path} imports ${target.name}: ${pkg.name} depends on no workspace package, so that every package (tools too) can use it without a cycle.`;
  if (pkg.kind === 'tool') return undefined;
  if (target.kind === 'tool')
    return file.production
      ? `${file.path} imports ${target.name} in production code: products never import tools/ (only their tests and benches do, as a devDependency).`
      : undefined;
  const own = context.layerOf.get(pkg.name);
  const theirs = context.layerOf.get(target.name);
  if (own === undefined || theirs === undefined || theirs < own) return undefined;
  return (
    `${file.path} imports ${target.name}, ${theirs === own ? 'beside' : 'above'} ${pkg.name} in the layers ` +
    `(${context.order}): layers are one-way, so move what both need down to a layer both can import.`
  );
}

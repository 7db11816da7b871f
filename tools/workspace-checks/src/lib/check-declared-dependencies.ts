import type { SourceFile, WorkspacePackage } from '../types/workspace.js';
import { packageNameOf } from './package-name-of.js';

const EXCUSES = 'DECLARED_BEFORE_USE in tools/workspace-checks/src/rules.ts';

/**
 * Declared workspace dependencies against imports: production code imports only workspace packages its
 * package.json lists in dependencies (or optional/peer dependencies); every one listed there is imported (or
 * named, e.g. a bin looked up by package name) by production code; tests, test-support and benches import only
 * workspace packages listed somewhere; every workspace devDependency is used in `src/` or by a script.
 * `declaredBeforeUse` excuses dependencies not imported yet; an excuse no longer needed is itself reported, so
 * the list only shrinks.
 */
export function checkDeclaredDependencies(
  packages: readonly WorkspacePackage[],
  filesOf: (pkg: WorkspacePackage) => readonly SourceFile[],
  declaredBeforeUse: Readonly<Record<string, readonly string[]>> = {},
): string[] {
  const workspaceNames = new Set(packages.map((pkg) => pkg.name));
  return packages.flatMap((pkg) => {
    const { dependencies, optionalDependencies, peerDependencies, devDependencies } = pkg.manifest;
    const inWorkspace = (...fields: (Record<string, string> | undefined)[]) =>
      new Set(fields.flatMap((field) => Object.keys(field ?? {})).filter((name) => workspaceNames.has(name)));
    const declared = {
      runtime: inWorkspace(dependencies, optionalDependencies, peerDependencies),
      dev: inWorkspace(devDependencies),
      excused: new Set(declaredBeforeUse[pkg.name] ?? []),
    };
    const files = filesOf(pkg);
    return [
      ...undeclaredImports(pkg, files, workspaceNames, declared),
      ...unusedDependencies(pkg, files, declared),
    ];
  });
}

interface Declared {
  runtime: ReadonlySet<string>;
  dev: ReadonlySet<string>;
  excused: ReadonlySet<string>;
}

function undeclaredImports(
  pkg: WorkspacePackage,
  files: readonly SourceFile[],
  workspaceNames: ReadonlySet<string>,
  declared: Declared,
): string[] {
  const problems = new Map<string, string>();
  for (const file of files) {
    for (const name of file.imports.map(packageNameOf)) {
      if (!name || name === pkg.name || !workspaceNames.has(name) || declared.runtime.has(name)) continue;
      const key = `${file.production}:${name}`;
      if (problems.has(key) || (!file.production && declared.dev.has(name))) continue;
      const devOnly = declared.dev.has(name)
        ? ' (only in "devDependencies", which users of the package do not get)'
        : '';
      problems.set(
        key,
        file.production
          ? `${pkg.name}: ${file.path} imports ${name}, which ${pkg.dir}/package.json does not list in "dependencies"${devOnly}: add it there.`
          : `${pkg.name}: ${file.path} imports ${name}, which ${pkg.dir}/package.json does not list: add it to "devDependencies".`,
      );
    }
  }
  return [...problems.values()];
}

function unusedDependencies(
  pkg: WorkspacePackage,
  files: readonly SourceFile[],
  declared: Declared,
): string[] {
  const named = (name: string, inProduction: boolean) =>
    files.some(
      (file) =>
        (file.production || !inProduction) &&
        file.strings.some((text) => text === name || text.startsWith(`${name}/`)),
    );
  const manifest = `${pkg.dir}/package.json`;
  const problems: string[] = [];
  for (const name of declared.runtime) {
    const used = named(name, true);
    if (!used && !declared.excused.has(name))
      problems.push(
        `${pkg.name}: ${manifest} lists ${name} in "dependencies", but its production code never imports it: remove it, or use it.`,
      );
    if (used && declared.excused.has(name))
      problems.push(`${pkg.name} now imports ${name}: remove it from ${EXCUSES}.`);
  }
  for (const name of declared.excused) {
    if (!declared.runtime.has(name))
      problems.push(`${pkg.name} no longer lists ${name} in "dependencies": remove it from ${EXCUSES}.`);
  }
  const scripts = Object.values(pkg.manifest.scripts ?? {}).join('\n');
  for (const name of declared.dev) {
    if (!named(name, false) && !scripts.includes(name))
      problems.push(
        `${pkg.name}: ${manifest} lists ${name} in "devDependencies", but nothing in src/ nor any script uses it: remove it.`,
      );
  }
  return problems;
}

import type { PackageManifest, SourceFile, WorkspacePackage } from '../types/workspace.js';
import { checkDeclaredDependencies } from './check-declared-dependencies.js';

const pkg = (dir: string, manifest: PackageManifest): WorkspacePackage => ({
  name: manifest.name,
  dir,
  kind: dir.startsWith('tools/') ? 'tool' : 'product',
  manifest,
});
const file = (path: string, imports: string[], strings: string[] = imports): SourceFile => ({
  path,
  production: !path.endsWith('.test.ts'),
  imports,
  strings,
  text: '',
});
const CONSTRAINTS = pkg('packages/constraints', { name: '@pixel/constraints' });
const FILES = pkg('packages/files', { name: '@pixel/files' });
const DEVNET = pkg('tools/devnet', { name: '@pixel-tools/devnet' });

/** The problems of `subject` with `files`, in a workspace that also holds constraints, files and devnet. */
function problemsOf(subject: WorkspacePackage, files: SourceFile[], excused = {}): string[] {
  return checkDeclaredDependencies(
    [CONSTRAINTS, FILES, DEVNET, subject],
    (p) => (p === subject ? files : []),
    excused,
  );
}

describe('checkDeclaredDependencies', () => {
  it('accepts imports that are declared, npm packages, and a bin named by its package', () => {
    const chain = pkg('packages/chain', {
      name: '@pixel/chain',
      dependencies: {
        '@pixel/constraints': 'workspace:^',
        '@pixel/files': 'workspace:^',
        '@polkadot/api': '^16',
      },
      devDependencies: { '@pixel-tools/devnet': 'workspace:*' },
    });
    expect(
      problemsOf(chain, [
        file('packages/chain/src/lib/a.ts', ['@pixel/constraints', '@polkadot/api', './b.js']),
        file('packages/chain/src/lib/run.ts', [], ['@pixel/files']),
        file('packages/chain/src/lib/a.test.ts', ['@pixel-tools/devnet', '@pixel/chain']),
      ]),
    ).toEqual([]);
  });

  it('fails a production import the package does not declare, or declares only for development', () => {
    const hub = pkg('packages/hub', {
      name: '@pixel/hub',
      devDependencies: { '@pixel/files': 'workspace:*' },
    });
    expect(
      problemsOf(hub, [
        file('packages/hub/src/lib/a.ts', ['@pixel/constraints', '@pixel/files']),
        file('packages/hub/src/lib/b.ts', ['@pixel/constraints']),
      ]),
    ).toEqual([
      '@pixel/hub: packages/hub/src/lib/a.ts imports @pixel/constraints, which packages/hub/package.json does not ' +
        'list in "dependencies": add it there.',
      '@pixel/hub: packages/hub/src/lib/a.ts imports @pixel/files, which packages/hub/package.json does not list ' +
        'in "dependencies" (only in "devDependencies", which users of the package do not get): add it there.',
    ]);
  });

  it('fails a test import of an undeclared workspace package', () => {
    const hub = pkg('packages/hub', { name: '@pixel/hub' });
    expect(problemsOf(hub, [file('packages/hub/src/lib/a.test.ts', ['@pixel-tools/devnet'])])).toEqual([
      '@pixel/hub: packages/hub/src/lib/a.test.ts imports @pixel-tools/devnet, which packages/hub/package.json ' +
        'does not list: add it to "devDependencies".',
    ]);
  });

  it('fails a dependency only tests use, and a devDependency nothing uses', () => {
    const miner = pkg('packages/miner', {
      name: '@pixel/miner',
      dependencies: { '@pixel/constraints': 'workspace:^' },
      devDependencies: { '@pixel-tools/devnet': 'workspace:*' },
    });
    expect(problemsOf(miner, [file('packages/miner/src/lib/a.test.ts', ['@pixel/constraints'])])).toEqual([
      '@pixel/miner: packages/miner/package.json lists @pixel/constraints in "dependencies", but its production ' +
        'code never imports it: remove it, or use it.',
      '@pixel/miner: packages/miner/package.json lists @pixel-tools/devnet in "devDependencies", but nothing in ' +
        'src/ nor any script uses it: remove it.',
    ]);
  });

  it('counts a devDependency a script runs as used', () => {
    const hub = pkg('packages/hub', {
      name: '@pixel/hub',
      devDependencies: { '@pixel-tools/devnet': 'workspace:*' },
      scripts: { bench: 'node --import @pixel-tools/devnet/register src/bench/x.ts' },
    });
    expect(problemsOf(hub, [])).toEqual([]);
  });

  it('excuses a dependency declared before use until it is used or dropped, then asks to drop the excuse', () => {
    const cli = (dependencies: Record<string, string>) =>
      pkg('apps/pixel', { name: '@pixel/cli', dependencies });
    const excused = { '@pixel/cli': ['@pixel/files'] };
    expect(problemsOf(cli({ '@pixel/files': 'workspace:^' }), [], excused)).toEqual([]);
    expect(
      problemsOf(
        cli({ '@pixel/files': 'workspace:^' }),
        [file('apps/pixel/src/a.ts', ['@pixel/files'])],
        excused,
      ),
    ).toEqual([
      '@pixel/cli now imports @pixel/files: remove it from DECLARED_BEFORE_USE in tools/workspace-checks/src/rules.ts.',
    ]);
    expect(problemsOf(cli({}), [], excused)).toEqual([
      '@pixel/cli no longer lists @pixel/files in "dependencies": remove it from DECLARED_BEFORE_USE in ' +
        'tools/workspace-checks/src/rules.ts.',
    ]);
  });
});

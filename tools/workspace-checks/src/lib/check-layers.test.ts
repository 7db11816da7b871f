import type { SourceFile, WorkspacePackage } from '../types/workspace.js';
import { checkLayers } from './check-layers.js';

const LAYERS = [['@pixel/constraints'], ['@pixel/hub', '@pixel/chain'], ['@pixel/miner']];
const RULES = { layers: LAYERS, foundationTools: ['@pixel-tools/test-support'] };
const ORDER = 'constraints < hub, chain < miner';

const product = (name: string, dir: string): WorkspacePackage => ({
  name,
  dir,
  kind: 'product',
  manifest: { name },
});
const tool = (name: string, dir: string): WorkspacePackage => ({
  name,
  dir,
  kind: 'tool',
  manifest: { name },
});
const file = (path: string, imports: string[]): SourceFile => ({
  path,
  production: !path.endsWith('.test.ts') && !path.includes('/test-support/') && !path.includes('/bench/'),
  imports,
  strings: imports,
  text: '',
});

const PACKAGES = [
  product('@pixel/constraints', 'packages/constraints'),
  product('@pixel/hub', 'packages/hub'),
  product('@pixel/chain', 'packages/chain'),
  product('@pixel/miner', 'packages/miner'),
  tool('@pixel-tools/local-hub', 'tools/local-hub'),
  tool('@pixel-tools/test-support', 'tools/test-support'),
];

/** The problems of a workspace where `files` are the only source files. */
function problemsOf(files: Record<string, SourceFile[]>, packages = PACKAGES): string[] {
  return checkLayers(packages, (pkg) => files[pkg.name] ?? [], RULES);
}

describe('checkLayers', () => {
  it('accepts imports of lower layers, tools in tests and benches, and a tool importing anything', () => {
    expect(
      problemsOf({
        '@pixel/miner': [
          file('packages/miner/src/lib/a.ts', ['@pixel/hub', '@pixel/constraints', './b.js', 'node:fs']),
        ],
        '@pixel/hub': [
          file('packages/hub/src/lib/a.test.ts', ['@pixel-tools/local-hub', '@pixel-tools/test-support']),
          file('packages/hub/src/bench/transfer.ts', ['@pixel-tools/local-hub', '../lib/a.js']),
          file('packages/hub/src/test-support/fixture.ts', ['../../../../tools/local-hub/src/index.js']),
        ],
        '@pixel-tools/local-hub': [
          file('tools/local-hub/src/index.ts', ['@pixel/miner', '@pixel-tools/test-support']),
        ],
      }),
    ).toEqual([]);
  });

  it('fails an upward import, naming the file, both packages, the layers and the fix', () => {
    expect(
      problemsOf({ '@pixel/constraints': [file('packages/constraints/src/lib/x.ts', ['@pixel/miner'])] }),
    ).toEqual([
      `packages/constraints/src/lib/x.ts imports @pixel/miner, above @pixel/constraints in the layers (${ORDER}): ` +
        'layers are one-way, so move what both need down to a layer both can import.',
    ]);
  });

  it('fails a sideways import, also from a test (its devDependency would make a cycle)', () => {
    expect(
      problemsOf({ '@pixel/chain': [file('packages/chain/src/lib/x.test.ts', ['@pixel/hub/package.json'])] }),
    ).toEqual([
      `packages/chain/src/lib/x.test.ts imports @pixel/hub, beside @pixel/chain in the layers (${ORDER}): ` +
        'layers are one-way, so move what both need down to a layer both can import.',
    ]);
  });

  it('fails a tool, or a file outside the package, imported by production code', () => {
    expect(
      problemsOf({
        '@pixel/hub': [
          file('packages/hub/src/lib/x.ts', [
            '@pixel-tools/local-hub',
            '../../../../tools/local-hub/src/index.js',
          ]),
        ],
      }),
    ).toEqual([
      'packages/hub/src/lib/x.ts imports @pixel-tools/local-hub in production code: products never import tools/ ' +
        '(only their tests and benches do, as a devDependency).',
      'packages/hub/src/lib/x.ts imports ../../../../tools/local-hub/src/index.js, a file outside packages/hub: ' +
        'production code imports other packages by name.',
    ]);
  });

  it('fails a foundation tool importing a workspace package, and a product in no layer', () => {
    expect(
      problemsOf(
        { '@pixel-tools/test-support': [file('tools/test-support/src/x.ts', ['@pixel/constraints'])] },
        [...PACKAGES, product('@pixel/new', 'packages/new')],
      ),
    ).toEqual([
      'tools/test-support/src/x.ts imports @pixel/constraints: @pixel-tools/test-support depends on no workspace ' +
        'package, so that every package (tools too) can use it without a cycle.',
      '@pixel/new (packages/new) is in no layer: add it to LAYERS in tools/workspace-checks/src/rules.ts.',
    ]);
  });
});

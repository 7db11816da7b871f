import { readImports } from './read-imports.js';

describe('readImports', () => {
  it('finds every way a file loads a module, and its string literals', () => {
    const text = [
      "import a from 'a';",
      "import type { B } from '@scope/b';",
      "export { c } from './c.js';",
      "export * from 'd/sub';",
      "import e = require('e');",
      "const f = await import('f');",
      "const g = require('g');",
      "const h = import.meta.resolve('h');",
      "const i = require.resolve('i/package.json');",
      "type J = typeof import('j');",
      "const names = { pixel: '@pixel/cli' };",
      'const dynamic = await import(names.pixel);',
    ].join('\n');
    const { imports, strings } = readImports('x.ts', text);
    expect(imports).toEqual(['a', '@scope/b', './c.js', 'd/sub', 'e', 'f', 'g', 'h', 'i/package.json', 'j']);
    expect(strings).toContain('@pixel/cli');
  });
});

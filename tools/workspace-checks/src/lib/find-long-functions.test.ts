import { findLongFunctions } from './find-long-functions.js';

/** A function of `statements` counted lines (plus its own two), with blank lines and comments between them. */
const functionOf = (name: string, statements: number) =>
  [
    `function ${name}(): number {`,
    ...Array.from({ length: statements }, (_, i) => `  const v${i} = ${i};\n\n  // why\n  /* and how */`),
    '  return 0;',
    '}',
  ].join('\n');

describe('findLongFunctions', () => {
  it('counts lines as eslint does, blank lines and comments skipped, and names each function', () => {
    const text = [
      functionOf('fits', 97),
      functionOf('tooLong', 98),
      'class C { method() {',
      functionOf('inner', 98),
      '} }',
    ].join('\n');
    expect(findLongFunctions('/repo', [{ path: 'packages/x/src/lib/x.ts', text }], 100)).toEqual(
      new Map([
        ["packages/x/src/lib/x.ts: Function 'tooLong'", 101],
        ["packages/x/src/lib/x.ts: Method 'method'", 103],
        ["packages/x/src/lib/x.ts: Function 'inner'", 101],
      ]),
    );
  });

  it('numbers functions of the same name in a file, and reads JavaScript too', () => {
    const inBlock = (statements: number) =>
      `{\n${functionOf('twice', statements).replace(/\): number/, ')')}\n}`;
    const text = [inBlock(99), inBlock(99)].join('\n');
    expect([...findLongFunctions('/repo', [{ path: 'tools/x/src/x.mjs', text }], 100).keys()]).toEqual([
      "tools/x/src/x.mjs: Function 'twice'",
      "tools/x/src/x.mjs: Function 'twice' #2",
    ]);
  });

  it('is not switched off by an eslint-disable comment', () => {
    const text = `/* eslint-disable max-lines-per-function */\n${functionOf('hidden', 99)}`;
    expect(findLongFunctions('/repo', [{ path: 'a.ts', text }], 100).size).toBe(1);
  });

  it('refuses a file it cannot parse, naming it', () => {
    expect(() => findLongFunctions('/repo', [{ path: 'a.ts', text: 'export function (' }], 100)).toThrow(
      /^a\.ts:1: eslint cannot parse it: /,
    );
  });
});

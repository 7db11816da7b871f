import { isProductionPath } from './is-production-path.js';

describe('isProductionPath', () => {
  it.each([
    ['index.ts', true],
    ['lib/train/train.ts', true],
    ['bin/pixel.ts', true],
    ['lib/test-support-like.ts', true],
    ['lib/train/train.test.ts', false],
    ['lib/x.fuzz.test.ts', false],
    ['test-support/index.ts', false],
    ['bench/run-all.ts', false],
    ['bench/support/print-table.ts', false],
  ])('%s: %s', (pathInSrc, production) => {
    expect(isProductionPath(pathInSrc)).toBe(production);
  });
});

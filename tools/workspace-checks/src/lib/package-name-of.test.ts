import { packageNameOf } from './package-name-of.js';

describe('packageNameOf', () => {
  it.each([
    ['@pixel/miner', '@pixel/miner'],
    ['@pixel/miner/test-support', '@pixel/miner'],
    ['sharp', 'sharp'],
    ['@tensorflow/tfjs-core/dist/x.js', '@tensorflow/tfjs-core'],
    ['yargs/helpers', 'yargs'],
    ['./x.js', undefined],
    ['../x.js', undefined],
    ['/abs/x.js', undefined],
    ['node:fs', undefined],
  ])('%s -> %s', (specifier, name) => {
    expect(packageNameOf(specifier)).toBe(name);
  });
});

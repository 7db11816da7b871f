import preset from '../../jest.preset.js';

// Tests encode and split real 2048x2048 PNGs on a shared 2-core machine: a generous per-test limit
// (a hang still fails; nothing here asserts on time).
export default { ...preset, testTimeout: 60_000 };

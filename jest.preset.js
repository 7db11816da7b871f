// Shared jest settings: TypeScript through SWC, native ESM, and workspace packages resolved to
// their sources (the "@pixel/source" export condition) so tests never run against a stale dist/.
// Ground truth (fixtures, vectors, chain spec) lives in ../shared beside the repo, read-only. The module that
// knows where (tests reach it through @pixel-tools/test-support) fails here, once, naming the fix, when it is
// missing.
import './tools/test-support/src/shared.mjs';

// The webgpu backend's software adapter (Dawn's OpenGL ES on Mesa) needs EGL's headless platform. pixel sets
// it in its own process before Dawn starts, but jest gives each test file a copy of process.env that native
// code never sees, so the real environment of the test processes gets it here.
process.env.EGL_PLATFORM ??= 'surfaceless';

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@pixel/source', 'node', 'node-addons'],
  },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  maxWorkers: 1,
  // jest's default of 5 s fails set-ups that load models when the machine's two cores are shared with other
  // work (seen in CI-like runs); a test that hangs still fails, a minute later.
  testTimeout: 60_000,
};

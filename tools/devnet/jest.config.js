import preset from '../../jest.preset.js';

// Each test file starts a real chain: seconds of runtime wasm per block, minutes when the shared machine is loaded.
export default { ...preset, testTimeout: 180_000 };

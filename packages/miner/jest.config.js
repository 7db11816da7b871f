import preset from '../../jest.preset.js';

// One local chain per test file: its start-up and each block cost seconds.
export default { ...preset, testTimeout: 180_000 };

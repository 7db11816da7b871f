import preset from '../../jest.preset.js';

// The checks parse and lint every source file of the workspace: seconds alone, more on 2 shared cores.
export default { ...preset, testTimeout: 300_000 };

import { describeBackendConformance } from '../../../test-support/describe-backend-conformance.js';

// On a machine without a GPU this runs on Mesa's llvmpipe through Dawn's OpenGL ES backend: CI installs
// libegl1, libegl-mesa0 and libgl1-mesa-dri (.ci/run), and a missing adapter fails the suite.
describeBackendConformance('webgpu');

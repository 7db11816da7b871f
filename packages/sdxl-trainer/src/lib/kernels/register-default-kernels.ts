// Imported for its effects by every op and module of pixel, so they hold before the first kernel runs:
// - tfjs-core ships its gradient functions only as extension-less ESM files that Node cannot load; the
//   @tensorflow/tfjs package's Node bundle registers all of them (and the cpu backend) when imported;
// - the cpu backend, tfjs's default, gets pixel's kernels (tfjs's own ResizeNearestNeighborGrad there
//   gives wrong gradients at batch >= 2).
import '@tensorflow/tfjs';
import { registerBackendKernels } from './register-backend-kernels.js';

registerBackendKernels('cpu');

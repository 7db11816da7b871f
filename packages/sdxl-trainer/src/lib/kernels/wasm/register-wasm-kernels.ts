import * as tf from '@tensorflow/tfjs-core';
import { installKernel } from '../install-kernel.js';
import { portableConv2DBackpropFilter } from '../portable/conv2d-backprop-filter.js';
import { portableConv2DBackpropInput } from '../portable/conv2d-backprop-input.js';
import { registerPortableKernels } from '../portable/register-portable-kernels.js';
import { createWasmBatchMatMul } from './batch-mat-mul.js';
import { createWasmFusedMatMul } from './fused-mat-mul.js';

/**
 * Makes the wasm backend (@tensorflow/tfjs-backend-wasm, loaded first) able to train the UNet, and fast at
 * it: adds the Conv2DBackpropFilter kernel it lacks, replaces its Conv2DBackpropInput and BatchMatMul
 * with versions that run on its XNNPACK paths, works around its _FusedMatMul bug (see each kernel), and adds
 * pixel's custom kernels in their portable form. Calling again is harmless.
 */
export function registerWasmKernels(): void {
  const backend = 'wasm';
  if (!tf.getKernel(tf.BatchMatMul, backend)) {
    throw new Error('The wasm backend is not loaded: import @tensorflow/tfjs-backend-wasm first.');
  }
  registerPortableKernels(backend);
  installKernel(tf.BatchMatMul, backend, { wrapStock: createWasmBatchMatMul });
  installKernel(tf._FusedMatMul, backend, { wrapStock: createWasmFusedMatMul });
  installKernel(tf.Conv2DBackpropInput, backend, portableConv2DBackpropInput);
  installKernel(tf.Conv2DBackpropFilter, backend, portableConv2DBackpropFilter);
}

import * as tf from '@tensorflow/tfjs-core';
import { createWasmBatchMatMul } from './wasm-batch-mat-mul.js';
import { wasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter.js';
import { wasmConv2DBackpropInput } from './wasm-conv2d-backprop-input.js';

const ourBatchMatMuls = new WeakSet<tf.KernelFunc>();

/**
 * Makes the wasm backend (@tensorflow/tfjs-backend-wasm) able to train the UNet, and fast at it: adds the
 * Conv2DBackpropFilter kernel it lacks and replaces its Conv2DBackpropInput and BatchMatMul with versions
 * that run on its XNNPACK paths (see each kernel). Call after importing the wasm backend; calling again is
 * harmless.
 */
export function registerWasmTrainingKernels(): void {
  const batchMatMul = tf.getKernel(tf.BatchMatMul, 'wasm');
  if (!batchMatMul) {
    throw new Error('The wasm backend is not loaded: import @tensorflow/tfjs-backend-wasm first.');
  }
  if (ourBatchMatMuls.has(batchMatMul.kernelFunc)) return;
  const fastBatchMatMul = createWasmBatchMatMul(batchMatMul.kernelFunc);
  ourBatchMatMuls.add(fastBatchMatMul);
  // Keeps the stock kernel's setupFunc, which binds the wasm function the stock kernelFunc calls.
  replaceKernel({ ...batchMatMul, kernelFunc: fastBatchMatMul });
  replaceKernel({
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: wasmConv2DBackpropInput,
  });
  replaceKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: wasmConv2DBackpropFilter,
  });
}

function replaceKernel(kernel: tf.KernelConfig): void {
  if (tf.getKernel(kernel.kernelName, kernel.backendName)) {
    tf.unregisterKernel(kernel.kernelName, kernel.backendName);
  }
  tf.registerKernel(kernel);
}

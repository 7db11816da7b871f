import * as tf from '@tensorflow/tfjs-core';
import { replacedKernel } from '../lib/kernels/install-kernel.js';

/**
 * Runs `compute` with other kernels registered for `backendName`: a kernel function, or `'stock'` for the
 * tfjs kernel pixel replaced. Restores pixel's kernels afterwards, also when `compute` throws.
 */
export async function withKernels<T>(
  backendName: string,
  kernels: Record<string, tf.KernelFunc | 'stock'>,
  compute: () => T | Promise<T>,
): Promise<T> {
  const saved = Object.keys(kernels).map((name) => tf.getKernel(name, backendName));
  for (const [kernelName, kernel] of Object.entries(kernels)) {
    const config =
      kernel === 'stock'
        ? replacedKernel(kernelName, backendName)
        : { kernelName, backendName, kernelFunc: kernel };
    if (!config) throw new Error(`pixel replaced no ${kernelName} kernel on ${backendName}`);
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel(config);
  }
  try {
    return await compute();
  } finally {
    Object.keys(kernels).forEach((kernelName, index) => {
      tf.unregisterKernel(kernelName, backendName);
      if (saved[index]) tf.registerKernel(saved[index]);
    });
  }
}

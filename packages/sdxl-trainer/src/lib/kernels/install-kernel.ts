import * as tf from '@tensorflow/tfjs-core';

/** Every kernel function pixel installed. */
const ours = new WeakSet<tf.KernelFunc>();
/** The tfjs kernels pixel replaced, by `${backendName}/${kernelName}`, for tests against tfjs's own. */
const replaced = new Map<string, tf.KernelConfig>();

/**
 * Registers `kernelName` for `backendName`, replacing what is registered. `kernel` is a kernel function, or
 * `{ wrapStock }`, a factory given tfjs's kernel to fall back to for the cases ours does not handle.
 * Installing again is harmless: the same kernel, or a wrapper of ours, already in place is kept. The
 * replaced kernel's setup and dispose functions (which bind its WebAssembly functions, say) are kept.
 */
export function installKernel(
  kernelName: string,
  backendName: string,
  kernel: tf.KernelFunc | { wrapStock: (stock: tf.KernelFunc) => tf.KernelFunc },
): void {
  const current = tf.getKernel(kernelName, backendName);
  if (
    current &&
    (current.kernelFunc === kernel || (typeof kernel !== 'function' && ours.has(current.kernelFunc)))
  ) {
    return;
  }
  if (typeof kernel !== 'function' && !current) {
    throw new Error(`No ${kernelName} kernel of tfjs's for the ${backendName} backend to wrap.`);
  }
  const kernelFunc = typeof kernel === 'function' ? kernel : kernel.wrapStock(current!.kernelFunc);
  ours.add(kernelFunc);
  if (current) {
    if (!ours.has(current.kernelFunc)) replaced.set(`${backendName}/${kernelName}`, current);
    tf.unregisterKernel(kernelName, backendName);
  }
  tf.registerKernel({ ...current, kernelName, backendName, kernelFunc });
}

/** The tfjs kernel that `installKernel` replaced for this backend, if it replaced one. */
export function replacedKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return replaced.get(`${backendName}/${kernelName}`);
}

import * as tf from '@tensorflow/tfjs-core';

/** Wall and process CPU milliseconds (all threads) spent in one kernel, and its calls. */
export interface KernelTime {
  wallMs: number;
  cpuMs: number;
  calls: number;
}

/**
 * Wraps every kernel registered for `backendName` so each call's wall and process CPU time is added to its
 * kernel's counter (nested kernels, such as a fused op falling back to the stock one, count in both).
 * `reset()` empties the counters; `read()` returns them, most CPU time first.
 */
export function countKernelTimes(backendName: string): {
  reset: () => void;
  read: () => [string, KernelTime][];
} {
  const counters = new Map<string, KernelTime>();
  for (const config of tf.getKernelsForBackend(backendName)) {
    const kernelFunc = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        const result = kernelFunc(args);
        const cpu = process.cpuUsage(cpuStart);
        const counter = counters.get(config.kernelName) ?? { wallMs: 0, cpuMs: 0, calls: 0 };
        counter.wallMs += performance.now() - start;
        counter.cpuMs += (cpu.user + cpu.system) / 1000;
        counter.calls += 1;
        counters.set(config.kernelName, counter);
        return result;
      },
    });
  }
  return {
    reset: () => counters.clear(),
    read: () => [...counters].sort((a, b) => b[1].cpuMs - a[1].cpuMs),
  };
}

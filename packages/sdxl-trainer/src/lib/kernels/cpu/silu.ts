import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';

/** SiLU forward, x / (1 + exp(-x)), in one pass (tfjs would run sigmoid and a multiply). */
export function cpuSilu(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const values = float32Values(args.backend, x);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / (1 + Math.exp(-values[i]!));
  return (args.backend as MathBackendCPU).makeTensorInfo(x.shape, 'float32', out);
}

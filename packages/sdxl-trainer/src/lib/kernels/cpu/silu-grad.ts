import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';

/** SiLU backward, dy * s * (1 + x * (1 - s)) with s = sigmoid(x), in one pass. */
export function cpuSiluGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const source = float32Values(args.backend, x);
  const gradient = float32Values(args.backend, dy);
  const dx = new Float32Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const sigmoid = 1 / (1 + Math.exp(-source[i]!));
    dx[i] = gradient[i]! * sigmoid * (1 + source[i]! * (1 - sigmoid));
  }
  return (args.backend as MathBackendCPU).makeTensorInfo(x.shape, 'float32', dx);
}

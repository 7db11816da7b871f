import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { float32Values } from './float32-values.js';

/**
 * One variable's AdamW update in one pass over its values (some ten tfjs element-wise ops per variable
 * were most of a training step's time on this backend). Each value is rounded to float32 where PyTorch's
 * float32 tensors would round it, so the result is torch's to the bit in the usual case.
 */
export function cpuAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  >;
  const { beta1, beta2, epsilon, stepSize, decay, biasCorrection2Sqrt } =
    args.attrs as unknown as AdamWUpdateAttrs;
  const [p, g, m, v] = [inputs.parameter, inputs.gradient, inputs.firstMoment, inputs.secondMoment].map((t) =>
    float32Values(args.backend, t),
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const nextP = new Float32Array(p.length);
  const nextM = new Float32Array(p.length);
  const nextV = new Float32Array(p.length);
  const fround = Math.fround;
  for (let i = 0; i < p.length; i++) {
    const gradient = g[i]!;
    nextM[i] = fround(fround(m[i]! * beta1) + fround(gradient * (1 - beta1)));
    nextV[i] = fround(fround(v[i]! * beta2) + fround(fround(gradient * gradient) * (1 - beta2)));
    const denominator = fround(fround(Math.sqrt(nextV[i]!) / biasCorrection2Sqrt) + epsilon);
    nextP[i] = fround(fround(p[i]! * decay) - fround(nextM[i]! / denominator) * stepSize);
  }
  const backend = args.backend as MathBackendCPU;
  const shape = inputs.parameter.shape;
  return [nextP, nextM, nextV].map((values) => backend.makeTensorInfo(shape, 'float32', values));
}
